/**
 * What a step of the instance tracker (and of the offer matching built on it)
 * asks the shell to do. A step changes the tracker at once and returns its
 * effects; it performs none of them.
 *
 * The shell applies one step's effects in this order:
 *   1. persist: every `persist` and `expunge` of the step in one fenced group
 *      commit, awaited (a step lists at most one of them per instance: the last);
 *   2. send: `kill`s to the master, in the order listed (and, for offer
 *      matching, the Accept of the step's launches);
 *   3. publish: `event`s on the bus and the /v2/events stream (a lost event is
 *      logged, never fatal);
 *   4. log.
 * `replace` is a notice, not a command: the replacement instance is already
 * Scheduled (and persisted by the same step); the shell may use it to revive
 * offers at once.
 */
import type { TaskState } from '@tessera/domain';
import type { Instance, InstanceCondition, InstanceGoal, PathId, Version } from './model.js';

/** Why a kill is sent (Marathon's KillReason names where they exist). */
export type KillReason =
  /** The task is not one of ours (no instance has it). */
  | 'Unknown'
  /** The task is an earlier incarnation of an instance that has moved on. */
  | 'NotInSync'
  /** An unreachable instance came back while its replacement runs: one of the two is surplus. */
  | 'Surplus'
  /** Asked for (a deployment, the API) through `killInstance`. */
  | 'Requested';

// ------------------------------------------------------------------ events (Marathon's JSON)

/** Every update of an instance's current task (Marathon's `status_update_event`). */
export interface StatusUpdateEvent {
  readonly eventType: 'status_update_event';
  /** ISO 8601. */
  readonly timestamp: string;
  readonly slaveId: string;
  readonly taskId: string;
  readonly taskStatus: TaskState;
  readonly message: string;
  readonly appId: PathId;
  readonly host: string;
  readonly ports: readonly number[];
  readonly version: Version;
}

/** An instance's condition or goal changed (Marathon's `instance_changed_event`). */
export interface InstanceChangedEvent {
  readonly eventType: 'instance_changed_event';
  readonly timestamp: string;
  readonly instanceId: string;
  readonly condition: InstanceCondition;
  readonly goal: InstanceGoal;
  readonly runSpecId: PathId;
  /** Absent until placed. */
  readonly agentId?: string;
  readonly host?: string;
  readonly runSpecVersion: Version;
}

/** An instance's health became known or changed (Marathon's `health_status_changed_event`). */
export interface HealthStatusChangedEvent {
  readonly eventType: 'health_status_changed_event';
  readonly timestamp: string;
  readonly appId: PathId;
  readonly instanceId: string;
  readonly version: Version;
  readonly alive: boolean;
}

/** The agent killed an instance's task for failing its health check (Marathon's `unhealthy_instance_kill_event`). */
export interface UnhealthyInstanceKillEvent {
  readonly eventType: 'unhealthy_instance_kill_event';
  readonly timestamp: string;
  readonly appId: PathId;
  readonly taskId: string;
  readonly instanceId: string;
  readonly version: Version;
  /** The agent's message ("Health check failed 3 consecutive times …"). */
  readonly reason: string;
  readonly host: string;
  readonly slaveId: string;
}

export type MarathonEvent =
  StatusUpdateEvent | InstanceChangedEvent | HealthStatusChangedEvent | UnhealthyInstanceKillEvent;

// ------------------------------------------------------------------ effects

export type InstanceEffect =
  /** Write the instance's record (created or changed). */
  | { readonly type: 'persist'; readonly instance: Instance }
  /** Delete the instance's record: it is forgotten (a later update of its task is answered with a kill). */
  | { readonly type: 'expunge'; readonly instanceId: string }
  /** Ask the master to kill the task. `agentId` undefined: not known. */
  | {
      readonly type: 'kill';
      readonly taskId: string;
      readonly agentId: string | undefined;
      readonly reason: KillReason;
    }
  /**
   * An instance with goal Running ended or became inactive; `replacementId`
   * (Scheduled) takes its place — the same ID when the slot is relaunched, a new
   * one when an unreachable instance is replaced.
   */
  | { readonly type: 'replace'; readonly instanceId: string; readonly replacementId: string }
  | { readonly type: 'event'; readonly event: MarathonEvent }
  | {
      readonly type: 'log';
      readonly level: 'debug' | 'info' | 'warn';
      readonly message: string;
      readonly fields: Readonly<Record<string, unknown>>;
    };

/** What a step returns: its answer and its effects, in the order listed. */
export interface InstanceStep<R> {
  readonly result: R;
  readonly effects: readonly InstanceEffect[];
}

/** Collects one step's effects. */
export class InstanceEffects {
  private readonly list: InstanceEffect[] = [];

  persist(instance: Instance): void {
    this.list.push({ type: 'persist', instance });
  }
  expunge(instanceId: string): void {
    this.list.push({ type: 'expunge', instanceId });
  }
  kill(taskId: string, agentId: string | undefined, reason: KillReason): void {
    this.list.push({ type: 'kill', taskId, agentId, reason });
  }
  replace(instanceId: string, replacementId: string): void {
    this.list.push({ type: 'replace', instanceId, replacementId });
  }
  event(event: MarathonEvent): void {
    this.list.push({ type: 'event', event });
  }
  log(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown> = {}): void {
    this.list.push({ type: 'log', level, message, fields });
  }
  /** Appends another step's effects (a step made of steps). */
  append(effects: readonly InstanceEffect[]): void {
    this.list.push(...effects);
  }

  /**
   * The step's result and effects. Of the `persist`s and `expunge`s of one
   * instance only the last is kept, in its place: the record's final state.
   */
  done<R>(result: R): InstanceStep<R> {
    const lastWrite = new Map<string, number>();
    this.list.forEach((effect, index) => {
      const id = writtenInstanceId(effect);
      if (id !== undefined) lastWrite.set(id, index);
    });
    const effects = this.list.filter((effect, index) => {
      const id = writtenInstanceId(effect);
      return id === undefined || lastWrite.get(id) === index;
    });
    return { result, effects };
  }
}

function writtenInstanceId(effect: InstanceEffect): string | undefined {
  if (effect.type === 'persist') return effect.instance.instanceId;
  if (effect.type === 'expunge') return effect.instanceId;
  return undefined;
}

/** Epoch milliseconds as Marathon shows times. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
