import { roundScalar, type Resources } from './resources.js';

/** Resource kinds left out of dominant shares unless configured otherwise (Mesos's `--fair_sharing_excluded_resource_names`). */
export const DEFAULT_FAIRNESS_EXCLUDED_RESOURCES: readonly string[] = ['gpus'];

/** Scalar quantities by name; ranges and sets are not quantities and are left out. */
export function scalarQuantities(resources: Resources): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of resources) {
    if (r.type === 'scalar') out.set(r.name, roundScalar((out.get(r.name) ?? 0) + r.scalar));
  }
  return out;
}

/**
 * Dominant share of `allocation` in `pool` (DRF): the largest allocated / total
 * over the kinds the pool holds, leaving out `excluded` kinds. The one rule the
 * allocator sorts by and the master's role views show.
 */
export function dominantShare(
  allocation: ReadonlyMap<string, number>,
  pool: ReadonlyMap<string, number>,
  excluded: ReadonlySet<string>,
): number {
  let share = 0;
  for (const [name, amount] of allocation) {
    if (excluded.has(name)) continue;
    const total = pool.get(name);
    if (total === undefined || total <= 0) continue;
    const ratio = amount / total;
    if (ratio > share) share = ratio;
  }
  return share;
}
