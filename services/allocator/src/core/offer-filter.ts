/**
 * Refuse filters, Mesos's rule (`RefusedOfferFilter`): when a framework gives
 * resources back with `refuse_seconds`, the allocator remembers *what* it
 * refused on that agent, and until the filter expires an allocation to the
 * framework on that agent is withheld only while everything it would be
 * offered is contained in what it refused. Once more is free there (a task
 * ended, another framework gave something back), the framework is offered
 * again at once, the refused part included.
 *
 * A framework may hold several filters on one agent (one per recovery with a
 * filter); each expires on its own, and any one of them that contains the
 * offer withholds it. A revive drops them all.
 */
import type { Resource, Resources } from '@tessera/domain';
import { containsSorted } from './sorted-resources.js';
import type { OfferFilter } from './state.js';

/**
 * The live filter (`untilMs > nowMs`) that withholds `offered` (normalized)
 * from the framework, or undefined when none does. With several, the one that
 * holds longest.
 */
export function refusingFilter(
  filters: readonly OfferFilter[] | undefined,
  offered: Resources,
  nowMs: number,
): OfferFilter | undefined {
  if (filters === undefined) return undefined;
  let refusing: OfferFilter | undefined;
  for (const filter of filters) {
    if (filter.untilMs <= nowMs || (refusing !== undefined && filter.untilMs <= refusing.untilMs)) continue;
    if (containsSorted(filter.refused, offered)) refusing = filter;
  }
  return refusing;
}

/**
 * `filters` with `added` in it (a new array; inputs are not mutated). A filter
 * that another one dominates (refuses no more, and expires no later) is left
 * out: it could never withhold an offer the other does not, so keeping only
 * undominated filters changes no decision and bounds the list.
 */
export function withFilter(filters: readonly OfferFilter[] | undefined, added: OfferFilter): OfferFilter[] {
  const kept: OfferFilter[] = [];
  for (const filter of filters ?? []) {
    if (filter.untilMs >= added.untilMs && containsSorted(filter.refused, added.refused)) return [...(filters ?? [])];
    if (filter.untilMs > added.untilMs || !containsSorted(added.refused, filter.refused)) kept.push(filter);
  }
  kept.push(added);
  return kept;
}

/** The filters still live after `nowMs` (the same array when none expired). */
export function liveFilters(filters: readonly OfferFilter[], nowMs: number): readonly OfferFilter[] {
  return filters.every((filter) => filter.untilMs > nowMs) ? filters : filters.filter((f) => f.untilMs > nowMs);
}

/** A new filter refusing `refused` (normalized, non-empty) for `refuseSeconds` from `nowMs`. */
export function offerFilter(refused: Resource[], refuseSeconds: number, nowMs: number): OfferFilter {
  return { refused, untilMs: nowMs + refuseSeconds * 1000 };
}
