import { randomUUID } from 'node:crypto';
import {
  addResources,
  DEFAULT_FAILOVER_TIMEOUT_SECONDS,
  DEFAULT_KILL_GRACE_PERIOD_SECONDS,
  DEFAULT_REFUSE_SECONDS,
  containsResources,
  isTerminalTaskState,
  isValidRole,
  subtractResources,
  applyDynamicReservations,
  formatResources,
  isEmptyResources,
  stripReservations,
  stripRevocable,
  subtractClamped,
  type Resource,
  type TaskState,
} from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, taskStateFromProto, type v1 } from '@tessera/proto';
import { UnavailableError, type Logger } from '@tessera/runtime';
import type { StoreWrite } from '@tessera/store';
import {
  acceptsTransition,
  planAccept,
  stateForFramework,
  type OfferView,
  type OperationSpec,
  type TaskSpec,
} from './core/index.js';
import {
  AgentGoneError,
  FrameworkNotSubscribedError,
  FrameworkRemovedError,
  InvalidCallError,
  InvalidFrameworkInfoError,
  UnknownAgentError,
} from './errors.js';
import type { FactPublisher } from './facts.js';
import type { LoadedRegistry, RegistryStore } from './persistence.js';

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
  tasksLaunched(count: number): void;
  statusUpdates(state: string): void;
  invalidCalls(call: string): void;
}

export interface MasterOptions {
  info: v1.MasterInfo;
  registry: RegistryStore;
  facts: FactPublisher;
  allocator: AllocatorPort;
  logger: Logger;
  counters: MasterCounters;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  /** Outstanding offers are rescinded after this long; 0 = never. */
  offerTimeoutMs: number;
  /** A disconnected agent becomes unreachable after this long. */
  agentUnreachableTimeoutMs: number;
  heartbeatIntervalMs: number;
  agentPingIntervalMs: number;
}

/**
 * An agent's lifecycle. ACTIVE while its stream is open; DISCONNECTED when the
 * stream ends (or after a master failover), UNREACHABLE (tasks TASK_UNREACHABLE)
 * if it stays away past the timeout, ACTIVE again when it re-registers. DRAINING
 * and DRAINED are set by the operator. GONE is final: its machine rebooted and
 * registered anew (Register.previous_agent_id); its tasks are TASK_GONE, it is
 * refused if it tries to re-register, and it is kept (also across failovers) so
 * that reconciliation answers TASK_GONE for its tasks.
 */
type AgentStatus = 'ACTIVE' | 'DISCONNECTED' | 'UNREACHABLE' | 'DRAINING' | 'DRAINED' | 'GONE';

interface AgentRecord {
  id: string;
  info: v1.AgentInfo__Output;
  total: Resource[];
  status: AgentStatus;
  registeredTime: number;
  lastSeenTime: number;
  connection: AgentConnection | undefined;
  taskKeys: Set<string>;
  offerIds: Set<string>;
  unreachableTimer: NodeJS.Timeout | undefined;
  pingTimer: NodeJS.Timeout | undefined;
  pingSequence: number;
}

interface FrameworkRecord {
  id: string;
  info: v1.FrameworkInfo__Output;
  connection: FrameworkConnection | undefined;
  suppressedRoles: Set<string>;
  registeredTime: number;
  unregisteredTime: number;
  subscriptionSequence: number;
  failoverTimer: NodeJS.Timeout | undefined;
  heartbeatTimer: NodeJS.Timeout | undefined;
  taskKeys: Set<string>;
  offerIds: Set<string>;
}

interface TaskRecord {
  key: string;
  frameworkId: string;
  agentId: string;
  info: v1.TaskInfo__Output;
  resources: Resource[];
  role: string;
  status: v1.TaskStatus__Output;
  /** uuid of the latest update the framework acknowledged. */
  acknowledgedUuid: string;
  acknowledgedState: TaskState | undefined;
  /** Resolves true once the latest status is durable (false if writing it failed). */
  persisted: Promise<boolean>;
  /** A kill for revoked resources was sent. */
  preempting?: boolean;
}

interface OfferRecord {
  view: OfferView;
  timer: NodeJS.Timeout | undefined;
}

const taskKey = (frameworkId: string, taskId: string): string => `${frameworkId}/${taskId}`;
/** A task that has not ended: it holds its resources. */
const isLive = (task: TaskRecord): boolean => !isTerminalTaskState(taskStateFromProto(task.status.state));
const hasCapability = (info: v1.FrameworkInfo__Output, capability: string): boolean =>
  info.capabilities.some((c) => c === capability);

/** How many ended tasks the master remembers (per master, oldest forgotten first) for reconciliation. */
const COMPLETED_TASKS_KEPT = 10_000;

/**
 * The master's registry of agents, frameworks, offers and tasks, and every rule
 * about how they change. The gRPC services only adapt streams and calls to it.
 * Every change is persisted (fenced) before it is acted on or acknowledged, and
 * published as a fact afterwards.
 */
export class Master {
  readonly agents = new Map<string, AgentRecord>();
  readonly frameworks = new Map<string, FrameworkRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly offers = new Map<string, OfferRecord>();
  private readonly completed = new Map<string, TaskRecord>();
  private readonly removedFrameworks = new Set<string>();
  readonly quotas = new Map<string, v1.Quota__Output>();
  readonly weights = new Map<string, number>();
  /** Queue policy per role ("DRF" when absent). */
  readonly policies = new Map<string, string>();
  private subscriptionCounter = 0;
  private closed = false;
  private offerCounter = 0;
  private readonly runId = randomUUID().slice(0, 8);
  private readonly clock: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: MasterOptions) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
  }

  private nowSeconds(): number {
    return this.clock() / 1000;
  }

  // ---------------------------------------------------------------- recovery

  /**
   * Loads the registry after winning leadership. Agents and frameworks start
   * disconnected and must come back; gone agents stay gone.
   */
  recover(loaded: LoadedRegistry): void {
    for (const state of loaded.agents) {
      const info = state.info;
      const id = info?.id?.value;
      if (info === null || info === undefined || id === undefined || id === '') continue;
      const status: AgentStatus =
        state.status === 'GONE' ? 'GONE' : state.status === 'UNREACHABLE' ? 'UNREACHABLE' : 'DISCONNECTED';
      const agent = this.newAgentRecord(
        id,
        info,
        resourcesFromProto(info.resources),
        status,
        undefined,
        state.registeredTime,
        state.lastSeenTime,
      );
      this.agents.set(id, agent);
      if (agent.status === 'DISCONNECTED') this.startUnreachableTimer(agent);
    }
    for (const state of loaded.frameworks) {
      const info = state.info;
      const id = info?.id?.value;
      if (info === null || info === undefined || id === undefined || id === '') continue;
      const framework: FrameworkRecord = {
        id,
        info,
        connection: undefined,
        suppressedRoles: new Set(state.suppressedRoles),
        registeredTime: state.registeredTime,
        unregisteredTime: this.nowSeconds(),
        subscriptionSequence: ++this.subscriptionCounter,
        failoverTimer: undefined,
        heartbeatTimer: undefined,
        taskKeys: new Set(),
        offerIds: new Set(),
      };
      this.frameworks.set(id, framework);
      this.startFailoverTimer(framework);
    }
    for (const record of loaded.tasks) {
      const frameworkId = record.frameworkId?.value ?? '';
      const taskId = record.task?.taskId?.value ?? '';
      const agentId = record.agentId?.value ?? '';
      if (record.task === null || record.status === null || taskId === '') continue;
      const key = taskKey(frameworkId, taskId);
      const task: TaskRecord = {
        key,
        frameworkId,
        agentId,
        info: record.task,
        resources: resourcesFromProto(record.task.resources),
        role: record.role,
        status: record.status,
        acknowledgedUuid: '',
        acknowledgedState:
          record.acknowledgedState === 'TASK_STATE_UNSPECIFIED'
            ? undefined
            : taskStateFromProto(record.acknowledgedState),
        persisted: Promise.resolve(true),
      };
      this.tasks.set(key, task);
      this.agents.get(agentId)?.taskKeys.add(key);
      this.frameworks.get(frameworkId)?.taskKeys.add(key);
    }
    for (const quota of loaded.quotas) this.quotas.set(quota.role, quota);
    for (const weight of loaded.weights) this.weights.set(weight.role, weight.weight);
    for (const policy of loaded.policies) this.policies.set(policy.role, String(policy.policy));
    this.logger.info(
      { agents: this.agents.size, frameworks: this.frameworks.size, tasks: this.tasks.size },
      'registry recovered; waiting for agents to re-register and frameworks to re-subscribe',
    );
  }

  // ---------------------------------------------------------------- frameworks

  /**
   * Subscribes a framework (new, or re-subscribing with its ID within its failover
   * timeout) on `connection`. Returns its ID after the SUBSCRIBED event was sent.
   */
  async subscribe(request: v1.SubscribeRequest__Output, connection: FrameworkConnection): Promise<string> {
    const info = request.frameworkInfo;
    if (info === null || info === undefined) throw new InvalidFrameworkInfoError('framework_info is required');
    const problems: string[] = [];
    if (info.name.trim() === '') problems.push('framework_info.name is required');
    if (info.roles.length === 0) problems.push('framework_info.roles needs at least one role');
    for (const role of info.roles)
      if (!isValidRole(role)) problems.push(`framework_info.roles: ${JSON.stringify(role)} is not a valid role`);
    if (new Set(info.roles).size !== info.roles.length) problems.push('framework_info.roles has duplicates');
    if (!Number.isFinite(info.failoverTimeoutSeconds) || info.failoverTimeoutSeconds < 0) {
      problems.push('framework_info.failover_timeout_seconds must be >= 0');
    }
    for (const role of request.suppressedRoles) {
      if (!info.roles.includes(role)) problems.push(`suppressed_roles: ${role} is not one of the framework's roles`);
    }
    if (problems.length > 0) throw new InvalidFrameworkInfoError(problems.join('; '));

    const requestedId = info.id?.value ?? '';
    if (requestedId !== '' && this.removedFrameworks.has(requestedId)) {
      throw new FrameworkRemovedError(`framework ${requestedId} was removed; subscribe without an ID to start anew`);
    }
    const id = requestedId === '' ? `${randomUUID()}-F` : requestedId;
    const storedInfo: v1.FrameworkInfo__Output = { ...info, id: { value: id } };
    const now = this.nowSeconds();
    let framework = this.frameworks.get(id);
    const resubscribed = framework !== undefined;
    if (framework === undefined) {
      framework = {
        id,
        info: storedInfo,
        connection: undefined,
        suppressedRoles: new Set(request.suppressedRoles),
        registeredTime: now,
        unregisteredTime: 0,
        subscriptionSequence: ++this.subscriptionCounter,
        failoverTimer: undefined,
        heartbeatTimer: undefined,
        taskKeys: new Set(),
        offerIds: new Set(),
      };
    } else {
      framework.info = storedInfo;
      framework.suppressedRoles = new Set([
        ...request.suppressedRoles,
        ...[...framework.suppressedRoles].filter((r) => info.roles.includes(r)),
      ]);
    }
    await this.options.registry.commit([this.options.registry.putFramework(id, this.frameworkState(framework, true))]);

    const previous = framework.connection;
    if (framework.failoverTimer) clearTimeout(framework.failoverTimer);
    framework.failoverTimer = undefined;
    if (framework.heartbeatTimer) clearInterval(framework.heartbeatTimer);
    this.frameworks.set(id, framework);
    framework.connection = connection;
    framework.unregisteredTime = 0;
    if (previous !== undefined && previous !== connection) {
      previous.send({ error: { message: 'framework re-subscribed on another stream' } });
      previous.close();
    }
    // Offers made to an earlier stream are void.
    this.rescindFrameworkOffers(framework, false);

    connection.send({
      subscribed: {
        frameworkId: { value: id },
        heartbeatIntervalSeconds: this.options.heartbeatIntervalMs / 1000,
        masterInfo: this.options.info,
      },
    });
    framework.heartbeatTimer = setInterval(
      () => framework.connection?.send({ heartbeat: {} }),
      this.options.heartbeatIntervalMs,
    );
    framework.heartbeatTimer.unref();

    const allocatorFramework = this.allocatorFramework(framework);
    this.options.allocator.send(
      resubscribed ? { frameworkUpdated: allocatorFramework } : { frameworkAdded: allocatorFramework },
    );
    if (resubscribed) this.options.allocator.send({ frameworkActive: { frameworkId: { value: id }, active: true } });
    this.options.facts.publish(
      `tessera.framework.${resubscribed ? 'resubscribed' : 'added'}`,
      'tessera.v1.FrameworkEvent',
      {
        framework: storedInfo,
        change: resubscribed ? 'resubscribed' : 'added',
        time: now,
      },
    );
    this.logger.info({ frameworkId: id, name: info.name, roles: info.roles, resubscribed }, 'framework subscribed');

    // Updates the framework has not acknowledged are sent again now (the agents also retry them).
    for (const key of framework.taskKeys) {
      const task = this.tasks.get(key);
      if (task !== undefined && task.status.uuid !== '' && task.status.uuid !== task.acknowledgedUuid) {
        this.forwardUpdate(framework, task.status);
      }
    }
    return id;
  }

  /** The framework's stream ended. Its tasks stay for its failover timeout. */
  frameworkDisconnected(frameworkId: string, connection: FrameworkConnection): void {
    const framework = this.frameworks.get(frameworkId);
    if (framework === undefined || framework.connection !== connection) return;
    framework.connection = undefined;
    framework.unregisteredTime = this.nowSeconds();
    if (framework.heartbeatTimer) clearInterval(framework.heartbeatTimer);
    framework.heartbeatTimer = undefined;
    this.rescindFrameworkOffers(framework, false);
    this.options.allocator.send({ frameworkActive: { frameworkId: { value: frameworkId }, active: false } });
    this.startFailoverTimer(framework);
    this.persistLater([this.options.registry.putFramework(frameworkId, this.frameworkState(framework, false))]);
    this.options.facts.publish('tessera.framework.disconnected', 'tessera.v1.FrameworkEvent', {
      framework: framework.info,
      change: 'disconnected',
      time: framework.unregisteredTime,
    });
    this.logger.info({ frameworkId }, 'framework disconnected');
  }

  private startFailoverTimer(framework: FrameworkRecord): void {
    const seconds =
      framework.info.failoverTimeoutSeconds > 0
        ? framework.info.failoverTimeoutSeconds
        : DEFAULT_FAILOVER_TIMEOUT_SECONDS;
    if (framework.failoverTimer) clearTimeout(framework.failoverTimer);
    framework.failoverTimer = setTimeout(
      () => {
        this.logger.warn({ frameworkId: framework.id, seconds }, 'framework failover timeout expired; removing it');
        this.removeFramework(framework.id).catch((error: unknown) =>
          this.logger.error({ err: error }, 'removing framework failed'),
        );
      },
      Math.min(seconds * 1000, 2 ** 31 - 1),
    );
    framework.failoverTimer.unref();
  }

  private requireSubscribed(frameworkId: string | undefined): FrameworkRecord {
    const id = frameworkId ?? '';
    const framework = this.frameworks.get(id);
    if (id === '') throw new FrameworkNotSubscribedError('framework_id is required');
    if (framework === undefined || framework.connection === undefined) {
      throw new FrameworkNotSubscribedError(`framework ${id} is not subscribed; call Subscribe first`);
    }
    return framework;
  }

  /** Kills all of a framework's tasks, rescinds its offers and forgets it. */
  async teardown(frameworkId: string | undefined): Promise<void> {
    const framework = this.requireSubscribed(frameworkId);
    const connection = framework.connection;
    await this.removeFramework(framework.id);
    connection?.close();
  }

  private async removeFramework(frameworkId: string): Promise<void> {
    const framework = this.frameworks.get(frameworkId);
    if (framework === undefined) return;
    if (framework.failoverTimer) clearTimeout(framework.failoverTimer);
    if (framework.heartbeatTimer) clearInterval(framework.heartbeatTimer);
    this.rescindFrameworkOffers(framework, false);
    this.removedFrameworks.add(frameworkId);
    this.frameworks.delete(frameworkId);
    await this.options.registry.commit([this.options.registry.deleteFramework(frameworkId)]);
    const agentIds = new Set<string>();
    for (const key of framework.taskKeys) {
      const task = this.tasks.get(key);
      if (task !== undefined && isLive(task)) agentIds.add(task.agentId);
    }
    for (const agentId of agentIds) {
      this.agents.get(agentId)?.connection?.send({ shutdownFramework: { frameworkId: { value: frameworkId } } });
    }
    this.options.allocator.send({ frameworkRemoved: { frameworkId: { value: frameworkId } } });
    this.options.facts.publish('tessera.framework.removed', 'tessera.v1.FrameworkEvent', {
      framework: framework.info,
      change: 'removed',
      time: this.nowSeconds(),
    });
    this.logger.info({ frameworkId, tasks: framework.taskKeys.size }, 'framework removed');
  }

  // ---------------------------------------------------------------- offers

  /** Allocations from the allocator become offers; stale ones go straight back. */
  offer(allocations: readonly v1.Allocation__Output[]): void {
    const byFramework = new Map<FrameworkRecord, v1.Offer[]>();
    let stale = 0;
    for (const allocation of allocations) {
      const frameworkId = allocation.frameworkId?.value ?? '';
      const agentId = allocation.agentId?.value ?? '';
      const resources = resourcesFromProto(allocation.resources);
      const framework = this.frameworks.get(frameworkId);
      const agent = this.agents.get(agentId);
      const usable =
        framework !== undefined &&
        framework.connection !== undefined &&
        framework.info.roles.includes(allocation.role) &&
        agent !== undefined &&
        agent.status === 'ACTIVE' &&
        agent.connection !== undefined &&
        containsResources(this.availableOn(agent), stripRevocable(resources));
      this.logger.debug({ frameworkId, agentId, role: allocation.role, usable }, 'allocation');
      if (!usable) {
        stale++;
        // NOTE: handed back without a filter; the allocator's view was simply behind ours.
        this.options.allocator.send({
          recover: {
            frameworkId: { value: frameworkId },
            agentId: { value: agentId },
            role: allocation.role,
            resources: allocation.resources,
          },
        });
        continue;
      }
      const id = `${this.runId}-O${++this.offerCounter}`;
      const view: OfferView = { id, frameworkId, agentId, role: allocation.role, resources };
      const record: OfferRecord = { view, timer: undefined };
      if (this.options.offerTimeoutMs > 0) {
        record.timer = setTimeout(() => this.rescindOffer(id, true), this.options.offerTimeoutMs);
        record.timer.unref();
      }
      this.offers.set(id, record);
      agent.offerIds.add(id);
      framework.offerIds.add(id);
      let list = byFramework.get(framework);
      if (list === undefined) {
        list = [];
        byFramework.set(framework, list);
      }
      list.push({
        id: { value: id },
        frameworkId: { value: frameworkId },
        agentId: { value: agentId },
        hostname: agent.info.hostname,
        allocationRole: allocation.role,
        resources: resourcesToProto(resources),
        attributes: agent.info.attributes,
        agentEndpoint: agent.info.endpoint,
      });
    }
    if (stale > 0) this.options.counters.staleAllocations(stale);
    for (const [framework, offers] of byFramework) {
      framework.connection?.send({ offers: { offers } });
      this.options.counters.offersSent(offers.length);
    }
  }

  /** The agent's total minus what its live tasks use and its outstanding offers hold. */
  private availableOn(agent: AgentRecord): Resource[] {
    const { used, offered } = this.holdings(agent.taskKeys, agent.offerIds);
    // Lent (revocable) resources are the same physical resources: capacity is counted without the flag.
    const usedTotal = stripRevocable([...used, ...offered]);
    return containsResources(agent.total, usedTotal) ? subtractResources(agent.total, usedTotal) : [];
  }

  /** What the live tasks among `taskKeys` use and the outstanding offers among `offerIds` hold. */
  private holdings(
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
      if (offer !== undefined) offered.push(...offer.view.resources);
    }
    return { used: addResources([], used), offered: addResources([], offered), liveTasks };
  }

  /** Removes an offer without using it; its resources go back to the allocator. */
  private rescindOffer(offerId: string, tellFramework: boolean, refuseSeconds?: number): OfferRecord | undefined {
    const record = this.offers.get(offerId);
    if (record === undefined) return undefined;
    this.offers.delete(offerId);
    if (record.timer) clearTimeout(record.timer);
    this.agents.get(record.view.agentId)?.offerIds.delete(offerId);
    const framework = this.frameworks.get(record.view.frameworkId);
    framework?.offerIds.delete(offerId);
    if (tellFramework) {
      framework?.connection?.send({ rescind: { offerId: { value: offerId } } });
      this.options.counters.offersRescinded(1);
    }
    this.options.allocator.send({
      recover: {
        frameworkId: { value: record.view.frameworkId },
        agentId: { value: record.view.agentId },
        role: record.view.role,
        resources: resourcesToProto(record.view.resources),
        ...(refuseSeconds === undefined || refuseSeconds === 0 ? {} : { filters: { refuseSeconds }, hasFilters: true }),
      },
    });
    return record;
  }

  private rescindFrameworkOffers(framework: FrameworkRecord, tell: boolean): void {
    for (const offerId of [...framework.offerIds]) this.rescindOffer(offerId, tell);
  }

  private rescindAgentOffers(agent: AgentRecord): void {
    for (const offerId of [...agent.offerIds]) this.rescindOffer(offerId, true);
  }

  /** Declines offers: their resources go back with a refuse filter (default 5 s). */
  decline(request: v1.DeclineRequest__Output): void {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    const refuseSeconds = this.refuseSeconds(request.filters);
    const unknown = request.offerIds
      .map((o) => o.value)
      .filter((id) => this.offers.get(id)?.view.frameworkId !== framework.id);
    if (unknown.length > 0) {
      this.options.counters.invalidCalls('decline');
      throw new InvalidCallError(
        `unknown offers (expired, rescinded, used or not this framework's): ${unknown.join(', ')}`,
      );
    }
    for (const offerId of request.offerIds) this.rescindOffer(offerId.value, false, refuseSeconds);
  }

  /** Mesos's rule: no Filters → the default 5 s; Filters with refuse_seconds 0 → no filter at all. */
  private refuseSeconds(filters: v1.Filters__Output | null | undefined): number {
    if (filters === null || filters === undefined) return DEFAULT_REFUSE_SECONDS;
    const value = filters.refuseSeconds;
    if (!Number.isFinite(value) || value < 0)
      throw new InvalidCallError('filters.refuse_seconds must be a finite number >= 0');
    return value;
  }

  /**
   * Uses offers. All-or-nothing: an invalid call changes nothing but consuming the
   * named offers (their resources return to the allocator) and sends TASK_ERROR for
   * each task it named, then fails with the list of problems.
   */
  async accept(request: v1.AcceptRequest__Output): Promise<string[]> {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    const refuseSeconds = this.refuseSeconds(request.filters);
    const operations: OperationSpec<v1.TaskInfo__Output>[] = [];
    const conversionProblems: string[] = [];
    for (const [index, op] of request.operations.entries()) {
      try {
        if (op.launch) operations.push({ type: 'launch', tasks: op.launch.taskInfos.map((t) => this.taskSpec(t)) });
        else if (op.reserve) operations.push({ type: 'reserve', resources: resourcesFromProto(op.reserve.resources) });
        else if (op.unreserve)
          operations.push({ type: 'unreserve', resources: resourcesFromProto(op.unreserve.resources) });
        else conversionProblems.push(`operations[${index}]: no operation set (launch, reserve or unreserve)`);
      } catch (error) {
        conversionProblems.push(`operations[${index}]: ${(error as Error).message}`);
      }
    }
    const plan = planAccept({
      frameworkId: framework.id,
      principal: framework.info.principal,
      offerIds: request.offerIds.map((o) => o.value),
      operations,
      offer: (offerId) => this.offers.get(offerId)?.view,
      // NOTE: IDs of ended tasks the master still remembers are refused too, so
      // that reconciliation and acknowledgements never confuse two tasks.
      isTaskIdTaken: (taskId) =>
        framework.taskKeys.has(taskKey(framework.id, taskId)) || this.completed.has(taskKey(framework.id, taskId)),
    });
    if (!plan.ok || conversionProblems.length > 0) {
      const problems = [...conversionProblems, ...(plan.ok ? [] : plan.problems)];
      for (const offer of plan.offers) this.rescindOffer(offer.id, false);
      const namedTasks = request.operations.flatMap((op) => op.launch?.taskInfos ?? []);
      for (const task of namedTasks) {
        framework.connection?.send({
          update: {
            status: {
              taskId: task.taskId,
              state: 'TASK_ERROR',
              reason: plan.offers.length === 0 ? 'REASON_INVALID_OFFERS' : 'REASON_TASK_INVALID',
              source: 'SOURCE_MASTER',
              message: problems.join('; '),
              timestamp: this.nowSeconds(),
              agentId: plan.offers[0] === undefined ? null : { value: plan.offers[0].agentId },
            },
          },
        });
      }
      this.options.counters.invalidCalls('accept');
      throw new InvalidCallError(`Accept refused: ${problems.join('; ')}`);
    }

    const agent = this.agents.get(plan.agentId);
    for (const offer of plan.offers) {
      const record = this.offers.get(offer.id);
      if (record?.timer) clearTimeout(record.timer);
      this.offers.delete(offer.id);
      agent?.offerIds.delete(offer.id);
      framework.offerIds.delete(offer.id);
    }
    if (agent === undefined || agent.connection === undefined || agent.status !== 'ACTIVE') {
      // The agent went away between the offer and the accept: the tasks are lost, nothing ran.
      this.options.allocator.send({
        recover: {
          frameworkId: { value: framework.id },
          agentId: { value: plan.agentId },
          role: plan.role,
          resources: resourcesToProto(
            addResources(
              [],
              plan.offers.flatMap((o) => o.resources),
            ),
          ),
        },
      });
      for (const task of plan.launches) {
        framework.connection?.send({
          update: {
            status: {
              taskId: { value: task.taskId },
              state: stateForFramework('TASK_DROPPED', hasCapability(framework.info, 'PARTITION_AWARE')),
              reason: 'REASON_AGENT_DISCONNECTED',
              source: 'SOURCE_MASTER',
              message: `agent ${plan.agentId} is not connected`,
              timestamp: this.nowSeconds(),
              agentId: { value: plan.agentId },
            },
          },
        });
      }
      return [];
    }

    for (const conversion of plan.conversions) {
      agent.total = addResources(subtractResources(agent.total, conversion.from), conversion.to);
      this.options.allocator.send({
        updateAllocation: {
          frameworkId: { value: framework.id },
          agentId: { value: agent.id },
          role: plan.role,
          from: resourcesToProto(conversion.from),
          to: resourcesToProto(conversion.to),
        },
      });
    }
    const now = this.nowSeconds();
    const created: TaskRecord[] = plan.launches.map((spec) => {
      const info: v1.TaskInfo__Output = { ...spec.payload, agentId: { value: agent.id } };
      return {
        key: taskKey(framework.id, spec.taskId),
        frameworkId: framework.id,
        agentId: agent.id,
        info,
        resources: [...spec.resources],
        role: plan.role,
        status: this.masterStatus(spec.taskId, agent.id, 'TASK_STAGING', '', now),
        acknowledgedUuid: '',
        acknowledgedState: undefined,
        persisted: Promise.resolve(true),
      };
    });
    const writes: StoreWrite[] = created.map((task) =>
      this.options.registry.putTask(task.key, this.taskRecordProto(task)),
    );
    if (plan.conversions.length > 0) writes.push(this.options.registry.putAgent(agent.id, this.agentState(agent)));
    await this.options.registry.commit(writes);
    for (const task of created) {
      this.tasks.set(task.key, task);
      agent.taskKeys.add(task.key);
      framework.taskKeys.add(task.key);
      agent.connection.send({ runTask: { frameworkInfo: framework.info, task: task.info } });
      this.publishTaskUpdated(task);
    }
    if (plan.remaining.length > 0) {
      this.options.allocator.send({
        recover: {
          frameworkId: { value: framework.id },
          agentId: { value: agent.id },
          role: plan.role,
          resources: resourcesToProto(plan.remaining),
          ...(refuseSeconds === 0 ? {} : { filters: { refuseSeconds }, hasFilters: true }),
        },
      });
    }
    this.options.counters.tasksLaunched(created.length);
    return created.map((t) => t.info.taskId?.value ?? '');
  }

  private taskSpec(task: v1.TaskInfo__Output): TaskSpec<v1.TaskInfo__Output> {
    const command = task.command;
    const shell = command === null || command === undefined ? true : command.shell || command.arguments.length === 0;
    const grace = task.killPolicy?.gracePeriodSeconds ?? 0;
    return {
      taskId: task.taskId?.value ?? '',
      name: task.name,
      resources: resourcesFromProto(task.resources),
      command: { shell, value: command?.value ?? '', arguments: command?.arguments ?? [] },
      killGracePeriodSeconds: grace,
      payload: { ...task, command: command === null || command === undefined ? null : { ...command, shell } },
    };
  }

  /** Revive: clears the framework's filters and un-suppresses the roles (all if none named). */
  revive(request: v1.ReviveRequest__Output): void {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    const roles = this.checkRoles(framework, request.roles);
    for (const role of roles) framework.suppressedRoles.delete(role);
    this.options.allocator.send({ revive: { frameworkId: { value: framework.id }, roles } });
    this.persistLater([this.options.registry.putFramework(framework.id, this.frameworkState(framework, true))]);
  }

  /** Suppress: no offers for the roles (all if none named) until Revive. */
  suppress(request: v1.SuppressRequest__Output): void {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    const roles = this.checkRoles(framework, request.roles);
    for (const role of roles) framework.suppressedRoles.add(role);
    this.options.allocator.send({ suppress: { frameworkId: { value: framework.id }, roles } });
    this.persistLater([this.options.registry.putFramework(framework.id, this.frameworkState(framework, true))]);
  }

  private checkRoles(framework: FrameworkRecord, roles: readonly string[]): string[] {
    const unknown = roles.filter((r) => !framework.info.roles.includes(r));
    if (unknown.length > 0) throw new InvalidCallError(`not roles of this framework: ${unknown.join(', ')}`);
    return roles.length === 0 ? [...framework.info.roles] : [...roles];
  }

  // ---------------------------------------------------------------- tasks

  /** Kills a task. An ended or unknown task is answered with its last known state on the stream. */
  kill(request: v1.KillRequest__Output): void {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    const taskId = request.taskId?.value ?? '';
    if (taskId === '') throw new InvalidCallError('task_id is required');
    const grace = request.killPolicy?.gracePeriodSeconds;
    if (grace !== undefined && (!Number.isFinite(grace) || grace < 0)) {
      throw new InvalidCallError('kill_policy.grace_period_seconds must be >= 0');
    }
    const key = taskKey(framework.id, taskId);
    const task = this.tasks.get(key);
    if (task === undefined || !isLive(task)) {
      const known = task ?? this.completed.get(key);
      const status =
        known?.status ??
        this.masterStatus(taskId, request.agentId?.value ?? '', 'TASK_UNKNOWN', 'task is unknown', this.nowSeconds());
      this.forwardUpdate(framework, { ...status, uuid: '' });
      return;
    }
    const agent = this.agents.get(task.agentId);
    agent?.connection?.send({
      killTask: {
        frameworkId: { value: framework.id },
        taskId: { value: taskId },
        killPolicy: request.killPolicy ??
          task.info.killPolicy ?? { gracePeriodSeconds: DEFAULT_KILL_GRACE_PERIOD_SECONDS },
      },
    });
    if (agent?.connection === undefined) {
      this.logger.warn(
        { taskId, agentId: task.agentId },
        'kill for a task on a disconnected agent; it is killed when the agent re-registers',
      );
    }
  }

  /** A status update from an agent: persisted, then forwarded to the framework; resources of ended tasks go back. */
  async statusUpdate(agent: AgentRecord, update: v1._tessera_v1_AgentMessage_StatusUpdate__Output): Promise<void> {
    const status = update.status;
    const frameworkId = update.frameworkId?.value ?? '';
    const taskId = status?.taskId?.value ?? '';
    if (status === null || status === undefined || taskId === '') return;
    const key = taskKey(frameworkId, taskId);
    const framework = this.frameworks.get(frameworkId);
    let task = this.tasks.get(key);
    if (framework === undefined) {
      // No framework to tell: acknowledge on its behalf so the agent stops retrying.
      if (status.uuid !== '')
        agent.connection?.send({
          acknowledge: { frameworkId: { value: frameworkId }, taskId: { value: taskId }, uuid: status.uuid },
        });
      if (task !== undefined && isTerminalTaskState(taskStateFromProto(status.state))) await this.forgetTask(task);
      return;
    }
    if (task === undefined) {
      const done = this.completed.get(key);
      if (done !== undefined) {
        // A retry of an update for a task that already ended and was acknowledged.
        if (status.uuid !== '' && status.uuid === done.acknowledgedUuid) {
          agent.connection?.send({
            acknowledge: { frameworkId: { value: frameworkId }, taskId: { value: taskId }, uuid: status.uuid },
          });
          return;
        }
      }
      this.logger.warn({ taskId, frameworkId }, 'status update for a task the master did not know; adopting it');
      task = {
        key,
        frameworkId,
        agentId: agent.id,
        info: {
          name: taskId,
          taskId: { value: taskId },
          agentId: { value: agent.id },
          resources: [],
          command: null,
          healthCheck: null,
          killPolicy: null,
          labels: [],
          executorId: null,
        },
        resources: [],
        role: framework.info.roles[0] ?? '',
        status,
        acknowledgedUuid: '',
        acknowledgedState: undefined,
        persisted: Promise.resolve(true),
      };
    }
    const previous = taskStateFromProto(task.status.state);
    const next = taskStateFromProto(status.state);
    const duplicate = task.status.uuid !== '' && task.status.uuid === status.uuid;
    if (duplicate) {
      // A resend: forward it again, but only once it is durable.
      if (!(await task.persisted)) task.persisted = this.persistTask(task);
      if (!(await task.persisted)) throw new UnavailableError(`could not persist the status of task ${taskId}`);
      this.forwardUpdate(framework, task.status);
      return;
    }
    if (!acceptsTransition(previous, next)) {
      this.logger.warn({ taskId, previous, next }, 'ignoring a status update after a terminal state');
      if (status.uuid !== '')
        agent.connection?.send({
          acknowledge: { frameworkId: { value: frameworkId }, taskId: { value: taskId }, uuid: status.uuid },
        });
      return;
    }
    // NOTE: the registry changes in memory at once, so that the next update of this
    // agent can be applied (and its write issued, in order) without waiting for this
    // write; the framework hears of it only once it is durable.
    const updated: v1.TaskStatus__Output = { ...status, agentId: { value: agent.id } };
    task.status = updated;
    this.tasks.set(key, task);
    agent.taskKeys.add(key);
    framework.taskKeys.add(key);
    task.persisted = this.persistTask(task);
    if (!(await task.persisted)) throw new UnavailableError(`could not persist the status of task ${taskId}`);
    this.options.counters.statusUpdates(next);
    if (isTerminalTaskState(next) && !isTerminalTaskState(previous) && task.resources.length > 0) {
      this.options.allocator.send({
        recover: {
          frameworkId: { value: frameworkId },
          agentId: { value: agent.id },
          role: task.role,
          resources: resourcesToProto(task.resources),
        },
      });
    }
    this.publishTaskUpdated(task, updated);
    this.forwardUpdate(framework, updated);
  }

  /** Writes the task's record; resolves false (logged) when the store refused or was unreachable. */
  private persistTask(task: TaskRecord): Promise<boolean> {
    return this.options.registry.commit([this.options.registry.putTask(task.key, this.taskRecordProto(task))]).then(
      () => true,
      (error: unknown) => {
        this.logger.error({ err: error, taskKey: task.key }, 'could not persist a task');
        return false;
      },
    );
  }

  private forwardUpdate(framework: FrameworkRecord, status: v1.TaskStatus__Output): void {
    const partitionAware = hasCapability(framework.info, 'PARTITION_AWARE');
    const state = stateForFramework(taskStateFromProto(status.state), partitionAware);
    framework.connection?.send({ update: { status: { ...status, state } } });
  }

  /** The framework acknowledged an update: the agent may forget it. */
  async acknowledge(request: v1.AcknowledgeRequest__Output): Promise<void> {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    await this.applyAcknowledgements(framework, [{ taskId: request.taskId?.value ?? '', uuid: request.uuid }]);
  }

  /** Several acknowledgements in one call; all or nothing (see scheduler.proto). */
  async acknowledgeBatch(request: v1.AcknowledgeBatchRequest__Output): Promise<void> {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    if (request.acknowledgements.length === 0) throw new InvalidCallError('no acknowledgements given');
    await this.applyAcknowledgements(
      framework,
      request.acknowledgements.map((ack) => ({ taskId: ack.taskId?.value ?? '', uuid: ack.uuid })),
    );
  }

  private async applyAcknowledgements(
    framework: FrameworkRecord,
    acknowledgements: readonly { taskId: string; uuid: string }[],
  ): Promise<void> {
    const problems: string[] = [];
    for (const [index, ack] of acknowledgements.entries()) {
      const key = taskKey(framework.id, ack.taskId);
      if (ack.taskId === '' || ack.uuid === '')
        problems.push(`acknowledgements[${index}]: task_id and uuid are required`);
      else if (!this.tasks.has(key) && !this.completed.has(key)) problems.push(`task ${ack.taskId} is unknown`);
    }
    if (problems.length > 0) throw new InvalidCallError(problems.join('; '));
    const forgetting: Promise<void>[] = [];
    for (const ack of acknowledgements) {
      const task = this.tasks.get(taskKey(framework.id, ack.taskId));
      // An ended task already forgotten: its updates were all acknowledged before.
      if (task === undefined) continue;
      this.agents.get(task.agentId)?.connection?.send({
        acknowledge: { frameworkId: { value: framework.id }, taskId: { value: ack.taskId }, uuid: ack.uuid },
      });
      if (task.status.uuid !== ack.uuid) continue; // an older update: the agent forgets it; the master knows a newer one
      task.acknowledgedUuid = ack.uuid;
      task.acknowledgedState = taskStateFromProto(task.status.state);
      if (isTerminalTaskState(task.acknowledgedState)) forgetting.push(this.forgetTask(task));
    }
    await Promise.all(forgetting);
  }

  private async forgetTask(task: TaskRecord): Promise<void> {
    await this.options.registry.commit([this.options.registry.deleteTask(task.key)]);
    this.tasks.delete(task.key);
    this.agents.get(task.agentId)?.taskKeys.delete(task.key);
    this.frameworks.get(task.frameworkId)?.taskKeys.delete(task.key);
    this.completed.set(task.key, task);
    if (this.completed.size > COMPLETED_TASKS_KEPT) {
      const oldest = this.completed.keys().next().value;
      if (oldest !== undefined) this.completed.delete(oldest);
    }
  }

  /** The latest known state of the named tasks (all of the framework's if none). No acknowledgement needed. */
  reconcile(request: v1.ReconcileRequest__Output): v1.TaskStatus[] {
    const framework = this.requireSubscribed(request.frameworkId?.value);
    const partitionAware = hasCapability(framework.info, 'PARTITION_AWARE');
    const answer = (status: v1.TaskStatus__Output): v1.TaskStatus => ({
      ...status,
      state: stateForFramework(taskStateFromProto(status.state), partitionAware),
      reason: 'REASON_RECONCILIATION',
      uuid: '',
    });
    if (request.tasks.length === 0) {
      return [...framework.taskKeys].flatMap((key) => {
        const task = this.tasks.get(key);
        return task === undefined ? [] : [answer(task.status)];
      });
    }
    return request.tasks.map((named) => {
      const taskId = named.taskId?.value ?? '';
      const key = taskKey(framework.id, taskId);
      const task = this.tasks.get(key) ?? this.completed.get(key);
      if (task !== undefined) return answer(task.status);
      const agentId = named.agentId?.value ?? '';
      const agent = agentId === '' ? undefined : this.agents.get(agentId);
      const state: TaskState = agent?.status === 'GONE' ? 'TASK_GONE' : 'TASK_UNKNOWN';
      return answer(this.masterStatus(taskId, agentId, state, 'the master does not know this task', this.nowSeconds()));
    });
  }

  // ---------------------------------------------------------------- agents

  private newAgentRecord(
    id: string,
    info: v1.AgentInfo__Output,
    total: Resource[],
    status: AgentStatus,
    connection: AgentConnection | undefined,
    registeredTime: number,
    lastSeenTime: number,
  ): AgentRecord {
    return {
      id,
      info,
      total,
      status,
      registeredTime,
      lastSeenTime,
      connection,
      taskKeys: new Set(),
      offerIds: new Set(),
      unreachableTimer: undefined,
      pingTimer: undefined,
      pingSequence: 0,
    };
  }

  /**
   * A new agent (no ID, or a new boot): assigns a new ID. When previous_agent_id
   * names a known agent that is not GONE (the machine rebooted), that agent is
   * marked GONE first (see markGone); an unknown or already gone previous ID is
   * logged and ignored, so a retried Register is harmless.
   */
  async registerAgent(
    message: v1._tessera_v1_AgentMessage_Register__Output,
    connection: AgentConnection,
  ): Promise<AgentRecord> {
    const info = message.agentInfo;
    if (info === null || info === undefined) throw new InvalidCallError('agent_info is required');
    const previousId = message.previousAgentId?.value ?? '';
    const previous = previousId === '' ? undefined : this.agents.get(previousId);
    if (previous !== undefined && previous.connection === connection) {
      throw new InvalidCallError(`previous_agent_id ${previousId} is the agent registered on this very stream`);
    }
    if (previousId !== '' && previous === undefined) {
      this.logger.warn({ previousAgentId: previousId }, 'previous_agent_id names an unknown agent; ignored');
    } else if (previous?.status === 'GONE') {
      this.logger.info({ previousAgentId: previousId }, 'previous_agent_id names an agent already gone');
    } else if (previous !== undefined && previous.info.hostname !== info.hostname) {
      // NOTE: a machine can only speak for its own previous boot (Mesos matches the address likewise).
      this.logger.warn(
        { previousAgentId: previousId, previousHostname: previous.info.hostname, hostname: info.hostname },
        'previous_agent_id names an agent of another host; ignored',
      );
    } else if (previous !== undefined) {
      await this.markGone(previous);
    }
    const total = resourcesFromProto(info.resources);
    const id = `${randomUUID()}-S`;
    const now = this.nowSeconds();
    const agentInfo = { ...info, id: { value: id }, resources: resourcesToProto(total) as v1.Resource__Output[] };
    const agent = this.newAgentRecord(id, agentInfo, total, 'ACTIVE', connection, now, now);
    await this.options.registry.commit([this.options.registry.putAgent(id, this.agentState(agent))]);
    this.agents.set(id, agent);
    connection.send({
      registered: {
        agentId: { value: id },
        masterInfo: this.options.info,
        pingIntervalSeconds: this.options.agentPingIntervalMs / 1000,
      },
    });
    this.startPings(agent);
    this.options.allocator.send({ agentAdded: this.allocatorAgent(agent) });
    this.options.facts.publish('tessera.agent.added', 'tessera.v1.AgentEvent', {
      agent: agent.info,
      change: 'added',
      time: now,
    });
    this.logger.info({ agentId: id, hostname: info.hostname, resources: info.resources.length }, 'agent registered');
    return agent;
  }

  /** An agent with an ID comes back (agent restart, lost stream, master failover) and reports its tasks. */
  async reregisterAgent(
    message: v1._tessera_v1_AgentMessage_Reregister__Output,
    connection: AgentConnection,
  ): Promise<AgentRecord> {
    const info = message.agentInfo;
    const id = info?.id?.value ?? '';
    if (info === null || info === undefined || id === '')
      throw new InvalidCallError('agent_info with an id is required');
    const now = this.nowSeconds();
    let agent = this.agents.get(id);
    if (agent?.status === 'GONE') {
      throw new AgentGoneError(`agent ${id} is gone (its machine rebooted); register without an ID to start anew`);
    }
    const wasUnreachable = agent?.status === 'UNREACHABLE';
    // The agent reports what its machine has; dynamic reservations live in the registry.
    const reportedTotal = resourcesFromProto(info.resources);
    const total = agent === undefined ? reportedTotal : applyDynamicReservations(reportedTotal, agent.total);
    if (agent === undefined) {
      agent = this.newAgentRecord(id, info, total, 'ACTIVE', connection, now, now);
      this.agents.set(id, agent);
    }
    const previous = agent.connection;
    if (previous !== undefined && previous !== connection) previous.close();
    if (agent.unreachableTimer) clearTimeout(agent.unreachableTimer);
    agent.unreachableTimer = undefined;
    this.rescindAgentOffers(agent);
    agent.info = { ...info, resources: resourcesToProto(total) as v1.Resource__Output[] };
    agent.total = total;
    agent.connection = connection;
    agent.lastSeenTime = now;
    if (agent.status !== 'DRAINING' && agent.status !== 'DRAINED') agent.status = 'ACTIVE';

    // Reconcile the agent's report with the registry.
    const reported = new Set<string>();
    const killTaskIds: v1.TaskID[] = [];
    const writes: StoreWrite[] = [];
    for (const report of message.tasks) {
      const frameworkId = report.frameworkId?.value ?? '';
      const taskId = report.task?.taskId?.value ?? '';
      if (taskId === '' || report.task === null) continue;
      const key = taskKey(frameworkId, taskId);
      reported.add(key);
      if (this.removedFrameworks.has(frameworkId)) {
        killTaskIds.push({ value: taskId });
        continue;
      }
      const latest = report.latestStatus;
      const existing = this.tasks.get(key);
      if (existing === undefined) {
        const framework = this.frameworks.get(frameworkId);
        const task: TaskRecord = {
          key,
          frameworkId,
          agentId: id,
          info: report.task,
          resources: resourcesFromProto(report.task.resources),
          role: framework?.info.roles[0] ?? '',
          status: latest ?? this.masterStatus(taskId, id, 'TASK_STAGING', '', now),
          acknowledgedUuid: '',
          acknowledgedState: undefined,
          persisted: Promise.resolve(true),
        };
        this.tasks.set(key, task);
        writes.push(this.options.registry.putTask(key, this.taskRecordProto(task)));
        agent.taskKeys.add(key);
        framework?.taskKeys.add(key);
      } else {
        existing.agentId = id;
        agent.taskKeys.add(key);
        if (
          latest !== null &&
          latest !== undefined &&
          acceptsTransition(taskStateFromProto(existing.status.state), taskStateFromProto(latest.state))
        ) {
          existing.status = latest;
          writes.push(this.options.registry.putTask(key, this.taskRecordProto(existing)));
        }
      }
    }
    // Tasks the master placed on this agent that the agent does not know: never arrived, or lost.
    // As in Mesos: TASK_DROPPED (TASK_LOST to frameworks that are not partition-aware).
    for (const key of [...agent.taskKeys]) {
      const task = this.tasks.get(key);
      if (task === undefined || reported.has(key)) continue;
      if (!isLive(task)) continue;
      task.status = this.masterStatus(
        task.info.taskId?.value ?? '',
        id,
        'TASK_DROPPED',
        'the agent re-registered without this task',
        now,
        'REASON_AGENT_RESTARTED',
      );
      writes.push(this.options.registry.putTask(key, this.taskRecordProto(task)));
      const framework = this.frameworks.get(task.frameworkId);
      if (framework !== undefined) this.forwardUpdate(framework, task.status);
    }
    writes.push(this.options.registry.putAgent(id, this.agentState(agent)));
    await this.options.registry.commit(writes);
    connection.send({
      reregistered: {
        agentId: { value: id },
        masterInfo: this.options.info,
        pingIntervalSeconds: this.options.agentPingIntervalMs / 1000,
        killTaskIds,
      },
    });
    this.startPings(agent);
    // The allocator sees the agent anew, with what its tasks hold.
    this.options.allocator.send({ agentRemoved: { agentId: { value: id } } });
    this.options.allocator.send({ agentAdded: this.allocatorAgent(agent) });
    // Kills requested while the agent was away.
    for (const key of agent.taskKeys) {
      const task = this.tasks.get(key);
      if (task !== undefined && !this.frameworks.has(task.frameworkId) && isLive(task)) {
        connection.send({
          killTask: {
            frameworkId: { value: task.frameworkId },
            taskId: task.info.taskId,
            killPolicy: task.info.killPolicy,
          },
        });
      }
    }
    for (const key of agent.taskKeys) {
      const task = this.tasks.get(key);
      if (task !== undefined) this.publishTaskUpdated(task);
    }
    this.options.facts.publish('tessera.agent.reregistered', 'tessera.v1.AgentEvent', {
      agent: agent.info,
      change: 'reregistered',
      time: now,
    });
    this.logger.info({ agentId: id, tasks: message.tasks.length, wasUnreachable }, 'agent re-registered');
    return agent;
  }

  private startPings(agent: AgentRecord): void {
    if (agent.pingTimer) clearInterval(agent.pingTimer);
    agent.pingTimer = setInterval(
      () => agent.connection?.send({ ping: { sequence: ++agent.pingSequence } }),
      this.options.agentPingIntervalMs,
    );
    agent.pingTimer.unref();
  }

  agentSeen(agent: AgentRecord): void {
    agent.lastSeenTime = this.nowSeconds();
  }

  /** The agent's stream ended: it is disconnected, and unreachable if it stays away. */
  agentDisconnected(agent: AgentRecord, connection: AgentConnection): void {
    if (agent.connection !== connection) return;
    agent.connection = undefined;
    if (agent.pingTimer) clearInterval(agent.pingTimer);
    agent.pingTimer = undefined;
    if (agent.status === 'ACTIVE' || agent.status === 'DRAINING' || agent.status === 'DRAINED')
      agent.status = 'DISCONNECTED';
    this.rescindAgentOffers(agent);
    this.options.allocator.send({ agentActive: { agentId: { value: agent.id }, active: false } });
    this.startUnreachableTimer(agent);
    this.persistLater([this.options.registry.putAgent(agent.id, this.agentState(agent))]);
    this.options.facts.publish('tessera.agent.disconnected', 'tessera.v1.AgentEvent', {
      agent: agent.info,
      change: 'disconnected',
      time: this.nowSeconds(),
    });
    this.logger.warn({ agentId: agent.id }, 'agent disconnected');
  }

  private startUnreachableTimer(agent: AgentRecord): void {
    if (agent.unreachableTimer) clearTimeout(agent.unreachableTimer);
    agent.unreachableTimer = setTimeout(() => {
      this.markUnreachable(agent).catch((error: unknown) =>
        this.logger.error({ err: error }, 'marking agent unreachable failed'),
      );
    }, this.options.agentUnreachableTimeoutMs);
    agent.unreachableTimer.unref();
  }

  private async markUnreachable(agent: AgentRecord): Promise<void> {
    if (agent.connection !== undefined || agent.status === 'UNREACHABLE' || agent.status === 'GONE') return;
    agent.status = 'UNREACHABLE';
    agent.unreachableTimer = undefined;
    const changed = await this.endAgentTasks(agent, {
      state: 'TASK_UNREACHABLE',
      message: 'the agent is unreachable',
      reason: 'REASON_AGENT_DISCONNECTED',
      fact: 'unreachable',
    });
    this.logger.warn({ agentId: agent.id, tasks: changed.length }, 'agent unreachable');
  }

  /**
   * The agent never comes back: its machine rebooted and registered as a new
   * agent. Its stream, if still open, is refused; its offers are rescinded; its
   * live tasks become TASK_GONE with reason AGENT_RESTARTED (frameworks without
   * PARTITION_AWARE are told TASK_LOST), as master-generated updates (no uuid,
   * no acknowledgement); the allocator forgets the agent. The agent stays in the
   * registry as GONE. Persisted before the frameworks, the allocator and the bus
   * hear of it. Idempotent.
   */
  /**
   * The agent (already marked UNREACHABLE or GONE) takes its live tasks with it:
   * each gets `state` (persisted with the agent in one commit), the allocator
   * forgets the agent, frameworks are told, and the facts are published.
   */
  private async endAgentTasks(
    agent: AgentRecord,
    end: {
      readonly state: 'TASK_UNREACHABLE' | 'TASK_GONE';
      readonly message: string;
      readonly reason: 'REASON_AGENT_DISCONNECTED' | 'REASON_AGENT_RESTARTED';
      readonly fact: 'unreachable' | 'removed';
    },
  ): Promise<TaskRecord[]> {
    const now = this.nowSeconds();
    const changed: TaskRecord[] = [];
    const writes: StoreWrite[] = [this.options.registry.putAgent(agent.id, this.agentState(agent))];
    for (const key of agent.taskKeys) {
      const task = this.tasks.get(key);
      if (task === undefined || !isLive(task)) continue;
      task.status = this.masterStatus(task.info.taskId?.value ?? '', agent.id, end.state, end.message, now, end.reason);
      writes.push(this.options.registry.putTask(key, this.taskRecordProto(task)));
      changed.push(task);
    }
    await this.options.registry.commit(writes);
    this.options.allocator.send({ agentRemoved: { agentId: { value: agent.id } } });
    for (const task of changed) {
      const framework = this.frameworks.get(task.frameworkId);
      if (framework !== undefined) this.forwardUpdate(framework, task.status);
      this.publishTaskUpdated(task);
    }
    this.options.facts.publish(`tessera.agent.${end.fact}`, 'tessera.v1.AgentEvent', {
      agent: agent.info,
      change: end.fact,
      time: now,
    });
    return changed;
  }

  private async markGone(agent: AgentRecord): Promise<void> {
    if (agent.status === 'GONE') return;
    const previousStatus = agent.status;
    const connection = agent.connection;
    agent.status = 'GONE';
    agent.connection = undefined;
    if (agent.pingTimer) clearInterval(agent.pingTimer);
    agent.pingTimer = undefined;
    if (agent.unreachableTimer) clearTimeout(agent.unreachableTimer);
    agent.unreachableTimer = undefined;
    // NOTE: refused before the write, so that nothing more from the old stream
    // (a half-open connection of the dead process) interleaves with this change.
    if (connection !== undefined) {
      connection.send({ refused: { message: `agent ${agent.id} is gone: its machine rebooted and registered anew` } });
      connection.close();
    }
    this.rescindAgentOffers(agent);
    const changed = await this.endAgentTasks(agent, {
      state: 'TASK_GONE',
      message: "the agent's machine rebooted",
      reason: 'REASON_AGENT_RESTARTED',
      fact: 'removed',
    });
    this.logger.warn({ agentId: agent.id, previousStatus, tasks: changed.length }, 'agent gone: its machine rebooted');
  }

  /** The named agent; throws UnknownAgentError, or AgentGoneError for a gone one. */
  private requireAgent(agentId: string): AgentRecord {
    const agent = this.agents.get(agentId);
    if (agent === undefined) throw new UnknownAgentError(`agent ${agentId} is unknown`);
    if (agent.status === 'GONE') throw new AgentGoneError(`agent ${agentId} is gone (its machine rebooted)`);
    return agent;
  }

  /** Operator: stop offering the agent and kill its tasks with their grace period. */
  drainAgent(agentId: string, killPolicy: v1.KillPolicy__Output | null | undefined): void {
    const agent = this.requireAgent(agentId);
    agent.status = 'DRAINING';
    this.rescindAgentOffers(agent);
    this.options.allocator.send({ agentActive: { agentId: { value: agentId }, active: false } });
    agent.connection?.send({ drain: { killPolicy: killPolicy ?? null } });
    this.persistLater([this.options.registry.putAgent(agent.id, this.agentState(agent))]);
  }

  agentDrained(agent: AgentRecord): void {
    if (agent.status !== 'DRAINING') return;
    agent.status = 'DRAINED';
    this.persistLater([this.options.registry.putAgent(agent.id, this.agentState(agent))]);
    this.options.facts.publish('tessera.agent.drained', 'tessera.v1.AgentEvent', {
      agent: agent.info,
      change: 'drained',
      time: this.nowSeconds(),
    });
  }

  reactivateAgent(agentId: string): void {
    const agent = this.requireAgent(agentId);
    if (agent.status === 'DRAINING' || agent.status === 'DRAINED')
      agent.status = agent.connection === undefined ? 'DISCONNECTED' : 'ACTIVE';
    if (agent.status === 'ACTIVE')
      this.options.allocator.send({ agentActive: { agentId: { value: agentId }, active: true } });
    this.persistLater([this.options.registry.putAgent(agent.id, this.agentState(agent))]);
  }

  // ---------------------------------------------------------------- revocation and reservations

  /**
   * The allocator takes lent (revocable) resources back: offers holding revocable
   * resources of that framework on that agent are rescinded, and its tasks on
   * revocable resources there are killed with reason PREEMPTED (each after its
   * grace period) until the revoked amount is covered. Their resources return to
   * the allocator when the tasks have ended. Idempotent for tasks already being preempted.
   */
  revoke(revocations: readonly v1.Revocation__Output[]): void {
    for (const revocation of revocations) {
      const frameworkId = revocation.frameworkId?.value ?? '';
      const agent = this.agents.get(revocation.agentId?.value ?? '');
      if (agent === undefined) continue;
      let owed = stripRevocable(resourcesFromProto(revocation.resources));
      for (const offerId of [...agent.offerIds]) {
        const offer = this.offers.get(offerId)?.view;
        if (
          offer === undefined ||
          offer.frameworkId !== frameworkId ||
          !offer.resources.some((r) => r.revocable === true)
        )
          continue;
        owed = subtractClamped(owed, stripRevocable(offer.resources.filter((r) => r.revocable === true)));
        this.rescindOffer(offerId, true);
      }
      for (const key of agent.taskKeys) {
        if (isEmptyResources(owed)) break;
        const task = this.tasks.get(key);
        if (task === undefined || task.frameworkId !== frameworkId || task.preempting) continue;
        if (!isLive(task)) continue;
        const lent = task.resources.filter((r) => r.revocable === true);
        if (lent.length === 0) continue;
        task.preempting = true;
        owed = subtractClamped(owed, stripRevocable(lent));
        agent.connection?.send({
          killTask: {
            frameworkId: { value: frameworkId },
            taskId: task.info.taskId,
            killPolicy: task.info.killPolicy,
            reason: 'REASON_PREEMPTED',
          },
        });
        this.logger.info(
          { taskId: task.info.taskId?.value, frameworkId, reason: revocation.reason },
          'preempting a task on revoked resources',
        );
      }
    }
  }

  /**
   * Operator: dynamically reserves unreserved resources of an agent. Outstanding
   * offers on the agent are rescinded first; refused (nothing changed) unless the
   * agent then has the resources unreserved and unused.
   */
  async reserveResources(agentId: string, resources: Resource[]): Promise<void> {
    const agent = this.requireAgent(agentId);
    if (resources.length === 0) throw new InvalidCallError('no resources to reserve');
    const problems = resources.flatMap((r) =>
      r.reservation?.type !== 'dynamic'
        ? [`${r.name} needs a DYNAMIC reservation`]
        : !isValidRole(r.reservation.role)
          ? [`${r.name}: ${JSON.stringify(r.reservation.role)} is not a valid role`]
          : r.revocable === true
            ? [`${r.name} must not be revocable`]
            : [],
    );
    if (problems.length > 0) throw new InvalidCallError(problems.join('; '));
    await this.convertOnAgent(agent, stripReservations(resources), resources, 'unreserved and unused');
  }

  /** Operator: makes dynamically reserved, unused resources of an agent unreserved again. */
  async unreserveResources(agentId: string, resources: Resource[]): Promise<void> {
    const agent = this.requireAgent(agentId);
    if (resources.length === 0) throw new InvalidCallError('no resources to unreserve');
    if (resources.some((r) => r.reservation?.type !== 'dynamic')) {
      throw new InvalidCallError('only dynamically reserved resources can be unreserved');
    }
    await this.convertOnAgent(agent, resources, stripReservations(resources), 'dynamically reserved and unused');
  }

  private async convertOnAgent(agent: AgentRecord, from: Resource[], to: Resource[], what: string): Promise<void> {
    for (const offerId of [...agent.offerIds]) this.rescindOffer(offerId, true);
    const available = this.availableOn(agent);
    if (!containsResources(available, from)) {
      throw new InvalidCallError(
        `agent ${agent.id} does not have ${formatResources(from)} ${what} (it has ${formatResources(available) || 'nothing'} free)`,
      );
    }
    const total = addResources(subtractResources(agent.total, from), to);
    const info = { ...agent.info, resources: resourcesToProto(total) as v1.Resource__Output[] };
    await this.options.registry.commit([
      this.options.registry.putAgent(agent.id, this.agentState({ ...agent, info, total })),
    ]);
    agent.total = total;
    agent.info = info;
    this.options.allocator.send({ agentUpdated: { agentId: { value: agent.id }, total: resourcesToProto(total) } });
  }

  // ---------------------------------------------------------------- allocator

  /** The full model for a (re)connected allocator. */
  allocatorSnapshot(): v1.AllocatorSnapshot {
    return {
      agents: [...this.agents.values()].filter((a) => a.connection !== undefined).map((a) => this.allocatorAgent(a)),
      frameworks: [...this.frameworks.values()].map((f) => this.allocatorFramework(f)),
      quotas: [...this.quotas.values()],
      weights: [...this.weights.entries()].map(([role, weight]) => ({ role, weight })),
      policies: [...this.policies.entries()].map(([role, policy]) => ({ role, policy: policy as v1.QueuePolicy })),
      now: this.nowSeconds(),
    };
  }

  private allocatorAgent(agent: AgentRecord): v1.AllocatorAgent {
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
      if (offer !== undefined) add(offer.view.frameworkId, offer.view.role, offer.view.resources);
    }
    return {
      id: { value: agent.id },
      hostname: agent.info.hostname,
      total: resourcesToProto(agent.total),
      attributes: agent.info.attributes,
      allocated: [...byFrameworkRole.values()].map((e) => ({
        frameworkId: { value: e.frameworkId },
        role: e.role,
        resources: resourcesToProto(e.resources),
      })),
      active: agent.status === 'ACTIVE',
    };
  }

  private allocatorFramework(framework: FrameworkRecord): v1.AllocatorFramework {
    return {
      info: framework.info,
      suppressedRoles: [...framework.suppressedRoles],
      active: framework.connection !== undefined,
      subscriptionSequence: framework.subscriptionSequence,
    };
  }

  // ---------------------------------------------------------------- records

  private masterStatus(
    taskId: string,
    agentId: string,
    state: TaskState,
    message: string,
    timestamp: number,
    reason: v1.TaskStatus__Output['reason'] = 'REASON_UNSPECIFIED',
  ): v1.TaskStatus__Output {
    return {
      taskId: { value: taskId },
      state,
      message,
      source: 'SOURCE_MASTER',
      reason,
      agentId: agentId === '' ? null : { value: agentId },
      executorId: null,
      timestamp,
      uuid: '',
      hasHealthy: false,
      healthy: false,
      hasExitCode: false,
      exitCode: 0,
      labels: [],
    };
  }

  private taskRecordProto(task: TaskRecord): v1.TaskRecord {
    return {
      task: task.info,
      frameworkId: { value: task.frameworkId },
      agentId: { value: task.agentId },
      status: task.status,
      role: task.role,
      acknowledgedState: task.acknowledgedState ?? 'TASK_STATE_UNSPECIFIED',
    };
  }

  taskRecords(filter: { frameworkId?: string; agentId?: string } = {}): v1.TaskRecord[] {
    return [...this.tasks.values(), ...this.completed.values()]
      .filter((t) => (filter.frameworkId ? t.frameworkId === filter.frameworkId : true))
      .filter((t) => (filter.agentId ? t.agentId === filter.agentId : true))
      .map((t) => this.taskRecordProto(t));
  }

  agentState(agent: AgentRecord): v1.AgentState {
    const { used, offered } = this.holdings(agent.taskKeys, agent.offerIds);
    return {
      info: agent.info,
      status: agent.status,
      allocated: resourcesToProto(addResources(used, offered)),
      used: resourcesToProto(used),
      registeredTime: agent.registeredTime,
      lastSeenTime: agent.lastSeenTime,
    };
  }

  frameworkState(framework: FrameworkRecord, connected = framework.connection !== undefined): v1.FrameworkState {
    const { used, offered, liveTasks } = this.holdings(framework.taskKeys, framework.offerIds);
    return {
      info: framework.info,
      connected,
      active: true,
      suppressedRoles: [...framework.suppressedRoles],
      allocated: resourcesToProto(addResources(used, offered)),
      offered: resourcesToProto(offered),
      taskCount: liveTasks,
      registeredTime: framework.registeredTime,
      unregisteredTime: framework.unregisteredTime,
    };
  }

  offerProtos(): v1.Offer[] {
    return [...this.offers.values()].map(({ view }) => ({
      id: { value: view.id },
      frameworkId: { value: view.frameworkId },
      agentId: { value: view.agentId },
      allocationRole: view.role,
      resources: resourcesToProto(view.resources),
      hostname: this.agents.get(view.agentId)?.info.hostname ?? '',
    }));
  }

  private publishTaskUpdated(task: TaskRecord, status: v1.TaskStatus__Output = task.status): void {
    this.options.facts.publish('tessera.task.updated', 'tessera.v1.TaskUpdated', {
      frameworkId: { value: task.frameworkId },
      status,
      taskName: task.info.name,
    });
  }

  /** Writes whose completion nothing waits on; a failure is logged (a fenced failure means we are deposed). */
  private persistLater(writes: StoreWrite[]): void {
    if (this.closed) return;
    this.options.registry
      .commit(writes)
      .catch((error: unknown) => this.logger.error({ err: error }, 'registry write failed'));
  }

  /**
   * Shutdown: stops every timer and write, and ends every agent and framework
   * stream (they reconnect to the next leader). Idempotent.
   */
  close(): void {
    this.closed = true;
    for (const agent of this.agents.values()) agent.connection?.close();
    for (const framework of this.frameworks.values()) framework.connection?.close();
    for (const agent of this.agents.values()) {
      if (agent.pingTimer) clearInterval(agent.pingTimer);
      if (agent.unreachableTimer) clearTimeout(agent.unreachableTimer);
    }
    for (const framework of this.frameworks.values()) {
      if (framework.heartbeatTimer) clearInterval(framework.heartbeatTimer);
      if (framework.failoverTimer) clearTimeout(framework.failoverTimer);
    }
    for (const offer of this.offers.values()) if (offer.timer) clearTimeout(offer.timer);
  }
}

export type { AgentRecord, FrameworkRecord, TaskRecord };
