/**
 * Replay of the agent's journal: records → the state they describe (runs,
 * pending updates) → what a restarted agent recovers. Pure: the journal file
 * (`../journal.ts`) reads and writes the records; this decides what they mean.
 *
 * Replay semantics: records that do not apply (a `started` for an unknown run,
 * a second `kill`, an `ack` of a uuid that is not pending, …) are ignored, so
 * replay is total. Update uuids are assumed unique.
 */
import type { JournalRecord, JournalRun } from './journal-records.js';
import type { StatusUpdate } from './types.js';

/** A pending (unacknowledged) update, with the run it belongs to (absent: its task had no run when it was journaled). */
export interface PendingUpdate {
  readonly update: StatusUpdate;
  readonly runId?: string;
}

/** What replaying records yields. Plain data: compare with deep equality. */
export interface JournalState {
  /** Runs not forgotten, live and ended, in the order they were journaled. */
  readonly runs: readonly JournalRun[];
  /** Pending updates in the order they were journaled. */
  readonly pending: readonly PendingUpdate[];
}

type MutableRun = { -readonly [K in keyof JournalRun]: JournalRun[K] };

function taskKey(frameworkId: string, taskId: string): string {
  return `${frameworkId}\n${taskId}`;
}

/** The replayed state with the indexes that keep applying a record O(1) (amortized). */
export class ReplayState {
  readonly runs = new Map<string, MutableRun>();
  readonly pending = new Map<string, PendingUpdate>();
  /** Run IDs of each task (framework ID, task ID), oldest first. */
  private readonly runsByTask = new Map<string, string[]>();
  private readonly pendingByRun = new Map<string, number>();

  /** Applies one record; false (and no change) when it does not apply. */
  apply(record: JournalRecord): boolean {
    switch (record.t) {
      case 'run': {
        const key = taskKey(record.task.frameworkId, record.task.taskId);
        if (this.runs.has(record.runId)) return false;
        const runIds = this.runsByTask.get(key) ?? [];
        if (runIds.some((runId) => this.runs.get(runId)?.ended === false)) return false;
        const { task, capabilities, runId, sandbox } = record;
        this.runs.set(runId, { task, capabilities, runId, sandbox, ended: false });
        runIds.push(runId);
        this.runsByTask.set(key, runIds);
        return true;
      }
      case 'started': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || run.ended || run.pid !== undefined) return false;
        run.pid = record.pid;
        run.startTime = record.startTime;
        return true;
      }
      case 'kill': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || run.ended || run.kill !== undefined) return false;
        run.kill =
          record.message === undefined
            ? { cause: record.cause, gracePeriodMs: record.gracePeriodMs }
            : { cause: record.cause, gracePeriodMs: record.gracePeriodMs, message: record.message };
        return true;
      }
      case 'update': {
        const { update } = record;
        if (this.pending.has(update.uuid)) return false;
        const runIds = this.runsByTask.get(taskKey(update.frameworkId, update.taskId));
        const runId = runIds?.[runIds.length - 1];
        const run = runId === undefined ? undefined : this.runs.get(runId);
        if (run === undefined) {
          this.pending.set(update.uuid, { update });
        } else {
          run.latestUpdate = update;
          this.pending.set(update.uuid, { update, runId: run.runId });
          this.pendingByRun.set(run.runId, (this.pendingByRun.get(run.runId) ?? 0) + 1);
        }
        return true;
      }
      case 'ack': {
        const entry = this.pending.get(record.uuid);
        if (entry === undefined) return false;
        this.pending.delete(record.uuid);
        if (entry.runId !== undefined) {
          const count = (this.pendingByRun.get(entry.runId) ?? 1) - 1;
          if (count === 0) this.pendingByRun.delete(entry.runId);
          else this.pendingByRun.set(entry.runId, count);
        }
        return true;
      }
      case 'end': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || run.ended) return false;
        run.ended = true;
        return true;
      }
      case 'forget': {
        const run = this.runOf(record.taskId, record.runId);
        if (run === undefined || !run.ended || this.pendingByRun.has(run.runId)) return false;
        this.runs.delete(run.runId);
        const key = taskKey(run.task.frameworkId, run.task.taskId);
        const runIds = (this.runsByTask.get(key) ?? []).filter((runId) => runId !== run.runId);
        if (runIds.length === 0) this.runsByTask.delete(key);
        else this.runsByTask.set(key, runIds);
        return true;
      }
    }
  }

  hasPending(runId: string): boolean {
    return this.pendingByRun.has(runId);
  }

  toState(): JournalState {
    return { runs: [...this.runs.values()].map((run) => ({ ...run })), pending: [...this.pending.values()] };
  }

  private runOf(taskId: string, runId: string): MutableRun | undefined {
    const run = this.runs.get(runId);
    return run?.task.taskId === taskId ? run : undefined;
  }
}

/** The state the records replay to. Records that do not apply are ignored. Pure. */
export function replay(records: Iterable<JournalRecord>): JournalState {
  const state = new ReplayState();
  for (const record of records) state.apply(record);
  return state.toState();
}

/**
 * The fewest records that replay to `state`: for each run its `run`, `started`,
 * `kill` and `end`; each pending update; each run's acknowledged latest update
 * as `update` + `ack`. Invariant: replay(snapshot(replay(rs))) deep-equals
 * replay(rs). Pure.
 *
 * NOTE: an update belongs to the latest run of its task ID when it is replayed,
 * so records are merged in an order that keeps every update with its run: a run
 * is emitted only when a pending update needs it (runs in journal order), and a
 * run's acknowledged latest update just before the next run of the same task.
 * That order exists for every state `replay` can produce: a pending update of an
 * older run was journaled before any newer run of its task.
 */
export function snapshot(state: JournalState): JournalRecord[] {
  const out: JournalRecord[] = [];
  const pendingUuids = new Set(state.pending.map((entry) => entry.update.uuid));
  const indexOfRun = new Map(state.runs.map((run, index) => [run.runId, index]));
  /** Per task: the emitted run whose acknowledged latest update is still owed. */
  const owedLatest = new Map<string, JournalRun>();
  let nextRun = 0;

  const flushOwed = (key: string) => {
    const run = owedLatest.get(key);
    if (run?.latestUpdate === undefined) return;
    out.push({ t: 'update', update: run.latestUpdate }, { t: 'ack', uuid: run.latestUpdate.uuid });
    owedLatest.delete(key);
  };
  const emitRunsThrough = (index: number) => {
    for (; nextRun <= index; nextRun++) {
      const run = state.runs[nextRun];
      if (run === undefined) break;
      const { taskId } = run.task;
      const key = taskKey(run.task.frameworkId, taskId);
      flushOwed(key);
      out.push({ t: 'run', task: run.task, capabilities: run.capabilities, runId: run.runId, sandbox: run.sandbox });
      if (run.pid !== undefined) {
        out.push({ t: 'started', taskId, runId: run.runId, pid: run.pid, startTime: run.startTime ?? '' });
      }
      if (run.kill !== undefined) out.push({ t: 'kill', taskId, runId: run.runId, ...run.kill });
      if (run.ended) out.push({ t: 'end', taskId, runId: run.runId });
      if (run.latestUpdate !== undefined && !pendingUuids.has(run.latestUpdate.uuid)) owedLatest.set(key, run);
    }
  };

  for (const entry of state.pending) {
    if (entry.runId !== undefined) emitRunsThrough(indexOfRun.get(entry.runId) ?? -1);
    out.push({ t: 'update', update: entry.update });
  }
  emitRunsThrough(state.runs.length - 1);
  for (const key of [...owedLatest.keys()]) flushOwed(key);
  return out;
}

/** What a restarted agent takes over from a replayed journal (see `TaskTracker.recover`). */
export interface RecoveredTasks {
  /** Runs that have not ended, in the order they were journaled. */
  readonly liveRuns: readonly JournalRun[];
  /** Ended runs that still have pending updates. */
  readonly endedRuns: readonly JournalRun[];
  /** Unacknowledged updates in the order they were journaled. */
  readonly pendingUpdates: readonly StatusUpdate[];
}

/** The runs and updates of the replayed state that recovery takes over. Pure. */
export function recoveredTasks(replayed: ReplayState): RecoveredTasks {
  const state = replayed.toState();
  return {
    liveRuns: state.runs.filter((run) => !run.ended),
    endedRuns: state.runs.filter((run) => run.ended && replayed.hasPending(run.runId)),
    pendingUpdates: state.pending.map((entry) => entry.update),
  };
}
