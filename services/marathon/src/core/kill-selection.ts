/**
 * Which of an app's instances go when it has too many (a scale down, the
 * surplus of a restart), in Marathon's order:
 * 1. the instances sentenced by name (`sentencedToKill`, e.g. `DELETE
 *    /v2/apps/{id}/tasks?scale=true`), in the order given;
 * 2. instances that are not running: unreachable first, then those that hold
 *    nothing yet (Scheduled, or between tasks: Killing or ended while wanted
 *    running), then Provisioned, Staging, Starting — the least far along first;
 * 3. among running ones, unhealthy (`healthy === false`) before those without
 *    a result yet, before healthy ones;
 * 4. by launch time (`stagedAtMs`; undefined counts as the youngest):
 *    YOUNGEST_FIRST kills the latest launched, OLDEST_FIRST the earliest;
 * 5. by instance ID, so that the choice is deterministic.
 */
import type { Instance, InstanceCondition, KillSelection } from './model.js';

/**
 * The first `count` instances in kill order (all of them when there are no
 * more; none when `count ≤ 0`). Sentenced ids that name none of `instances`
 * are ignored. Pure; `instances` is not changed.
 */
export function selectInstancesToKill(
  instances: readonly Instance[],
  count: number,
  killSelection: KillSelection,
  sentenced: readonly string[],
): Instance[] {
  if (count <= 0) return [];
  const byId = new Map(instances.map((instance) => [instance.instanceId, instance]));
  const first = [...new Set(sentenced)].flatMap((id) => {
    const instance = byId.get(id);
    return instance === undefined ? [] : [instance];
  });
  const firstIds = new Set(first.map((instance) => instance.instanceId));
  const rest = instances
    .filter((instance) => !firstIds.has(instance.instanceId))
    .sort((a, b) => compareForKill(a, b, killSelection));
  return [...first, ...rest].slice(0, count);
}

/** Negative when `a` is killed before `b`. */
function compareForKill(a: Instance, b: Instance, killSelection: KillSelection): number {
  return (
    conditionRank(a.condition) - conditionRank(b.condition) ||
    healthRank(a.healthy) - healthRank(b.healthy) ||
    compareLaunchTimes(a.stagedAtMs, b.stagedAtMs, killSelection) ||
    (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0)
  );
}

/** How far along an instance is: the lower, the sooner it is killed. */
function conditionRank(condition: InstanceCondition): number {
  switch (condition) {
    case 'Unreachable':
    case 'UnreachableInactive':
      return 0;
    case 'Provisioned':
      return 2;
    case 'Staging':
      return 3;
    case 'Starting':
      return 4;
    case 'Running':
      return 5;
    default:
      // Scheduled, Killing and the terminal conditions: no task that serves.
      return 1;
  }
}

function healthRank(healthy: boolean | undefined): number {
  return healthy === false ? 0 : healthy === undefined ? 1 : 2;
}

/** Negative when the launch at `a` is killed first; undefined is the youngest launch. */
function compareLaunchTimes(a: number | undefined, b: number | undefined, killSelection: KillSelection): number {
  const aMs = a ?? Number.POSITIVE_INFINITY;
  const bMs = b ?? Number.POSITIVE_INFINITY;
  if (aMs === bMs) return 0;
  const youngerFirst = aMs > bMs ? -1 : 1;
  return killSelection === 'YOUNGEST_FIRST' ? youngerFirst : -youngerFirst;
}
