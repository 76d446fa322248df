/**
 * Resource arithmetic the allocator needs beyond `@tessera/domain`: clamped
 * subtraction (for recovering more than is allocated, or an agent whose total
 * shrank below what is allocated on it), intersection, and scalar quantities for
 * the sorters.
 */
import {
  normalizeResources,
  roundScalar,
  subtractRanges,
  subtractResources,
  type Resource,
  type Resources,
} from '@tessera/domain';

/** Scalar amounts by resource name across reservations, e.g. { cpus: 4, mem: 1024 }. */
export type ScalarQuantities = ReadonlyMap<string, number>;

// NOTE: the same key as @tessera/domain's (unexported) resourceKey: entries with
// equal keys are the same kind of resource and merge when added.
function resourceKey(resource: Resource): string {
  const reservation = resource.reservation;
  const reservationKey =
    reservation === undefined ? '*' : `${reservation.type}:${reservation.role}:${reservation.principal ?? ''}`;
  return `${resource.name}|${resource.type}|${reservationKey}|${resource.revocable === true ? 'r' : ''}`;
}

/** What `a` and `b` have in common, key by key: the smaller scalar, common ranges, common set items. */
export function intersectResources(a: Resources, b: Resources): Resource[] {
  const other = new Map(normalizeResources(b).map((r) => [resourceKey(r), r]));
  const out: Resource[] = [];
  for (const mine of normalizeResources(a)) {
    const theirs = other.get(resourceKey(mine));
    if (theirs === undefined) continue;
    if (mine.type === 'scalar' && theirs.type === 'scalar') {
      out.push({ ...mine, scalar: roundScalar(Math.min(mine.scalar, theirs.scalar)) });
    } else if (mine.type === 'ranges' && theirs.type === 'ranges') {
      out.push({ ...mine, ranges: subtractRanges(mine.ranges, subtractRanges(mine.ranges, theirs.ranges)) });
    } else if (mine.type === 'set' && theirs.type === 'set') {
      out.push({ ...mine, set: mine.set.filter((item) => theirs.set.includes(item)) });
    }
  }
  return normalizeResources(out);
}

/** `a` minus `b`, never below zero: what `b` has beyond `a` is ignored. */
export function subtractClamped(a: Resources, b: Resources): Resource[] {
  return subtractResources(a, intersectResources(a, b));
}

/** Scalar quantities by name; ranges and sets are not quantities and are left out. */
export { scalarQuantities } from '@tessera/domain';

/** Adds `delta` (times `sign`) into `into`, rounding to the domain's three decimals and never below zero. */
export function addQuantitiesInto(into: Map<string, number>, delta: ScalarQuantities, sign: 1 | -1): void {
  for (const [name, amount] of delta) {
    const next = roundScalar((into.get(name) ?? 0) + sign * amount);
    if (next > 0) into.set(name, next);
    else into.delete(name);
  }
}

/** Whether `resources` has any positive scalar named `name` (in any reservation). */
export function hasScalar(resources: Resources, name: string): boolean {
  return resources.some((r) => r.name === name && r.type === 'scalar' && r.scalar > 0);
}
