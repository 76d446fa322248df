/**
 * Drives the master's pure core with a fake clock: applies each step's timer
 * effects to a timer table, keeps a store that applies its persist effects,
 * and records everything sent. `advance(ms)` fires due timers in time order,
 * as the actor would.
 */
import { parseResources, type Resource, type TaskState } from '@tessera/domain';
import {
  MasterCore,
  type AcceptCommand,
  type AgentCommand,
  type AgentInfo,
  type AllocatorDelta,
  type Carried,
  type ConnectionId,
  type Effect,
  type FrameworkEvent,
  type FrameworkInfo,
  type RegistryWrite,
  type Step,
  type TaskInfo,
  type TaskStatus,
  type TaskView,
  type TimerId,
} from '../src/core/index.js';

export const wire = <T extends string>(): Carried<T> => ({}) as Carried<T>;
export const res = (text: string): Resource[] => parseResources(text);

export function frameworkInfo(name: string, options: Partial<FrameworkInfo> = {}): FrameworkInfo {
  return {
    id: '',
    name,
    principal: '',
    roles: ['eng'],
    capabilities: [],
    failoverTimeoutSeconds: 60,
    wire: wire(),
    ...options,
  };
}

export function agentInfo(hostname: string, resources: string, id = ''): AgentInfo {
  return { id, hostname, resources: res(resources), wire: wire() };
}

export function taskInfo(taskId: string, resources: string, options: Partial<TaskInfo> = {}): TaskInfo {
  return {
    taskId,
    name: taskId,
    resources: res(resources),
    killGracePeriodSeconds: undefined,
    command: { shell: true, value: 'sleep 100', arguments: [] },
    wire: undefined,
    ...options,
  };
}

export function agentStatus(taskId: string, state: TaskState, uuid: string, agentId = ''): TaskStatus {
  return {
    taskId,
    state,
    reason: 'REASON_UNSPECIFIED',
    source: 'SOURCE_EXECUTOR',
    message: '',
    agentId,
    timestampSeconds: 0,
    uuid,
    wire: undefined,
  };
}

/** An Accept that launches one task of `resources` on the offers. */
export function launchCommand(
  frameworkId: string,
  offerIds: readonly string[],
  taskId: string,
  resources: string,
  refuseSeconds: number | undefined = undefined,
): AcceptCommand {
  return {
    frameworkId,
    offerIds,
    operations: [
      {
        type: 'launch',
        tasks: [
          {
            taskId,
            name: taskId,
            resources: res(resources),
            command: { shell: true, value: 'sleep 100', arguments: [] },
            killGracePeriodSeconds: 0,
            payload: taskInfo(taskId, resources),
          },
        ],
      },
    ],
    conversionProblems: [],
    namedTaskIds: [taskId],
    refuseSeconds,
  };
}

export interface Options {
  offerTimeoutMs?: number;
  agentUnreachableTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  agentPingIntervalMs?: number;
  agentMaxMissedPings?: number;
  agentResyncIntervalMs?: number;
}

export class CoreHarness {
  readonly core: MasterCore;
  nowMs = 1_700_000_000_000;
  readonly timers = new Map<TimerId, number>();
  /** Every effect of every step, in order. */
  readonly effects: Effect[] = [];
  /** The store as the persisted writes left it. */
  readonly storedTasks = new Map<string, TaskView>();
  readonly storedAgents = new Set<string>();
  readonly storedFrameworks = new Set<string>();
  private ids = { framework: 0, agent: 0, offer: 0 };
  private nextConnection = 1;

  constructor(options: Options = {}) {
    this.core = new MasterCore({
      offerTimeoutMs: options.offerTimeoutMs ?? 0,
      agentUnreachableTimeoutMs: options.agentUnreachableTimeoutMs ?? 75_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 15_000,
      agentPingIntervalMs: options.agentPingIntervalMs ?? 5_000,
      agentMaxMissedPings: options.agentMaxMissedPings ?? 3,
      agentResyncIntervalMs: options.agentResyncIntervalMs ?? 1_000,
      ids: {
        frameworkId: () => `fw-${++this.ids.framework}`,
        agentId: () => `agent-${++this.ids.agent}`,
        offerId: () => `offer-${++this.ids.offer}`,
      },
    });
  }

  connection(): ConnectionId {
    return this.nextConnection++;
  }

  /** Runs one step at the current time and applies its effects to the harness. */
  step<R>(decide: (nowMs: number) => Step<R>): R {
    const step = decide(this.nowMs);
    this.record(step.effects);
    return step.result;
  }

  private record(effects: readonly Effect[]): void {
    for (const effect of effects) {
      this.effects.push(effect);
      if (effect.kind === 'timer') {
        if (effect.atMs === undefined) this.timers.delete(effect.timer);
        else this.timers.set(effect.timer, effect.atMs);
      } else if (effect.kind === 'persist') this.store(effect.write);
    }
  }

  private store(write: RegistryWrite): void {
    if (write.type === 'putTask') this.storedTasks.set(write.task.key, write.task);
    else if (write.type === 'deleteTask') this.storedTasks.delete(write.key);
    else if (write.type === 'putAgent') this.storedAgents.add(write.agent.info.id);
    else if (write.type === 'putFramework') this.storedFrameworks.add(write.framework.info.id);
    else if (write.type === 'deleteFramework') this.storedFrameworks.delete(write.frameworkId);
  }

  /** Moves the clock on by `ms`, firing every timer due on the way, earliest first. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      let next: [TimerId, number] | undefined;
      for (const entry of this.timers)
        if (entry[1] <= until && (next === undefined || entry[1] < next[1])) next = entry;
      if (next === undefined) break;
      const [timer, atMs] = next;
      this.timers.delete(timer);
      this.nowMs = Math.max(this.nowMs, atMs);
      this.step((now) => this.core.timerFired(now, timer));
    }
    this.nowMs = until;
  }

  /** Effects recorded since `mark` (an index into `effects`). */
  since(mark: number): Effect[] {
    return this.effects.slice(mark);
  }

  eventsTo(connection: ConnectionId, from = 0): FrameworkEvent[] {
    return this.effects
      .slice(from)
      .flatMap((e) => (e.kind === 'framework' && e.connection === connection ? [e.event] : []));
  }

  commandsTo(connection: ConnectionId, from = 0): AgentCommand[] {
    return this.effects
      .slice(from)
      .flatMap((e) => (e.kind === 'agent' && e.connection === connection ? [e.command] : []));
  }

  deltas(from = 0): AllocatorDelta[] {
    return this.effects.slice(from).flatMap((e) => (e.kind === 'allocator' ? [e.delta] : []));
  }

  updatesTo(connection: ConnectionId, from = 0): TaskStatus[] {
    return this.eventsTo(connection, from).flatMap((e) => (e.type === 'update' ? [e.status] : []));
  }

  closed(connection: ConnectionId, from = 0): boolean {
    return this.effects.slice(from).some((e) => e.kind === 'close' && e.connection === connection);
  }

  // ------------------------------------------------------------ common set-ups

  registerAgent(hostname = 'h', resources = 'cpus:4;mem:1024'): { agentId: string; connection: ConnectionId } {
    const connection = this.connection();
    const agent = this.step((now) =>
      this.core.registerAgent(
        now,
        { info: agentInfo(hostname, resources), principal: '', previousAgentId: '' },
        connection,
      ),
    );
    return { agentId: agent.id, connection };
  }

  subscribe(name = 'f', options: Partial<FrameworkInfo> = {}): { frameworkId: string; connection: ConnectionId } {
    const connection = this.connection();
    const info = frameworkInfo(name, options);
    const frameworkId = this.step((now) =>
      this.core.subscribe(now, { info, principal: info.principal, suppressedRoles: [] }, connection),
    );
    return { frameworkId, connection };
  }

  /** Offers `resources` of the agent to the framework and returns the offer ID. */
  offer(frameworkId: string, agentId: string, resources: string, role = 'eng'): string {
    const mark = this.effects.length;
    this.step((now) => this.core.offer(now, [{ frameworkId, agentId, role, resources: res(resources) }]));
    const offers = this.effects
      .slice(mark)
      .flatMap((e) => (e.kind === 'framework' && e.event.type === 'offers' ? e.event.offers : []));
    const offer = offers[0];
    if (offer === undefined) throw new Error(`no offer of ${resources} was made`);
    return offer.offer.id;
  }

  /** Launches one task on an offer of exactly its resources. */
  launch(frameworkId: string, agentId: string, taskId: string, resources: string): void {
    const offerId = this.offer(frameworkId, agentId, resources);
    const outcome = this.step((now) =>
      this.core.accept(now, launchCommand(frameworkId, [offerId], taskId, resources, 0)),
    );
    if (!outcome.ok) throw outcome.error;
  }

  update(agentId: string, connection: ConnectionId, frameworkId: string, status: TaskStatus): void {
    this.step((now) => this.core.statusUpdate(now, agentId, connection, { frameworkId, status }));
  }
}
