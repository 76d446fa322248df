/**
 * Why a framework is or is not being allocated resources: a structured answer
 * (codes from allocator.proto's ExplainResponse) and one sentence for people.
 * Reads the model; never changes it (expired filters are ignored, not dropped).
 */
import { allocatableToRole } from '@tessera/domain';
import { agentVerdict, frameworkBlock, type MinFragment } from './eligibility.js';
import type { ClusterState, FrameworkState } from './state.js';

export type ExplainCode =
  | 'SUPPRESSED'
  | 'FILTERED'
  | 'QUOTA_LIMIT'
  | 'BELOW_MIN_FRAGMENT'
  | 'WAITING_FOR_FAIR_SHARE'
  | 'NO_GPU_CAPABILITY'
  | 'NO_AGENTS'
  | 'INACTIVE'
  | 'RECEIVING';

export interface ExplainReason {
  readonly code: ExplainCode;
  readonly message: string;
  /** Agents the reason is about (sorted), when it is about agents. */
  readonly agentIds: readonly string[];
  /** Until when the reason holds (ms since the epoch), when known. */
  readonly untilMs?: number;
  /** The role the reason is about, when it is about one. */
  readonly role?: string;
}

export interface Explanation {
  readonly frameworkId: string;
  /** One sentence for people. */
  readonly summary: string;
  readonly reasons: readonly ExplainReason[];
}

/** Lists at most a few agent IDs in a sentence. */
function agentList(agentIds: readonly string[]): string {
  const shown = agentIds.slice(0, 3).join(', ');
  return agentIds.length > 3 ? `${shown} and ${agentIds.length - 3} more` : shown;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function explainRole(
  state: ClusterState,
  framework: FrameworkState,
  role: string,
  nowMs: number,
  minFragment: MinFragment,
): ExplainReason[] {
  if (framework.suppressedRoles.has(role)) {
    return [{ code: 'SUPPRESSED', role, agentIds: [], message: `suppressed in role ${role} until it revives` }];
  }
  const filtered = new Map<number, string[]>();
  const noGpu: string[] = [];
  const belowMinFragment: string[] = [];
  const offerable: string[] = [];
  let busy = 0;
  for (const agent of state.agents.values()) {
    if (!agent.active) continue;
    const verdict = agentVerdict(framework, agent, allocatableToRole(agent.available, role), nowMs, minFragment);
    switch (verdict.kind) {
      case 'filtered':
        filtered.set(verdict.untilMs, [...(filtered.get(verdict.untilMs) ?? []), agent.id]);
        break;
      case 'no-gpu-capability':
        noGpu.push(agent.id);
        break;
      case 'below-min-fragment':
        belowMinFragment.push(agent.id);
        break;
      case 'offerable':
        offerable.push(agent.id);
        break;
      case 'nothing-allocatable':
        busy++;
        break;
    }
  }
  const reasons: ExplainReason[] = [];
  for (const [untilMs, agentIds] of [...filtered].sort(([a], [b]) => a - b)) {
    const sorted = agentIds.sort();
    reasons.push({
      code: 'FILTERED',
      role,
      agentIds: sorted,
      untilMs,
      message: `declined ${plural(sorted.length, 'agent')} (${agentList(sorted)}) with a filter until ${new Date(untilMs).toISOString()}`,
    });
  }
  if (noGpu.length > 0) {
    const sorted = noGpu.sort();
    reasons.push({
      code: 'NO_GPU_CAPABILITY',
      role,
      agentIds: sorted,
      message: `${plural(sorted.length, 'agent')} with GPUs (${agentList(sorted)}) are offered only to frameworks with the GPU_RESOURCES capability`,
    });
  }
  if (belowMinFragment.length > 0) {
    const sorted = belowMinFragment.sort();
    reasons.push({
      code: 'BELOW_MIN_FRAGMENT',
      role,
      agentIds: sorted,
      message: `${plural(sorted.length, 'agent')} (${agentList(sorted)}) have less left than the smallest allocation (${minFragment.cpus} cpus or ${minFragment.memMb} MB mem)`,
    });
  }
  const sorter = state.frameworkSorters.get(role);
  const share = sorter?.share(framework.id) ?? 0;
  if (offerable.length > 0) {
    const competitors = (sorter?.sort() ?? []).filter((id) => {
      const other = state.frameworks.get(id);
      return other !== undefined && frameworkBlock(other, role) === undefined;
    });
    const ahead = competitors.indexOf(framework.id);
    const sorted = offerable.sort();
    reasons.push(
      ahead <= 0
        ? {
            code: 'RECEIVING',
            role,
            agentIds: sorted,
            message: `first in line in role ${role} (share ${formatShare(share)}) for resources on ${plural(sorted.length, 'agent')}, allocated in the next cycle`,
          }
        : {
            code: 'WAITING_FOR_FAIR_SHARE',
            role,
            agentIds: sorted,
            message: `${plural(ahead, 'framework')} in role ${role} with a smaller share rank ahead of it (its share: ${formatShare(share)})`,
          },
    );
  } else if (busy > 0) {
    reasons.push({
      code: 'WAITING_FOR_FAIR_SHARE',
      role,
      agentIds: [],
      message: `everything role ${role} may use on ${plural(busy, 'agent')} is allocated; it gets more as resources are recovered (its share: ${formatShare(share)})`,
    });
  }
  return reasons;
}

/** See the module comment. `role` narrows the answer to one role. */
export function explainFramework(
  state: ClusterState,
  framework: FrameworkState,
  nowMs: number,
  minFragment: MinFragment,
  role?: string,
): Explanation {
  const name = `Framework ${framework.id}`;
  if (role !== undefined && !framework.roles.includes(role)) {
    return { frameworkId: framework.id, summary: `${name} is not subscribed to role ${role}.`, reasons: [] };
  }
  if (!framework.active) {
    const message = 'inactive (its scheduler is disconnected) and gets no offers until it reconnects';
    return {
      frameworkId: framework.id,
      summary: `${name} is ${message}.`,
      reasons: [{ code: 'INACTIVE', message, agentIds: [] }],
    };
  }
  if (![...state.agents.values()].some((agent) => agent.active)) {
    const message = 'there are no active agents in the cluster';
    return {
      frameworkId: framework.id,
      summary: `${name} gets no offers: ${message}.`,
      reasons: [{ code: 'NO_AGENTS', message, agentIds: [] }],
    };
  }
  const roles = role === undefined ? framework.roles : [role];
  const reasons = roles.flatMap((r) => explainRole(state, framework, r, nowMs, minFragment));
  const receivingRoles = reasons.filter((r) => r.code === 'RECEIVING').map((r) => r.role);
  const blocking = reasons.filter((r) => r.code !== 'RECEIVING' && !receivingRoles.includes(r.role));
  const details = blocking.map((r) => `${r.message}${roles.length > 1 && r.role !== undefined ? ` [${r.role}]` : ''}`);
  const summary =
    receivingRoles.length > 0
      ? `${name} is receiving resources in ${receivingRoles.length === 1 ? 'role' : 'roles'} ${receivingRoles.join(', ')}${details.length > 0 ? `; elsewhere: ${details.join('; ')}` : ''}.`
      : `${name} gets no offers: ${details.join('; ')}.`;
  return { frameworkId: framework.id, summary, reasons };
}
