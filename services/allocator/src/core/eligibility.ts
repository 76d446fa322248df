/**
 * Whether a framework may be allocated an agent's resources in a role: a chain
 * of small named checks (Nomad's feasibility checkers, in spirit). The
 * allocation cycle and `explain` both decide through these functions and
 * nothing else, so that what explain says is what the cycle does.
 *
 * The chain, first failing check wins:
 * 1. `frameworkBlock`: the framework is active, subscribed to the role and has
 *    not suppressed it (whatever the agent);
 * 2. `roleAtLimit`: the role (or an ancestor) has room under its quota limit
 *    for at least the minimum fragment (whatever the agent and framework);
 * 3. `agentVerdict`, for one agent and what the role may take of it:
 *    `lacksGpuCapability`, then `withinCapabilities` (revocable resources only
 *    for REVOCABLE_RESOURCES frameworks), then the minimum fragment, then the
 *    refuse filters on what would be offered (`refusingFilter`).
 */
import { scalarOf, type Resource, type Resources } from '@tessera/domain';
import { refusingFilter } from './offer-filter.js';
import type { RoleTree } from './role-tree.js';
import type { AgentState, FrameworkState } from './state.js';

/** The smallest allocation worth offering: at least `cpus` cpus or `memMb` MB of mem. */
export interface MinFragment {
  readonly cpus: number;
  readonly memMb: number;
}

/** Why a framework gets nothing in a role, whatever the agent. */
export type FrameworkBlock = 'inactive' | 'not-subscribed' | 'suppressed';

/** Check 1. Undefined when the framework may be offered resources in `role`. */
export function frameworkBlock(framework: FrameworkState, role: string): FrameworkBlock | undefined {
  if (!framework.active) return 'inactive';
  if (!framework.roles.includes(role)) return 'not-subscribed';
  if (framework.suppressedRoles.has(role)) return 'suppressed';
  return undefined;
}

/**
 * Check 2. Whether the role's limits (its own and its ancestors') leave less
 * than the minimum fragment of both cpus and mem: then nothing is offered in it.
 */
export function roleAtLimit(roleTree: RoleTree, role: string, min: MinFragment): boolean {
  const room = roleTree.limitRoom(role);
  return room !== undefined && (room.get('cpus') ?? Infinity) < min.cpus && (room.get('mem') ?? Infinity) < min.memMb;
}

/** An agent with GPUs is offered only to frameworks with GPU_RESOURCES. */
export function lacksGpuCapability(framework: FrameworkState, agent: AgentState): boolean {
  return agent.hasGpus && !framework.capabilities.has('GPU_RESOURCES');
}

/** What of `resources` the framework may hold: revocable resources only with REVOCABLE_RESOURCES. */
export function withinCapabilities(framework: FrameworkState, resources: Resource[]): Resource[] {
  if (framework.capabilities.has('REVOCABLE_RESOURCES') || !resources.some((r) => r.revocable === true)) {
    return resources;
  }
  return resources.filter((r) => r.revocable !== true);
}

export function meetsMinFragment(resources: Resources, min: MinFragment): boolean {
  return scalarOf(resources, 'cpus') >= min.cpus || scalarOf(resources, 'mem') >= min.memMb;
}

/** The outcome for one (framework, role, agent), first failing check wins. */
export type AgentVerdict =
  | { readonly kind: 'offerable'; readonly resources: Resource[] }
  | { readonly kind: 'no-gpu-capability' }
  | { readonly kind: 'nothing-allocatable' }
  | { readonly kind: 'below-min-fragment'; readonly resources: Resource[] }
  | {
      readonly kind: 'filtered';
      /** What would be offered, contained in `refused`. */
      readonly resources: Resource[];
      readonly untilMs: number;
      readonly refused: readonly Resource[];
    };

/**
 * Check 3, for one agent (the framework passed checks 1 and 2 in the role).
 *
 * @param candidate what the role may take of the agent (normalized): in the
 *   cycle, the role's cut of it for this stage (lent resources included, as
 *   revocable); in explain, `allocatableToRole(agent.available, role)`.
 * @param nowMs filters with `untilMs > nowMs` hold.
 */
export function agentVerdict(
  framework: FrameworkState,
  agent: AgentState,
  candidate: Resource[],
  nowMs: number,
  minFragment: MinFragment,
): AgentVerdict {
  if (lacksGpuCapability(framework, agent)) return { kind: 'no-gpu-capability' };
  const resources = withinCapabilities(framework, candidate);
  if (resources.length === 0) return { kind: 'nothing-allocatable' };
  if (!meetsMinFragment(resources, minFragment)) return { kind: 'below-min-fragment', resources };
  const filter = refusingFilter(framework.filters.get(agent.id), resources, nowMs);
  if (filter !== undefined) return { kind: 'filtered', resources, untilMs: filter.untilMs, refused: filter.refused };
  return { kind: 'offerable', resources };
}
