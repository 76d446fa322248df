import { randomUUID } from 'node:crypto';
import type { Resource } from '@tessera/domain';
import type { v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import type { StoreWrite } from '@tessera/store';
import {
  agentCommandToProto,
  allocatorDeltaToProto,
  allocatorSnapshotToProto,
  factToProto,
  frameworkEventToProto,
  loadedFromProto,
  storeWrite,
} from './convert.js';
import {
  MasterCore,
  type AcceptCommand,
  type Acknowledgement,
  type AgentRecord,
  type Allocation,
  type ConnectionId,
  type DeclineCommand,
  type Effect,
  type IdSource,
  type KillCommand,
  type Metric,
  type Quota,
  type ReconcileTask,
  type RegisterCommand,
  type ReregisterCommand,
  type Revocation,
  type Step,
  type StatusUpdateCommand,
  type StatusUpdateOutcome,
  type SubscribeCommand,
  type TaskStatus,
  type TimerId,
} from './core/index.js';
import type { FactPublisher } from './facts.js';
import type { LoadedRegistryProto, RegistryStore } from './persistence.js';

/** The master's side of one framework's Subscribe stream. */
export interface FrameworkConnection {
  send(event: v1.Event): void;
  close(): void;
}

/** The master's side of one agent's Connect stream. */
export interface AgentConnection {
  send(message: v1.MasterMessage): void;
  close(): void;
}

/** What the master needs from its allocator link. */
export interface AllocatorPort {
  /** Sends a delta; dropped while disconnected (the next snapshot covers it). */
  send(request: v1.AllocatorRequest): void;
  connected(): boolean;
}

export interface MasterCounters {
  offersSent(count: number): void;
  offersRescinded(count: number): void;
  staleAllocations(count: number): void;
  agentResyncs?(count: number): void;
  tasksLaunched(count: number): void;
  statusUpdates(state: string): void;
  invalidCalls(call: string): void;
}

/** Timers as the actor uses them; injected so tests can step a fake clock. */
export interface TimerPort {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: TimerPort = {
  setTimeout: (callback, delayMs) => setTimeout(callback, Math.min(Math.max(0, delayMs), 2 ** 31 - 1)).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface MasterOptions {
  info: v1.MasterInfo;
  registry: RegistryStore;
  facts: FactPublisher;
  allocator: AllocatorPort;
  logger: Logger;
  counters: MasterCounters;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  timers?: TimerPort;
  ids?: IdSource;
  /** Outstanding offers are rescinded after this long; 0 = never. */
  offerTimeoutMs: number;
  /** A disconnected agent becomes unreachable after this long. */
  agentUnreachableTimeoutMs: number;
  heartbeatIntervalMs: number;
  agentPingIntervalMs: number;
  /** An agent answering none of this many pings in a row is disconnected; default 3. */
  agentMaxMissedPings?: number;
  /** At most one resync of an agent with the allocator per this long; default 1 s. */
  agentResyncIntervalMs?: number;
  /**
   * A registry commit failed (fenced: another master leads; or the store did not
   * take it). The step was already applied to the registry in memory, which is
   * now ahead of the store: the master must not go on serving from it (a read
   * would show what was never persisted). Called for each failed commit, before
   * the step's caller hears of the failure; nothing of the step is sent. Default: nothing.
   */
  onCommitFailed?: (error: unknown) => void;
}

type Connection = FrameworkConnection | AgentConnection;

function randomIds(): IdSource {
  const runId = randomUUID().slice(0, 8);
  let offers = 0;
  return {
    frameworkId: () => `${randomUUID()}-F`,
    agentId: () => `${randomUUID()}-S`,
    offerId: () => `${runId}-O${++offers}`,
  };
}

/**
 * The master's actor: it owns the connections, the timers and the clock, hands
 * every command to the pure core (`core/`), and applies each step's effects in
 * the order stated once in core/effects.ts — timers; persist (one fenced group
 * commit, awaited); then send to agents, frameworks and the allocator; then
 * publish facts; then count and log. A refused command throws the core's named
 * error and changes nothing. Methods that persist resolve once the step's
 * effects are applied; a failed commit rejects (nothing was sent) after
 * `onCommitFailed` is told.
 */
/**
 * Recovers `loaded` into a throwaway core and drops it: nothing is sent, persisted, timed or kept. A follower does it
 * once after it starts, so that a real takeover runs code that is already compiled (the first takeover of a process
 * is otherwise markedly slower). Pure apart from the CPU it costs.
 */
export function rehearseRecovery(
  loaded: LoadedRegistryProto,
  options: Pick<
    MasterOptions,
    | 'offerTimeoutMs'
    | 'agentUnreachableTimeoutMs'
    | 'heartbeatIntervalMs'
    | 'agentPingIntervalMs'
    | 'agentMaxMissedPings'
  >,
  nowMs: number,
): void {
  new MasterCore({
    offerTimeoutMs: options.offerTimeoutMs,
    agentUnreachableTimeoutMs: options.agentUnreachableTimeoutMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    agentPingIntervalMs: options.agentPingIntervalMs,
    agentMaxMissedPings: options.agentMaxMissedPings ?? 3,
    agentResyncIntervalMs: 1000,
    ids: randomIds(),
  }).recover(nowMs, loadedFromProto(loaded));
}

export class Master {
  private readonly core: MasterCore;
  private readonly clock: () => number;
  private readonly timers: TimerPort;
  private readonly logger: Logger;
  private readonly connections = new Map<ConnectionId, Connection>();
  private readonly connectionIds = new Map<Connection, ConnectionId>();
  private readonly timerHandles = new Map<TimerId, unknown>();
  private nextConnectionId = 1;
  private closed = false;

  constructor(private readonly options: MasterOptions) {
    this.clock = options.clock ?? Date.now;
    this.timers = options.timers ?? nodeTimers;
    this.logger = options.logger;
    this.core = new MasterCore({
      offerTimeoutMs: options.offerTimeoutMs,
      agentUnreachableTimeoutMs: options.agentUnreachableTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      agentPingIntervalMs: options.agentPingIntervalMs,
      agentMaxMissedPings: options.agentMaxMissedPings ?? 3,
      agentResyncIntervalMs: options.agentResyncIntervalMs ?? 1000,
      ids: options.ids ?? randomIds(),
    });
  }

  // ---------------------------------------------------------------- reads

  get agents() {
    return this.core.agents;
  }
  get frameworks() {
    return this.core.frameworks;
  }
  get tasks() {
    return this.core.tasks;
  }
  get completedTasks() {
    return this.core.completedTasks;
  }
  get offers() {
    return this.core.offers;
  }
  get quotas() {
    return this.core.quotas;
  }
  get weights() {
    return this.core.weights;
  }
  agentView(agent: AgentRecord) {
    return this.core.agentView(agent);
  }
  frameworkView(framework: Parameters<MasterCore['frameworkView']>[0]) {
    return this.core.frameworkView(framework);
  }
  roles() {
    return this.core.roles();
  }
  /** The full model for a (re)connected allocator. */
  allocatorSnapshot(): v1.AllocatorSnapshot {
    return allocatorSnapshotToProto(this.core.allocatorSnapshot(), this.clock() / 1000);
  }

  // ---------------------------------------------------------------- applying steps

  private idOf(connection: Connection): ConnectionId {
    let id = this.connectionIds.get(connection);
    if (id === undefined) {
      id = this.nextConnectionId++;
      this.connectionIds.set(connection, id);
      this.connections.set(id, connection);
    }
    return id;
  }

  private forget(connection: Connection): void {
    const id = this.connectionIds.get(connection);
    if (id === undefined) return;
    this.connectionIds.delete(connection);
    this.connections.delete(id);
  }

  /** Applies a step's effects in the documented order; resolves to its result. */
  private async apply<R>(step: Step<R>): Promise<R> {
    if (step.effects.length === 0) return step.result;
    const writes: StoreWrite[] = [];
    for (const effect of step.effects) {
      if (effect.kind === 'timer') this.setTimer(effect.timer, effect.atMs);
      else if (effect.kind === 'persist') writes.push(storeWrite(this.options.registry, effect.write));
      else if (effect.kind === 'log') this.logger[effect.level]({ ...effect.fields }, effect.message);
    }
    // NOTE: no await without writes, so that a step that persists nothing sends at once, in order.
    if (writes.length > 0) {
      if (this.closed) return step.result;
      try {
        await this.options.registry.commit(writes);
      } catch (error) {
        this.options.onCommitFailed?.(error);
        throw error;
      }
    }
    for (const effect of step.effects) this.send(effect);
    for (const effect of step.effects) {
      if (effect.kind === 'fact') {
        const { subject, typeName, message } = factToProto(effect.fact);
        this.options.facts.publish(subject, typeName, message);
      } else if (effect.kind === 'metric') this.count(effect.metric, effect.count);
    }
    return step.result;
  }

  /** Applies a step whose completion nobody waits for; a failure is logged. */
  private applyLater(step: Step<unknown>, what: string): void {
    this.apply(step).catch((error: unknown) => this.logger.error({ err: error }, `${what} failed`));
  }

  private send(effect: Effect): void {
    switch (effect.kind) {
      case 'agent': {
        const connection = this.connections.get(effect.connection) as AgentConnection | undefined;
        connection?.send(agentCommandToProto(effect.command, this.options.info));
        return;
      }
      case 'framework': {
        const connection = this.connections.get(effect.connection) as FrameworkConnection | undefined;
        connection?.send(frameworkEventToProto(effect.event, this.options.info));
        return;
      }
      case 'close': {
        const connection = this.connections.get(effect.connection);
        if (connection !== undefined) {
          connection.close();
          this.forget(connection);
        }
        return;
      }
      case 'allocator':
        this.options.allocator.send(allocatorDeltaToProto(effect.delta));
        return;
      default:
        return;
    }
  }

  private count(metric: Metric, n: number): void {
    const counters = this.options.counters;
    if (metric === 'offersSent') counters.offersSent(n);
    else if (metric === 'offersRescinded') counters.offersRescinded(n);
    else if (metric === 'staleAllocations') counters.staleAllocations(n);
    else if (metric === 'agentResyncs') counters.agentResyncs?.(n);
    else if (metric === 'tasksLaunched') counters.tasksLaunched(n);
    else if (metric.startsWith('statusUpdates:')) counters.statusUpdates(metric.slice('statusUpdates:'.length));
    else if (metric.startsWith('invalidCalls:')) counters.invalidCalls(metric.slice('invalidCalls:'.length));
  }

  private setTimer(timer: TimerId, atMs: number | undefined): void {
    const handle = this.timerHandles.get(timer);
    if (handle !== undefined) this.timers.clearTimeout(handle);
    this.timerHandles.delete(timer);
    if (atMs === undefined || this.closed) return;
    this.timerHandles.set(
      timer,
      this.timers.setTimeout(() => {
        this.timerHandles.delete(timer);
        if (!this.closed) this.applyLater(this.core.timerFired(this.clock(), timer), `timer ${timer}`);
      }, atMs - this.clock()),
    );
  }

  /** Runs a framework call; a refusal is counted under `call` and rethrown. */
  private refusing<R>(call: string, decide: () => Step<R>): Step<R> {
    try {
      return decide();
    } catch (error) {
      this.options.counters.invalidCalls(call);
      throw error;
    }
  }

  // ---------------------------------------------------------------- recovery

  /** Loads the registry after winning leadership (into a master that has served nothing yet). */
  recover(loaded: LoadedRegistryProto): void {
    this.applyLater(this.core.recover(this.clock(), loadedFromProto(loaded)), 'recovery');
  }

  // ---------------------------------------------------------------- frameworks

  /** Subscribes a framework on `connection`; resolves to its ID once SUBSCRIBED was sent. */
  subscribe(command: SubscribeCommand, connection: FrameworkConnection): Promise<string> {
    return this.apply(this.core.subscribe(this.clock(), command, this.idOf(connection)));
  }

  /** The framework's stream ended. */
  frameworkDisconnected(frameworkId: string, connection: FrameworkConnection): void {
    const id = this.connectionIds.get(connection);
    if (id === undefined) return;
    this.forget(connection);
    this.applyLater(this.core.frameworkDisconnected(this.clock(), frameworkId, id), 'framework disconnection');
  }

  /** `byOperator`: the Operator API's teardown (the framework need not be connected). */
  teardown(frameworkId: string, byOperator = false): Promise<void> {
    return this.apply(this.refusing('teardown', () => this.core.teardown(this.clock(), frameworkId, byOperator)));
  }

  suppress(frameworkId: string, roles: readonly string[]): Promise<void> {
    return this.apply(this.refusing('suppress', () => this.core.suppress(this.clock(), frameworkId, roles)));
  }

  revive(frameworkId: string, roles: readonly string[]): Promise<void> {
    return this.apply(this.refusing('revive', () => this.core.revive(this.clock(), frameworkId, roles)));
  }

  // ---------------------------------------------------------------- offers

  /** Allocations from the allocator become offers. */
  offer(allocations: readonly Allocation[]): void {
    this.applyLater(this.core.offer(this.clock(), allocations), 'offering');
  }

  decline(command: DeclineCommand): Promise<void> {
    return this.apply(this.refusing('decline', () => this.core.decline(this.clock(), command)));
  }

  /** Uses offers; resolves to the launched task IDs, or rejects with the refusal once its effects are applied. */
  async accept(command: AcceptCommand): Promise<string[]> {
    const outcome = await this.apply(this.refusing('accept', () => this.core.accept(this.clock(), command)));
    if (!outcome.ok) throw outcome.error;
    return [...outcome.launchedTaskIds];
  }

  /** Lent resources the allocator takes back. */
  revoke(revocations: readonly Revocation[]): void {
    this.applyLater(this.core.revoke(this.clock(), revocations), 'revocation');
  }

  // ---------------------------------------------------------------- tasks

  /** A status update from the agent's stream `connection`; resolves once it was persisted and forwarded. */
  statusUpdate(
    agentId: string,
    connection: AgentConnection,
    command: StatusUpdateCommand,
  ): Promise<StatusUpdateOutcome> {
    const id = this.connectionIds.get(connection);
    if (id === undefined) return Promise.resolve('ignored');
    return this.apply(this.core.statusUpdate(this.clock(), agentId, id, command));
  }

  acknowledge(frameworkId: string, acknowledgements: readonly Acknowledgement[]): Promise<void> {
    return this.apply(
      this.refusing('acknowledge', () => this.core.acknowledge(this.clock(), frameworkId, acknowledgements)),
    );
  }

  /** `byOperator`: the Operator API's kill (the framework need not be connected). */
  kill(command: KillCommand, byOperator = false): Promise<void> {
    return this.apply(this.refusing('kill', () => this.core.kill(this.clock(), command, byOperator)));
  }

  /** The latest known state of the named tasks (all of the framework's if none). */
  reconcile(frameworkId: string, tasks: readonly ReconcileTask[]): TaskStatus[] {
    return this.refusing('reconcile', () => this.core.reconcile(this.clock(), frameworkId, tasks)).result;
  }

  // ---------------------------------------------------------------- agents

  async registerAgent(command: RegisterCommand, connection: AgentConnection): Promise<AgentRecord> {
    return this.apply(this.core.registerAgent(this.clock(), command, this.idOf(connection)));
  }

  async reregisterAgent(command: ReregisterCommand, connection: AgentConnection): Promise<AgentRecord> {
    return this.apply(this.core.reregisterAgent(this.clock(), command, this.idOf(connection)));
  }

  /** A pong or any other message on the agent's stream. */
  agentSeen(agentId: string, connection: AgentConnection): void {
    const id = this.connectionIds.get(connection);
    if (id !== undefined) this.applyLater(this.core.agentSeen(this.clock(), agentId, id), 'agent seen');
  }

  /** The agent's stream ended. */
  agentDisconnected(agentId: string, connection: AgentConnection): void {
    const id = this.connectionIds.get(connection);
    if (id === undefined) return;
    this.forget(connection);
    this.applyLater(this.core.agentDisconnected(this.clock(), agentId, id), 'agent disconnection');
  }

  agentDrained(agentId: string, connection: AgentConnection): void {
    const id = this.connectionIds.get(connection);
    if (id !== undefined) this.applyLater(this.core.agentDrained(this.clock(), agentId, id), 'agent drained');
  }

  /** Operator: drain an agent. Throws the refusal at once; the change is applied after. */
  drainAgent(agentId: string, gracePeriodSeconds: number | undefined): void {
    this.applyLater(this.core.drainAgent(this.clock(), agentId, gracePeriodSeconds), 'draining');
  }

  /** Operator: offer a draining agent again. Throws the refusal at once; the change is applied after. */
  reactivateAgent(agentId: string): void {
    this.applyLater(this.core.reactivateAgent(this.clock(), agentId), 'reactivation');
  }

  reserveResources(agentId: string, resources: readonly Resource[]): Promise<void> {
    return this.apply(this.core.reserveResources(this.clock(), agentId, resources));
  }

  unreserveResources(agentId: string, resources: readonly Resource[]): Promise<void> {
    return this.apply(this.core.unreserveResources(this.clock(), agentId, resources));
  }

  // ---------------------------------------------------------------- roles

  setQuota(quota: Quota): Promise<void> {
    return this.apply(this.core.setQuota(this.clock(), quota));
  }
  removeQuota(role: string): Promise<void> {
    return this.apply(this.core.removeQuota(this.clock(), role));
  }
  updateWeights(weights: readonly { role: string; weight: number }[]): Promise<void> {
    return this.apply(this.core.updateWeights(this.clock(), weights));
  }
  setRolePolicy(role: string, policy: string): Promise<void> {
    return this.apply(this.core.setRolePolicy(this.clock(), role, policy));
  }

  /**
   * Shutdown: stops every timer and write, and ends every agent and framework
   * stream (they reconnect to the next leader). Idempotent.
   */
  close(): void {
    this.closed = true;
    for (const handle of this.timerHandles.values()) this.timers.clearTimeout(handle);
    this.timerHandles.clear();
    for (const connection of [...this.connections.values()]) connection.close();
    this.connections.clear();
    this.connectionIds.clear();
  }
}

export type { AgentRecord };
