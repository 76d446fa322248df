import { newStepContext, type CoreOptions, type StepContext } from './context.js';
import { accept, type AcceptCommand, type AcceptOutcome } from './accept.js';
import {
  agentDisconnected,
  agentDrained,
  agentSeen,
  drainAgent,
  loadAgent,
  pingDue,
  reactivateAgent,
  registerAgent,
  reregisterAgent,
  unreachableDue,
  type RegisterCommand,
  type ReregisterCommand,
} from './agents.js';
import type { Step, TimerId } from './effects.js';
import {
  failoverExpired,
  frameworkDisconnected,
  heartbeat,
  revive,
  startFailoverTimer,
  subscribe,
  suppress,
  teardown,
  type SubscribeCommand,
} from './frameworks.js';
import type {
  AgentRecord,
  Allocation,
  AllocatorSnapshot,
  ConnectionId,
  FrameworkRecord,
  LoadedRegistry,
  OfferRecord,
  Quota,
  Revocation,
  TaskRecord,
  TaskStatus,
} from './model.js';
import { decline, offer, offerExpired, resyncDue, revoke, type DeclineCommand } from './offers.js';
import { reserveResources, unreserveResources } from './reservations.js';
import { Registry } from './registry.js';
import { removeQuota, roleViews, setQuota, setRolePolicy, updateWeights, type RoleView } from './roles.js';
import {
  acknowledge,
  kill,
  reconcile,
  statusUpdate,
  type Acknowledgement,
  type KillCommand,
  type ReconcileTask,
  type StatusUpdateCommand,
  type StatusUpdateOutcome,
} from './tasks.js';
import type { Resource } from '@tessera/domain';

/**
 * The master's pure core: its registry and every decision about how it
 * changes. Each method is one step: given the time (`nowMs`, milliseconds since
 * the epoch) and a command, it changes the registry at once and returns its
 * answer with the effects the shell must apply (see effects.ts for the order).
 * A refused command throws a named error (errors.ts), has no effects and leaves
 * the registry as it was. No I/O, no clock, no randomness: IDs come from the
 * injected IdSource.
 */
export class MasterCore {
  private readonly registry = new Registry();

  constructor(private readonly options: CoreOptions) {}

  private run<R>(nowMs: number, decide: (ctx: StepContext) => R): Step<R> {
    const ctx = newStepContext(this.registry, this.options, nowMs);
    const result = decide(ctx);
    return ctx.fx.done(result);
  }

  // ---------------------------------------------------------------- reads (no effects)

  get agents(): ReadonlyMap<string, Readonly<AgentRecord>> {
    return this.registry.agents;
  }
  get frameworks(): ReadonlyMap<string, Readonly<FrameworkRecord>> {
    return this.registry.frameworks;
  }
  /** Live tasks and ended ones not yet acknowledged. */
  get tasks(): ReadonlyMap<string, Readonly<TaskRecord>> {
    return this.registry.tasks;
  }
  /** Ended, acknowledged tasks still remembered. */
  get completedTasks(): ReadonlyMap<string, Readonly<TaskRecord>> {
    return this.registry.completed;
  }
  get offers(): ReadonlyMap<string, OfferRecord> {
    return this.registry.offers;
  }
  get quotas(): ReadonlyMap<string, Quota> {
    return this.registry.quotas;
  }
  get weights(): ReadonlyMap<string, number> {
    return this.registry.weights;
  }
  agentView(agent: AgentRecord) {
    return this.registry.agentView(agent);
  }
  frameworkView(framework: FrameworkRecord) {
    return this.registry.frameworkView(framework);
  }
  roles(): RoleView[] {
    return roleViews(this.registry);
  }

  /** The full model for a (re)connected allocator: connected agents, every framework, the roles' settings. */
  allocatorSnapshot(): AllocatorSnapshot {
    const r = this.registry;
    return {
      agents: [...r.agents.values()].filter((a) => a.connection !== undefined).map((a) => r.allocatorAgent(a)),
      frameworks: [...r.frameworks.values()].map((f) => Registry.allocatorFramework(f)),
      quotas: [...r.quotas.values()],
      weights: [...r.weights.entries()].map(([role, weight]) => ({ role, weight })),
      policies: [...r.policies.entries()].map(([role, policy]) => ({ role, policy })),
    };
  }

  // ---------------------------------------------------------------- recovery

  /**
   * Loads the registry after winning leadership, into an empty core. Agents and
   * frameworks start disconnected and must come back (their unreachable and
   * failover timers run); gone agents stay gone.
   */
  recover(nowMs: number, loaded: LoadedRegistry): Step<void> {
    return this.run(nowMs, (ctx) => {
      const r = this.registry;
      for (const agent of loaded.agents) {
        if (agent.info.id === '') continue;
        loadAgent(ctx, agent.info, agent.principal, agent.status, agent.registeredTime, agent.lastSeenTime);
      }
      for (const state of loaded.frameworks) {
        const id = state.info.id;
        if (id === '') continue;
        const framework: FrameworkRecord = {
          id,
          info: state.info,
          connection: undefined,
          suppressedRoles: new Set(state.suppressedRoles),
          registeredTime: state.registeredTime,
          unregisteredTime: nowMs / 1000,
          subscriptionSequence: ++r.subscriptionCounter,
          taskKeys: new Set(),
          offerIds: new Set(),
        };
        r.frameworks.set(id, framework);
        startFailoverTimer(ctx, framework);
      }
      for (const view of loaded.tasks) {
        if (view.info.taskId === '') continue;
        const task: TaskRecord = {
          key: view.key,
          frameworkId: view.frameworkId,
          agentId: view.agentId,
          info: view.info,
          resources: view.info.resources,
          role: view.role,
          status: view.status,
          acknowledgedUuid: '',
          acknowledgedState: view.acknowledgedState,
          preempting: false,
        };
        r.tasks.set(task.key, task);
        r.agents.get(task.agentId)?.taskKeys.add(task.key);
        r.frameworks.get(task.frameworkId)?.taskKeys.add(task.key);
      }
      for (const quota of loaded.quotas) r.quotas.set(quota.role, quota);
      for (const weight of loaded.weights) r.weights.set(weight.role, weight.weight);
      for (const policy of loaded.policies) r.policies.set(policy.role, policy.policy);
      ctx.fx.log('info', 'registry recovered; waiting for agents to re-register and frameworks to re-subscribe', {
        agents: r.agents.size,
        frameworks: r.frameworks.size,
        tasks: r.tasks.size,
      });
    });
  }

  // ---------------------------------------------------------------- frameworks

  subscribe(nowMs: number, command: SubscribeCommand, connection: ConnectionId): Step<string> {
    return this.run(nowMs, (ctx) => subscribe(ctx, command, connection));
  }
  frameworkDisconnected(nowMs: number, frameworkId: string, connection: ConnectionId): Step<void> {
    return this.run(nowMs, (ctx) => frameworkDisconnected(ctx, frameworkId, connection));
  }
  /** `byOperator`: the Operator API's TeardownFramework, which also tears down a disconnected framework. */
  teardown(nowMs: number, frameworkId: string, byOperator = false): Step<void> {
    return this.run(nowMs, (ctx) => teardown(ctx, frameworkId, byOperator));
  }
  suppress(nowMs: number, frameworkId: string, roles: readonly string[]): Step<void> {
    return this.run(nowMs, (ctx) => suppress(ctx, frameworkId, roles));
  }
  revive(nowMs: number, frameworkId: string, roles: readonly string[]): Step<void> {
    return this.run(nowMs, (ctx) => revive(ctx, frameworkId, roles));
  }

  // ---------------------------------------------------------------- offers

  offer(nowMs: number, allocations: readonly Allocation[]): Step<void> {
    return this.run(nowMs, (ctx) => offer(ctx, allocations));
  }
  decline(nowMs: number, command: DeclineCommand): Step<void> {
    return this.run(nowMs, (ctx) => decline(ctx, command));
  }
  accept(nowMs: number, command: AcceptCommand): Step<AcceptOutcome> {
    return this.run(nowMs, (ctx) => accept(ctx, command));
  }
  revoke(nowMs: number, revocations: readonly Revocation[]): Step<void> {
    return this.run(nowMs, (ctx) => revoke(ctx, revocations));
  }

  // ---------------------------------------------------------------- tasks

  statusUpdate(
    nowMs: number,
    agentId: string,
    connection: ConnectionId,
    command: StatusUpdateCommand,
  ): Step<StatusUpdateOutcome> {
    return this.run(nowMs, (ctx) => statusUpdate(ctx, agentId, connection, command));
  }
  acknowledge(nowMs: number, frameworkId: string, acknowledgements: readonly Acknowledgement[]): Step<void> {
    return this.run(nowMs, (ctx) => acknowledge(ctx, frameworkId, acknowledgements));
  }
  /** `byOperator`: the Operator API's KillTask, which also kills a task of a disconnected framework. */
  kill(nowMs: number, command: KillCommand, byOperator = false): Step<void> {
    return this.run(nowMs, (ctx) => kill(ctx, command, byOperator));
  }
  reconcile(nowMs: number, frameworkId: string, tasks: readonly ReconcileTask[]): Step<TaskStatus[]> {
    return this.run(nowMs, (ctx) => reconcile(ctx, frameworkId, tasks));
  }

  // ---------------------------------------------------------------- agents

  registerAgent(nowMs: number, command: RegisterCommand, connection: ConnectionId): Step<AgentRecord> {
    return this.run(nowMs, (ctx) => registerAgent(ctx, command, connection));
  }
  reregisterAgent(nowMs: number, command: ReregisterCommand, connection: ConnectionId): Step<AgentRecord> {
    return this.run(nowMs, (ctx) => reregisterAgent(ctx, command, connection));
  }
  agentSeen(nowMs: number, agentId: string, connection: ConnectionId): Step<void> {
    return this.run(nowMs, (ctx) => agentSeen(ctx, agentId, connection));
  }
  agentDisconnected(nowMs: number, agentId: string, connection: ConnectionId): Step<void> {
    return this.run(nowMs, (ctx) => agentDisconnected(ctx, agentId, connection));
  }
  agentDrained(nowMs: number, agentId: string, connection: ConnectionId): Step<void> {
    return this.run(nowMs, (ctx) => agentDrained(ctx, agentId, connection));
  }
  drainAgent(nowMs: number, agentId: string, gracePeriodSeconds: number | undefined): Step<void> {
    return this.run(nowMs, (ctx) => drainAgent(ctx, agentId, gracePeriodSeconds));
  }
  reactivateAgent(nowMs: number, agentId: string): Step<void> {
    return this.run(nowMs, (ctx) => reactivateAgent(ctx, agentId));
  }
  reserveResources(nowMs: number, agentId: string, resources: readonly Resource[]): Step<void> {
    return this.run(nowMs, (ctx) => reserveResources(ctx, agentId, resources));
  }
  unreserveResources(nowMs: number, agentId: string, resources: readonly Resource[]): Step<void> {
    return this.run(nowMs, (ctx) => unreserveResources(ctx, agentId, resources));
  }

  // ---------------------------------------------------------------- roles

  setQuota(nowMs: number, quota: Quota): Step<void> {
    return this.run(nowMs, (ctx) => setQuota(ctx, quota));
  }
  removeQuota(nowMs: number, role: string): Step<void> {
    return this.run(nowMs, (ctx) => removeQuota(ctx, role));
  }
  updateWeights(nowMs: number, weights: readonly { role: string; weight: number }[]): Step<void> {
    return this.run(nowMs, (ctx) => updateWeights(ctx, weights));
  }
  setRolePolicy(nowMs: number, role: string, policy: string): Step<void> {
    return this.run(nowMs, (ctx) => setRolePolicy(ctx, role, policy));
  }

  // ---------------------------------------------------------------- time

  /** One of the core's timers fired (see TimerId). Stale timers are harmless: each step checks it still applies. */
  timerFired(nowMs: number, timer: TimerId): Step<void> {
    return this.run(nowMs, (ctx) => {
      const colon = timer.indexOf(':');
      const kind = timer.slice(0, colon);
      const id = timer.slice(colon + 1);
      switch (kind) {
        case 'offer':
          return offerExpired(ctx, id);
        case 'failover':
          return failoverExpired(ctx, id);
        case 'heartbeat':
          return heartbeat(ctx, id);
        case 'unreachable':
          return unreachableDue(ctx, id);
        case 'ping':
          return pingDue(ctx, id);
        case 'resync':
          return resyncDue(ctx, id);
        default:
          return undefined;
      }
    });
  }
}
