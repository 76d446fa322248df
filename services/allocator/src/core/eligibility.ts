/**
 * Whether a framework may be allocated an agent's resources in a role: a chain
 * of small named checks (Nomad's feasibility checkers, in spirit), shared by the
 * allocation cycle and by `explain` so that both always agree.
 */
import { scalarOf, type Resource, type Resources } from '@tessera/domain';
import type { AgentState, FrameworkState } from './state.js';

/** The smallest allocation worth offering: at least `cpus` cpus or `memMb` MB of mem. */
export interface MinFragment {
  readonly cpus: number;
  readonly memMb: number;
}

/** Why a framework gets nothing in a role, whatever the agent. */
export type FrameworkBlock = 'inactive' | 'not-subscribed' | 'suppressed';

export function frameworkBlock(framework: FrameworkState, role: string): FrameworkBlock | undefined {
  if (!framework.active) return 'inactive';
  if (!framework.roles.includes(role)) return 'not-subscribed';
  if (framework.suppressedRoles.has(role)) return 'suppressed';
  return undefined;
}

/** The outcome for one (framework, role, agent), first failing check wins. */
export type AgentVerdict =
  | { readonly kind: 'offerable'; readonly resources: Resource[] }
  | { readonly kind: 'filtered'; readonly untilMs: number }
  | { readonly kind: 'no-gpu-capability' }
  | { readonly kind: 'nothing-allocatable' }
  | { readonly kind: 'below-min-fragment'; readonly resources: Resource[] };

export function meetsMinFragment(resources: Resources, min: MinFragment): boolean {
  return scalarOf(resources, 'cpus') >= min.cpus || scalarOf(resources, 'mem') >= min.memMb;
}

/**
 * @param allocatableForRole what of the agent's available resources the role may
 *   have (`allocatableToRole(agent.available, role)`), computed once per agent and role.
 * @param nowMs filters with `untilMs > nowMs` hold.
 */
export function agentVerdict(
  framework: FrameworkState,
  agent: AgentState,
  allocatableForRole: Resources,
  nowMs: number,
  minFragment: MinFragment,
): AgentVerdict {
  const filteredUntilMs = framework.filters.get(agent.id);
  if (filteredUntilMs !== undefined && filteredUntilMs > nowMs) return { kind: 'filtered', untilMs: filteredUntilMs };
  if (agent.hasGpus && !framework.capabilities.has('GPU_RESOURCES')) return { kind: 'no-gpu-capability' };
  const offerable = framework.capabilities.has('REVOCABLE_RESOURCES')
    ? [...allocatableForRole]
    : allocatableForRole.filter((r) => r.revocable !== true);
  if (offerable.length === 0) return { kind: 'nothing-allocatable' };
  if (!meetsMinFragment(offerable, minFragment)) return { kind: 'below-min-fragment', resources: offerable };
  return { kind: 'offerable', resources: offerable };
}
