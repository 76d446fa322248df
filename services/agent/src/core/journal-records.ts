/**
 * The agent's durable vocabulary: what the task tracker records of every change
 * (`TaskTracker.takeJournal`) and what recovery reads back
 * (`TaskTracker.recover`). Plain data; the journal file that keeps them is the
 * shell's (`../journal.ts`).
 */
import type { FrameworkCapabilities, StatusUpdate, TaskDescription } from './types.js';

/** Why and how a run is being killed (the cause is a task-tracker `KillCause`, kept as a string here). */
export interface JournalKill {
  readonly cause: string;
  readonly gracePeriodMs: number;
  readonly message?: string;
}

export type JournalRecord =
  /** A run was accepted; journaled before it is launched. */
  | {
      readonly t: 'run';
      readonly task: TaskDescription;
      readonly capabilities: FrameworkCapabilities;
      readonly runId: string;
      readonly sandbox: string;
    }
  /** The run's root process started; `startTime` is field 22 of /proc/<pid>/stat (tells a reused pid apart). */
  | {
      readonly t: 'started';
      readonly taskId: string;
      readonly runId: string;
      readonly pid: number;
      readonly startTime: string;
    }
  /** A kill of the run was decided (the first one counts). */
  | ({ readonly t: 'kill'; readonly taskId: string; readonly runId: string } & JournalKill)
  /** A status update was generated; journaled before it is sent. Belongs to the latest run of its task ID. */
  | { readonly t: 'update'; readonly update: StatusUpdate }
  /**
   * The update with this uuid is no longer pending: the master forwarded the
   * framework's acknowledgement and the update manager accepted it.
   * NOTE: journal an ack only when StatusUpdateManager.acknowledge returned
   * 'acknowledged'; replay removes the uuid wherever it is in the queue.
   */
  | { readonly t: 'ack'; readonly uuid: string }
  /** The run ended (its terminal update is journaled as an `update` too). */
  | { readonly t: 'end'; readonly taskId: string; readonly runId: string }
  /** An ended run with no pending update is forgotten (ignored otherwise). */
  | { readonly t: 'forget'; readonly taskId: string; readonly runId: string };

/** One run as the journal knows it. */
export interface JournalRun {
  readonly task: TaskDescription;
  readonly capabilities: FrameworkCapabilities;
  readonly runId: string;
  readonly sandbox: string;
  /** Root process ID and its /proc start time, once started. */
  readonly pid?: number;
  readonly startTime?: string;
  readonly kill?: JournalKill;
  /** The latest update of this run, acknowledged or not. */
  readonly latestUpdate?: StatusUpdate;
  readonly ended: boolean;
}
