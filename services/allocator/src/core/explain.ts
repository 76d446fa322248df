/**
 * Why a framework is or is not being allocated resources: a structured answer
 * (codes from allocator.proto's ExplainResponse) and one sentence for people.
 * Reads the model; never changes it (expired filters are ignored, not dropped).
 *
 * Codes, per role of the framework:
 * - INACTIVE: its scheduler is disconnected (whole framework).
 * - NO_AGENTS: no active agent in the cluster (whole framework).
 * - SUPPRESSED: it suppressed the role; nothing until it revives.
 * - QUOTA_LIMIT: the role, or an ancestor, is at its quota limit.
 * - FILTERED: on these agents, everything it could be offered is contained in
 *   what it refused with a filter (`refused`), until `untilMs`; it is offered
 *   again there as soon as more is free, or when the filter expires.
 * - NO_GPU_CAPABILITY: these agents have GPUs and it lacks GPU_RESOURCES.
 * - BELOW_MIN_FRAGMENT: what these agents have left is below the minimum allocation.
 * - WAITING_FOR_FAIR_SHARE: frameworks of its role, or other roles, rank ahead
 *   of it for the free resources it could use (named), or everything its role
 *   may use is allocated, or free resources are held back for guarantees.
 * - RECEIVING: free resources it can use wait for it and nothing ranks ahead of
 *   it for at least one of those agents: it gets them in the next cycle.
 */
import { allocatableToRole, formatResources, type Resource } from '@tessera/domain';
import { agentVerdict, frameworkBlock, roleAtLimit, type MinFragment } from './eligibility.js';
import type { AgentState, ClusterState, FrameworkState } from './state.js';

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
  /** For FILTERED: what the framework refused on these agents (the filter withholds only what this contains). */
  readonly refused?: readonly Resource[];
  /** The role the reason is about, when it is about one. */
  readonly role?: string;
  /** For WAITING_FOR_FAIR_SHARE: the roles ranked ahead of the framework's role that could take the same agents. */
  readonly rolesAhead?: readonly string[];
  /** For WAITING_FOR_FAIR_SHARE: frameworks of the same role ranked ahead that could take the same agents. */
  readonly frameworksAhead?: readonly string[];
}

export interface Explanation {
  readonly frameworkId: string;
  /** One sentence for people. */
  readonly summary: string;
  readonly reasons: readonly ExplainReason[];
}

/** What explain needs from the allocator. */
export interface ExplainContext {
  readonly state: ClusterState;
  readonly minFragment: MinFragment;
  /** Unreserved resources held back for unmet guarantees, and the guaranteed roles they are for. */
  heldBack(): { active: ReadonlyMap<string, number>; idle: ReadonlyMap<string, number>; roles: readonly string[] };
}

/** Lists at most a few IDs in a sentence. */
function list(ids: readonly string[]): string {
  const shown = ids.slice(0, 3).join(', ');
  return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** Whether `other` in `otherRole` could be offered something of the agent right now. */
function couldTake(
  context: ExplainContext,
  other: FrameworkState,
  otherRole: string,
  agent: AgentState,
  nowMs: number,
): boolean {
  if (frameworkBlock(other, otherRole) !== undefined) return false;
  const verdict = agentVerdict(other, agent, allocatableToRole(agent.available, otherRole), nowMs, context.minFragment);
  return verdict.kind === 'offerable';
}

function explainRole(context: ExplainContext, framework: FrameworkState, role: string, nowMs: number): ExplainReason[] {
  const { state, minFragment } = context;
  if (framework.suppressedRoles.has(role)) {
    return [{ code: 'SUPPRESSED', role, agentIds: [], message: `suppressed in role ${role} until it revives` }];
  }
  const reasons: ExplainReason[] = [];
  if (roleAtLimit(state.roleTree, role, minFragment)) {
    const limiting = state.roleTree.limitingRole(role, 'cpus') ?? state.roleTree.limitingRole(role, 'mem') ?? role;
    const limit = state.quotas.get(limiting)?.limit ?? [];
    return [
      {
        code: 'QUOTA_LIMIT',
        role,
        agentIds: [],
        message:
          limiting === role
            ? `role ${role} is at its quota limit (${formatResources(limit)})`
            : `role ${role} is inside role ${limiting}, which is at its quota limit (${formatResources(limit)})`,
      },
    ];
  }
  /** "untilMs refused" → the filter and the agents it holds on. */
  const filtered = new Map<string, { untilMs: number; refused: readonly Resource[]; agentIds: string[] }>();
  const noGpu: string[] = [];
  const belowMinFragment: string[] = [];
  const offerable: AgentState[] = [];
  let busy = 0;
  for (const agent of state.agents.values()) {
    if (!agent.active) continue;
    const verdict = agentVerdict(framework, agent, allocatableToRole(agent.available, role), nowMs, minFragment);
    switch (verdict.kind) {
      case 'filtered': {
        const key = `${verdict.untilMs} ${formatResources(verdict.refused)}`;
        const group = filtered.get(key) ?? { untilMs: verdict.untilMs, refused: verdict.refused, agentIds: [] };
        group.agentIds.push(agent.id);
        filtered.set(key, group);
        break;
      }
      case 'no-gpu-capability':
        noGpu.push(agent.id);
        break;
      case 'below-min-fragment':
        belowMinFragment.push(agent.id);
        break;
      case 'offerable':
        offerable.push(agent);
        break;
      case 'nothing-allocatable':
        busy++;
        break;
    }
  }
  // Earliest expiry first; among equal expiries, by first agent ID.
  const groups = [...filtered.values()].map((group) => ({ ...group, agentIds: group.agentIds.sort() }));
  groups.sort((a, b) => a.untilMs - b.untilMs || ((a.agentIds[0] ?? '') < (b.agentIds[0] ?? '') ? -1 : 1));
  for (const { untilMs, refused, agentIds: sorted } of groups) {
    reasons.push({
      code: 'FILTERED',
      role,
      agentIds: sorted,
      untilMs,
      refused,
      message:
        `refused ${formatResources(refused)} on ${plural(sorted.length, 'agent')} (${list(sorted)}) with a filter ` +
        `until ${new Date(untilMs).toISOString()}, and nothing more is free there; it is offered again when more is`,
    });
  }
  if (noGpu.length > 0) {
    const sorted = noGpu.sort();
    reasons.push({
      code: 'NO_GPU_CAPABILITY',
      role,
      agentIds: sorted,
      message: `${plural(sorted.length, 'agent')} with GPUs (${list(sorted)}) are offered only to frameworks with the GPU_RESOURCES capability`,
    });
  }
  if (belowMinFragment.length > 0) {
    const sorted = belowMinFragment.sort();
    reasons.push({
      code: 'BELOW_MIN_FRAGMENT',
      role,
      agentIds: sorted,
      message: `${plural(sorted.length, 'agent')} (${list(sorted)}) have less left than the smallest allocation (${minFragment.cpus} cpus or ${minFragment.memMb} MB mem)`,
    });
  }
  const sorter = state.frameworkSorters.get(role);
  const share = sorter?.share(framework.id) ?? 0;
  if (offerable.length > 0) {
    reasons.push(waitingOrReceiving(context, framework, role, offerable, share, nowMs));
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

/** For agents with resources the framework could take: who ranks ahead of it for them, if anyone. */
function waitingOrReceiving(
  context: ExplainContext,
  framework: FrameworkState,
  role: string,
  offerable: readonly AgentState[],
  share: number,
  nowMs: number,
): ExplainReason {
  const { state } = context;
  const frameworkOrder = state.frameworkSorters.get(role)?.sort() ?? [];
  const frameworksBefore = frameworkOrder
    .slice(0, Math.max(0, frameworkOrder.indexOf(framework.id)))
    .map((id) => state.frameworks.get(id))
    .filter((other): other is FrameworkState => other !== undefined);
  const roleOrder = state.roleSorter.sort();
  const rolesBefore = roleOrder.slice(0, Math.max(0, roleOrder.indexOf(role)));
  const frameworksAhead = new Set<string>();
  const rolesAhead = new Set<string>();
  const free: string[] = [];
  for (const agent of offerable) {
    let contested = false;
    for (const other of frameworksBefore) {
      if (couldTake(context, other, role, agent, nowMs)) {
        frameworksAhead.add(other.id);
        contested = true;
      }
    }
    for (const otherRole of rolesBefore) {
      for (const id of state.frameworkSorters.get(otherRole)?.sort() ?? []) {
        const other = state.frameworks.get(id);
        if (other !== undefined && couldTake(context, other, otherRole, agent, nowMs)) {
          rolesAhead.add(otherRole);
          contested = true;
          break;
        }
      }
    }
    if (!contested) free.push(agent.id);
  }
  const sortedFree = free.sort();
  if (sortedFree.length > 0) {
    const held = context.heldBack();
    const heldKinds = [...held.active, ...held.idle].filter(([, amount]) => amount > 0);
    const note =
      heldKinds.length > 0 && !held.roles.includes(role)
        ? `; unreserved resources are held back for the guarantees of ${list(held.roles)}`
        : '';
    return {
      code: 'RECEIVING',
      role,
      agentIds: sortedFree,
      message: `first in line in role ${role} (share ${formatShare(share)}) for resources on ${plural(sortedFree.length, 'agent')}, allocated in the next cycle${note}`,
    };
  }
  const parts: string[] = [];
  if (frameworksAhead.size > 0) {
    parts.push(`${plural(frameworksAhead.size, 'framework')} in role ${role} with a smaller share rank ahead of it`);
  }
  if (rolesAhead.size > 0) {
    const ahead = [...rolesAhead];
    parts.push(`${plural(ahead.length, 'role')} with smaller shares rank ahead of role ${role} (${list(ahead)})`);
  }
  return {
    code: 'WAITING_FOR_FAIR_SHARE',
    role,
    agentIds: offerable.map((agent) => agent.id).sort(),
    rolesAhead: [...rolesAhead],
    frameworksAhead: [...frameworksAhead],
    message: `${parts.join('; ')} (its share: ${formatShare(share)})`,
  };
}

/** See the module comment. `role` narrows the answer to one role. */
export function explainFramework(
  context: ExplainContext,
  framework: FrameworkState,
  nowMs: number,
  role?: string,
): Explanation {
  const { state } = context;
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
  const reasons = roles.flatMap((r) => explainRole(context, framework, r, nowMs));
  const receivingRoles = reasons.filter((r) => r.code === 'RECEIVING').map((r) => r.role);
  const blocking = reasons.filter((r) => r.code !== 'RECEIVING' && !receivingRoles.includes(r.role));
  const details = blocking.map((r) => `${r.message}${roles.length > 1 && r.role !== undefined ? ` [${r.role}]` : ''}`);
  const summary =
    receivingRoles.length > 0
      ? `${name} is receiving resources in ${receivingRoles.length === 1 ? 'role' : 'roles'} ${receivingRoles.join(', ')}${details.length > 0 ? `; elsewhere: ${details.join('; ')}` : ''}.`
      : details.length > 0
        ? `${name} gets no offers: ${details.join('; ')}.`
        : `${name} gets no offers: nothing in the cluster is free for its roles.`;
  return { frameworkId: framework.id, summary, reasons };
}
