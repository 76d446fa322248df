/**
 * What a step of the master's core asks the shell to do. A step changes the
 * core's model at once and returns its effects; it performs none of them.
 *
 * The actor (`../master.ts`) applies one step's effects in this fixed order:
 *   1. timers: set and cleared at once (they are local);
 *   2. persist: every `persist` write of the step in one fenced group commit,
 *      awaited; if it fails, nothing below happens and the caller gets the error;
 *   3. send: agent commands, framework events, stream closes and allocator
 *      deltas, in the order the step listed them;
 *   4. publish: facts on the bus (a lost fact is logged, never fatal);
 *   5. count and log: metrics and log lines.
 * A step without writes sends at once. So everything a framework, an agent or
 * the allocator hears of a change, and every fact, was durable first.
 */
import type { Resource, TaskState } from '@tessera/domain';
import type {
  AgentInfo,
  AgentView,
  AllocatorAgent,
  AllocatorFramework,
  ConnectionId,
  FrameworkInfo,
  FrameworkView,
  OfferRecord,
  QueuePolicy,
  Quota,
  TaskInfo,
  TaskStatus,
  TaskView,
} from './model.js';

/** A command to an agent, on its stream. */
export type AgentCommand =
  | { readonly type: 'registered'; readonly agentId: string; readonly pingIntervalSeconds: number }
  | {
      readonly type: 'reregistered';
      readonly agentId: string;
      readonly pingIntervalSeconds: number;
      /** Tasks the agent reported that it must kill (their framework was removed). */
      readonly killTaskIds: readonly string[];
    }
  | { readonly type: 'runTask'; readonly framework: FrameworkInfo; readonly agentId: string; readonly task: TaskInfo }
  | {
      readonly type: 'killTask';
      readonly frameworkId: string;
      readonly taskId: string;
      /** undefined: the agent's default. */
      readonly gracePeriodSeconds: number | undefined;
      readonly reason: 'REASON_UNSPECIFIED' | 'REASON_PREEMPTED';
    }
  | { readonly type: 'shutdownFramework'; readonly frameworkId: string }
  | { readonly type: 'acknowledge'; readonly frameworkId: string; readonly taskId: string; readonly uuid: string }
  | { readonly type: 'ping'; readonly sequence: number }
  | { readonly type: 'drain'; readonly gracePeriodSeconds: number | undefined }
  | { readonly type: 'refused'; readonly message: string };

/** An offer as a framework receives it. */
export interface OfferEvent {
  readonly offer: OfferRecord;
  readonly agent: AgentInfo;
}

/** An event on a framework's Subscribe stream. */
export type FrameworkEvent =
  | { readonly type: 'subscribed'; readonly frameworkId: string; readonly heartbeatIntervalSeconds: number }
  | { readonly type: 'offers'; readonly offers: readonly OfferEvent[] }
  | { readonly type: 'rescind'; readonly offerId: string }
  /** The status as the framework is to see it (already mapped for frameworks that are not partition-aware). */
  | { readonly type: 'update'; readonly status: TaskStatus }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'heartbeat' };

/** A change the allocator must mirror. Dropped by the link while disconnected: the next snapshot covers it. */
export type AllocatorDelta =
  | { readonly type: 'agentAdded'; readonly agent: AllocatorAgent }
  | { readonly type: 'agentRemoved'; readonly agentId: string }
  | { readonly type: 'agentUpdated'; readonly agentId: string; readonly total: readonly Resource[] }
  | { readonly type: 'agentActive'; readonly agentId: string; readonly active: boolean }
  | { readonly type: 'frameworkAdded'; readonly framework: AllocatorFramework }
  | { readonly type: 'frameworkUpdated'; readonly framework: AllocatorFramework }
  | { readonly type: 'frameworkRemoved'; readonly frameworkId: string }
  | { readonly type: 'frameworkActive'; readonly frameworkId: string; readonly active: boolean }
  | { readonly type: 'suppress'; readonly frameworkId: string; readonly roles: readonly string[] }
  | { readonly type: 'revive'; readonly frameworkId: string; readonly roles: readonly string[] }
  | {
      readonly type: 'recover';
      readonly frameworkId: string;
      readonly agentId: string;
      readonly role: string;
      readonly resources: readonly Resource[];
      /** Refuse these resources to the framework for this long; undefined or 0: no filter. */
      readonly refuseSeconds: number | undefined;
    }
  | {
      readonly type: 'updateAllocation';
      readonly frameworkId: string;
      readonly agentId: string;
      readonly role: string;
      readonly from: readonly Resource[];
      readonly to: readonly Resource[];
    }
  | { readonly type: 'quotaSet'; readonly quota: Quota }
  | { readonly type: 'quotaRemoved'; readonly role: string }
  | { readonly type: 'weightsSet'; readonly weights: readonly { readonly role: string; readonly weight: number }[] }
  | { readonly type: 'policySet'; readonly role: string; readonly policy: QueuePolicy };

export type FrameworkChange = 'added' | 'resubscribed' | 'disconnected' | 'removed';
export type AgentChange = 'added' | 'reregistered' | 'disconnected' | 'unreachable' | 'removed' | 'drained';

/** A fact for the bus (subjects in proto/tessera/v1/events.proto). */
export type Fact =
  | {
      readonly type: 'framework';
      readonly change: FrameworkChange;
      readonly framework: FrameworkInfo;
      readonly timeSeconds: number;
    }
  | { readonly type: 'agent'; readonly change: AgentChange; readonly agent: AgentInfo; readonly timeSeconds: number }
  | {
      readonly type: 'task';
      readonly frameworkId: string;
      readonly taskName: string;
      readonly status: TaskStatus;
    };

/** One write of the registry; a step's writes are committed together. */
export type RegistryWrite =
  | { readonly type: 'putAgent'; readonly agent: AgentView }
  | { readonly type: 'putFramework'; readonly framework: FrameworkView }
  | { readonly type: 'deleteFramework'; readonly frameworkId: string }
  | { readonly type: 'putTask'; readonly task: TaskView }
  | { readonly type: 'deleteTask'; readonly key: string }
  | { readonly type: 'putQuota'; readonly quota: Quota }
  | { readonly type: 'deleteQuota'; readonly role: string }
  | { readonly type: 'putWeight'; readonly role: string; readonly weight: number }
  | { readonly type: 'putPolicy'; readonly role: string; readonly policy: QueuePolicy };

/**
 * The master's timers, by what they are for. When one fires the shell calls
 * `MasterCore.timerFired` with it; setting a timer that is set replaces it.
 */
export type TimerId =
  | `offer:${string}`
  | `failover:${string}`
  | `heartbeat:${string}`
  | `unreachable:${string}`
  | `ping:${string}`
  | `resync:${string}`;

export type Metric =
  | 'offersSent'
  | 'offersRescinded'
  | 'staleAllocations'
  | 'agentResyncs'
  | 'tasksLaunched'
  | `invalidCalls:${string}`
  | `statusUpdates:${TaskState}`;

export type Effect =
  | { readonly kind: 'persist'; readonly write: RegistryWrite }
  | { readonly kind: 'agent'; readonly connection: ConnectionId; readonly command: AgentCommand }
  | { readonly kind: 'framework'; readonly connection: ConnectionId; readonly event: FrameworkEvent }
  /** Ends a stream (after what was sent on it before). */
  | { readonly kind: 'close'; readonly connection: ConnectionId }
  | { readonly kind: 'allocator'; readonly delta: AllocatorDelta }
  | { readonly kind: 'fact'; readonly fact: Fact }
  /** Sets the timer to fire at `atMs`; undefined clears it. */
  | { readonly kind: 'timer'; readonly timer: TimerId; readonly atMs: number | undefined }
  | { readonly kind: 'metric'; readonly metric: Metric; readonly count: number }
  | {
      readonly kind: 'log';
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields: Readonly<Record<string, unknown>>;
    };

/** What a step returns: its answer to the caller and its effects, in the order listed. */
export interface Step<R> {
  readonly result: R;
  readonly effects: readonly Effect[];
}

/** Collects one step's effects; a step makes one and hands it to the helpers it calls. */
export class Effects {
  readonly list: Effect[] = [];

  persist(write: RegistryWrite): void {
    this.list.push({ kind: 'persist', write });
  }
  toAgent(connection: ConnectionId | undefined, command: AgentCommand): void {
    if (connection !== undefined) this.list.push({ kind: 'agent', connection, command });
  }
  toFramework(connection: ConnectionId | undefined, event: FrameworkEvent): void {
    if (connection !== undefined) this.list.push({ kind: 'framework', connection, event });
  }
  close(connection: ConnectionId | undefined): void {
    if (connection !== undefined) this.list.push({ kind: 'close', connection });
  }
  toAllocator(delta: AllocatorDelta): void {
    this.list.push({ kind: 'allocator', delta });
  }
  fact(fact: Fact): void {
    this.list.push({ kind: 'fact', fact });
  }
  setTimer(timer: TimerId, atMs: number): void {
    this.list.push({ kind: 'timer', timer, atMs });
  }
  clearTimer(timer: TimerId): void {
    this.list.push({ kind: 'timer', timer, atMs: undefined });
  }
  count(metric: Metric, count = 1): void {
    if (count > 0) this.list.push({ kind: 'metric', metric, count });
  }
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
    this.list.push({ kind: 'log', level, message, fields });
  }
  done<R>(result: R): Step<R> {
    return { result, effects: this.list };
  }
}
