import {
  addResources,
  containsResources,
  isTerminalTaskState,
  stripRevocable,
  subtractResources,
} from '@tessera/domain';
import type { Resource, TaskState } from '@tessera/domain';
import type {
  AgentRecord,
  AgentView,
  AllocatedResources,
  AllocatorAgent,
  AllocatorFramework,
  FrameworkRecord,
  FrameworkView,
  OfferRecord,
  QueuePolicy,
  Quota,
  StatusReason,
  TaskRecord,
  TaskStatus,
  TaskView,
} from './model.js';

export const taskKey = (frameworkId: string, taskId: string): string => `${frameworkId}/${taskId}`;

/** A task that has not ended: it holds its resources. */
export const isLive = (task: TaskRecord): boolean => !isTerminalTaskState(task.status.state);

export const hasCapability = (framework: FrameworkRecord, capability: string): boolean =>
  framework.info.capabilities.includes(capability);

/** How many ended tasks the master remembers (oldest forgotten first) for reconciliation and views. */
export const COMPLETED_TASKS_KEPT = 10_000;

/** A status the master itself makes: no uuid (nothing to acknowledge), source MASTER. */
export function masterStatus(
  taskId: string,
  agentId: string,
  state: TaskState,
  message: string,
  timestampSeconds: number,
  reason: StatusReason = 'REASON_UNSPECIFIED',
): TaskStatus {
  return {
    taskId,
    state,
    message,
    source: 'SOURCE_MASTER',
    reason,
    agentId,
    timestampSeconds,
    uuid: '',
    wire: undefined,
  };
}

/**
 * The master's registry: every agent, framework, task and offer it knows, and
 * the roles' quota, weights and policies. Only the core's steps change it; the
 * shell reads it through the readonly views the core hands out.
 *
 * Invariants the steps keep:
 * - a task key is in its agent's and its framework's `taskKeys` (while both are known);
 * - an offer ID is in its agent's and its framework's `offerIds`;
 * - what an agent's live tasks use and its offers hold fits in its total.
 */
export class Registry {
  readonly agents = new Map<string, AgentRecord>();
  readonly frameworks = new Map<string, FrameworkRecord>();
  /** Live tasks, and ended ones not yet acknowledged. */
  readonly tasks = new Map<string, TaskRecord>();
  /** Ended, acknowledged tasks remembered for reconciliation (at most COMPLETED_TASKS_KEPT). */
  readonly completed = new Map<string, TaskRecord>();
  readonly removedFrameworks = new Set<string>();
  readonly offers = new Map<string, OfferRecord>();
  readonly quotas = new Map<string, Quota>();
  readonly weights = new Map<string, number>();
  readonly policies = new Map<string, QueuePolicy>();
  subscriptionCounter = 0;

  /** Moves an ended task to `completed`, forgetting the oldest beyond the bound. */
  complete(task: TaskRecord): void {
    this.tasks.delete(task.key);
    this.agents.get(task.agentId)?.taskKeys.delete(task.key);
    this.frameworks.get(task.frameworkId)?.taskKeys.delete(task.key);
    this.completed.delete(task.key);
    this.completed.set(task.key, task);
    if (this.completed.size > COMPLETED_TASKS_KEPT) {
      const oldest = this.completed.keys().next().value;
      if (oldest !== undefined) this.completed.delete(oldest);
    }
  }

  /** What the live tasks among `taskKeys` use and the outstanding offers among `offerIds` hold. */
  holdings(
    taskKeys: Iterable<string>,
    offerIds: Iterable<string>,
  ): { used: Resource[]; offered: Resource[]; liveTasks: number } {
    const used: Resource[] = [];
    const offered: Resource[] = [];
    let liveTasks = 0;
    for (const key of taskKeys) {
      const task = this.tasks.get(key);
      if (task !== undefined && isLive(task)) {
        used.push(...task.resources);
        liveTasks++;
      }
    }
    for (const offerId of offerIds) {
      const offer = this.offers.get(offerId);
      if (offer !== undefined) offered.push(...offer.resources);
    }
    return { used: addResources([], used), offered: addResources([], offered), liveTasks };
  }

  /** The agent's total minus what its live tasks use and its outstanding offers hold. */
  availableOn(agent: AgentRecord): Resource[] {
    const { used, offered } = this.holdings(agent.taskKeys, agent.offerIds);
    // Lent (revocable) resources are the same physical resources: capacity is counted without the flag.
    const usedTotal = stripRevocable([...used, ...offered]);
    return containsResources(agent.total, usedTotal) ? subtractResources(agent.total, usedTotal) : [];
  }

  /** What is allocated on the agent, by framework and role: its live tasks' resources and its offers'. */
  allocatedOn(agent: AgentRecord): AllocatedResources[] {
    const byFrameworkRole = new Map<string, { frameworkId: string; role: string; resources: Resource[] }>();
    const add = (frameworkId: string, role: string, resources: readonly Resource[]) => {
      const key = `${frameworkId}\u0000${role}`;
      const entry = byFrameworkRole.get(key) ?? { frameworkId, role, resources: [] };
      entry.resources = addResources(entry.resources, resources);
      byFrameworkRole.set(key, entry);
    };
    for (const key of agent.taskKeys) {
      const task = this.tasks.get(key);
      if (task !== undefined && isLive(task)) add(task.frameworkId, task.role, task.resources);
    }
    for (const offerId of agent.offerIds) {
      const offer = this.offers.get(offerId);
      if (offer !== undefined) add(offer.frameworkId, offer.role, offer.resources);
    }
    return [...byFrameworkRole.values()];
  }

  agentView(agent: AgentRecord): AgentView {
    const { used, offered } = this.holdings(agent.taskKeys, agent.offerIds);
    return {
      info: agent.info,
      principal: agent.principal,
      total: agent.total,
      status: agent.status,
      allocated: addResources(used, offered),
      used,
      registeredTime: agent.registeredTime,
      lastSeenTime: agent.lastSeenTime,
    };
  }

  frameworkView(framework: FrameworkRecord, connected = framework.connection !== undefined): FrameworkView {
    const { used, offered, liveTasks } = this.holdings(framework.taskKeys, framework.offerIds);
    return {
      info: framework.info,
      connected,
      suppressedRoles: [...framework.suppressedRoles],
      allocated: addResources(used, offered),
      offered,
      taskCount: liveTasks,
      registeredTime: framework.registeredTime,
      unregisteredTime: framework.unregisteredTime,
    };
  }

  static taskView(task: TaskRecord): TaskView {
    return {
      key: task.key,
      frameworkId: task.frameworkId,
      agentId: task.agentId,
      info: task.info,
      status: task.status,
      role: task.role,
      acknowledgedState: task.acknowledgedState,
    };
  }

  allocatorAgent(agent: AgentRecord): AllocatorAgent {
    return {
      info: agent.info,
      total: agent.total,
      allocated: this.allocatedOn(agent),
      active: agent.status === 'ACTIVE',
    };
  }

  static allocatorFramework(framework: FrameworkRecord): AllocatorFramework {
    return {
      info: framework.info,
      suppressedRoles: [...framework.suppressedRoles],
      active: framework.connection !== undefined,
      subscriptionSequence: framework.subscriptionSequence,
    };
  }
}
