/**
 * The run ledger: which scheduled times of which jobs have been taken (run or
 * skipped), the runs in progress with their attempts, and each job's counters.
 * It is what makes Chronos exact across leader changes: a scheduled time is
 * recorded before anything is launched for it, and a leader acts only on what
 * the ledger says.
 *
 * Pure. Every command changes the ledger at once and returns its effects; it
 * performs none. The shell applies one step's effects in this order:
 *   1. persist: every `persistJob`, `deleteJob`, `persistRun` and `dropRun` of
 *      the step in ONE fenced write (a MULTI), awaited — a step that is not
 *      persisted did not happen: a new leader loads what was written and
 *      decides again;
 *   2. send: `kill`s to the master (launches go through `waitingRuns` and
 *      `launching`, whose persist comes before the Accept);
 *   3. publish: `event`s (NATS facts, the gRPC stream), `runEnded` to the job
 *      graph.
 *
 * The rules:
 * - Each scheduled job has a cursor: the next occurrence of its schedule not
 *   yet recorded. `tick(now)` records every occurrence at or before `now` and
 *   moves the cursor past it, in the same step: one within `epsilonMs` of its
 *   time becomes a Due run (unless the concurrency policy skips it); older ones
 *   become ONE Skipped record that counts them (a leader away for an hour
 *   leaves one record of 3,600 skipped seconds, not 3,600 records).
 * - A new or re-scheduled job's cursor starts at its latest occurrence at or
 *   before now if that is within `epsilon` (it runs at once, late), else at
 *   its first occurrence after now: never more than one of the past. CHOICE: a job whose start is years in the past
 *   neither replays its history nor runs at once: it waits for the next
 *   occurrence on its grid, unless one fell within the last `epsilon` (then
 *   that one runs now, late, as after a short leader change). Occurrences
 *   before that are not recorded (they were never due while the job existed),
 *   and they do not count against `Rn`: `R5/…` is five runs from the first
 *   occurrence recorded, on the grid of its start (Chronos's own sample,
 *   `R10/2012-10-01T05:52:00Z/PT2S`, posted today runs ten times from the next
 *   whole two seconds of its grid).
 * - A disabled job records nothing; enabled again, its cursor restarts from
 *   `now − epsilon` (no skips are recorded for the time it was disabled).
 * - A job whose repetitions are used up (the cursor has no next occurrence) is
 *   disabled, as Chronos does.
 * - Concurrency, when a run is due while another run of the job is active (not
 *   ended): ALLOW starts it; FORBID records it as Skipped; REPLACE asks for the
 *   active runs' tasks to be killed (their end is Killed) and starts it.
 * - Attempts: a Due run waits for an offer (`waitingRuns`); `launching` records
 *   the attempt with its task id before the shell sends the Accept. A failed
 *   attempt (TASK_FAILED, TASK_ERROR, TASK_LOST, …, or TASK_KILLED not asked by
 *   Chronos) is retried while the run has retries left (`retriesAllowed`: the
 *   job's `retries`, 0 when the job's previous run failed); then the run is
 *   Failed. An attempt whose task never started and is unknown to the cluster
 *   (TASK_DROPPED, TASK_GONE, TASK_UNKNOWN: a launch lost in a leader change or
 *   refused before it ran) is launched again without using a retry: the run did
 *   not happen, and it must not be forgotten.
 * - Counters (`successCount`, `errorCount`, last success and error) change when
 *   a run ends; a Killed or Skipped run changes neither.
 * - History: ended runs are kept, newest first, up to `historyPerJob` per job;
 *   older ones are dropped (their counts stay in the counters).
 */
import { isTerminalTaskState, type TaskState } from '@tessera/domain';
import {
  TERMINAL_RUN_STATES,
  type JobCounters,
  type JobDefinition,
  type JobName,
  type Run,
  type RunAttempt,
  type RunCause,
  type RunId,
  type ScheduleSpec,
} from './model.js';
import { UnknownJobError } from './job-graph.js';
import { firstOccurrenceAtOrAfter, occurrenceAfter, type Occurrence } from './schedule.js';

/** What the ledger keeps of a job, persisted as one record. */
export interface JobState {
  readonly job: JobDefinition;
  /** When the job was created or its schedule last changed: the start of an ISO 8601 schedule with an empty start. */
  readonly anchorMs: number;
  /** The next occurrence not yet recorded; undefined for a dependent or disabled job, or when none is left. */
  readonly next: Occurrence | undefined;
  /**
   * ISO 8601 jobs: the index of the first occurrence the job counted when it was
   * (re)scheduled — `Rn` allows n occurrences from there (see the module's rules).
   */
  readonly firstIndex: number | undefined;
  readonly counters: JobCounters;
  /** Whether the job's last ended run failed (then its next run gets no retries). */
  readonly lastRunFailed: boolean;
}

/** A task status update, as much of it as the ledger reads. */
export interface RunTaskStatus {
  readonly taskId: string;
  readonly state: TaskState;
  readonly agentId?: string;
  readonly hostname?: string;
  readonly message?: string;
  readonly exitCode?: number;
  /** A reason name ("REASON_RECONCILIATION", …), if any. */
  readonly reason?: string;
}

export type RunEventType = 'scheduled' | 'started' | 'succeeded' | 'failed' | 'skipped' | 'retried' | 'killed';

export type LedgerEffect =
  | { readonly type: 'persistJob'; readonly state: JobState }
  | { readonly type: 'deleteJob'; readonly name: JobName }
  | { readonly type: 'persistRun'; readonly run: Run }
  | { readonly type: 'dropRun'; readonly id: RunId }
  | { readonly type: 'kill'; readonly taskId: string; readonly agentId: string | undefined }
  | { readonly type: 'event'; readonly event: RunEventType; readonly run: Run }
  /** A run ended: the job graph decides whether children become ready. `soft`: a failure of a softError job. */
  | { readonly type: 'runEnded'; readonly run: Run; readonly outcome: 'succeeded' | 'failed' | 'failed-soft' };

export interface LedgerStep<R = void> {
  readonly result: R;
  readonly effects: readonly LedgerEffect[];
}

export interface RunLedgerOptions {
  /** Ended runs kept per job (newest first); default 100. */
  readonly historyPerJob?: number;
}

/** Refused: the run is not waiting for a launch (ended, launched, or unknown). */
export class RunNotWaitingError extends Error {
  constructor(readonly id: RunId) {
    super(`run ${runKey(id)} is not waiting for a launch`);
    this.name = 'RunNotWaitingError';
  }
}

/** The ledger's key of a run: "job@scheduledAtMs". */
export function runKey(id: RunId): string {
  return `${id.job}@${id.scheduledAtMs}`;
}

/**
 * The task id of a run's attempt: `ct:{scheduledAtMs}:{n}:{job}` (Chronos's
 * shape), `n` counting every launch of the run from 1, characters other than
 * letters, digits, ".", "_" and "-" in the job name replaced by "_". Unique
 * per launch, so an update names the launch it is about.
 */
export function taskIdFor(id: RunId, launchNumber: number): string {
  return `ct:${id.scheduledAtMs}:${launchNumber}:${id.job.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

/** Ends that say the task never ran and the cluster does not know it: launched again, no retry used. */
const NEVER_RAN_STATES: ReadonlySet<string> = new Set<TaskState>(['TASK_DROPPED', 'TASK_GONE', 'TASK_UNKNOWN']);

/** The task's end: a terminal state, or TASK_UNKNOWN (the master has no such task, as reconciliation answers). */
export function isTaskEnd(state: TaskState): boolean {
  return isTerminalTaskState(state) || state === 'TASK_UNKNOWN';
}

/**
 * Skipped occurrences of a cron schedule counted one by one at most (a week of
 * every-minute runs); beyond, the record says at least this many.
 */
const MAX_SKIP_WALK = 10_080;

const NO_COUNTERS: JobCounters = {
  successCount: 0,
  errorCount: 0,
  lastSuccessAtMs: undefined,
  lastErrorAtMs: undefined,
};

/** Effects collected during one step. */
class StepEffects {
  readonly list: LedgerEffect[] = [];
  push(effect: LedgerEffect): void {
    this.list.push(effect);
  }
}

export class RunLedger {
  private readonly historyPerJob: number;
  private readonly jobs = new Map<JobName, JobState>();
  /** Every run kept (active and history), by runKey. */
  private readonly runs = new Map<string, Run>();
  /** Runs of each job by runKey, active and ended. */
  private readonly runsByJob = new Map<JobName, Set<string>>();
  /** The run of each task id ever launched and kept. */
  private readonly runByTask = new Map<string, string>();

  constructor(options: RunLedgerOptions = {}) {
    this.historyPerJob = options.historyPerJob ?? 100;
  }

  // ---------------------------------------------------------------- loading and reading

  /**
   * Replaces the ledger's content with what was persisted (a new leader, or a
   * restart). No effects: call `tick(now)` next, which records what fell due
   * meanwhile.
   */
  load(jobs: readonly JobState[], runs: readonly Run[]): void {
    this.jobs.clear();
    this.runs.clear();
    this.runsByJob.clear();
    this.runByTask.clear();
    for (const state of jobs) this.jobs.set(state.job.name, state);
    for (const run of runs) this.index(run);
  }

  job(name: JobName): JobState | undefined {
    return this.jobs.get(name);
  }

  allJobs(): IterableIterator<JobState> {
    return this.jobs.values();
  }

  /** Every run kept of the job, newest scheduled first. */
  runsOf(name: JobName): Run[] {
    const keys = this.runsByJob.get(name) ?? new Set<string>();
    return [...keys].map((key) => this.runs.get(key) as Run).sort((a, b) => b.id.scheduledAtMs - a.id.scheduledAtMs);
  }

  run(id: RunId): Run | undefined {
    return this.runs.get(runKey(id));
  }

  runOfTask(taskId: string): Run | undefined {
    const key = this.runByTask.get(taskId);
    return key === undefined ? undefined : this.runs.get(key);
  }

  /** Runs of the job that have not ended. */
  activeRuns(name: JobName): Run[] {
    return this.runsOf(name).filter((run) => !TERMINAL_RUN_STATES.has(run.state));
  }

  /** Every run not ended, of every job (reconciliation asks the master about their tasks). */
  allActiveRuns(): Run[] {
    return [...this.runs.values()].filter((run) => !TERMINAL_RUN_STATES.has(run.state));
  }

  /**
   * Runs waiting for a task (state Due), in launch order: high-priority jobs
   * first, then by scheduled time, then by job name.
   */
  waitingRuns(): Run[] {
    const waiting = [...this.runs.values()].filter((run) => run.state === 'Due');
    const priority = (run: Run): number => (this.jobs.get(run.id.job)?.job.highPriority === true ? 0 : 1);
    return waiting.sort(
      (a, b) =>
        priority(a) - priority(b) ||
        a.id.scheduledAtMs - b.id.scheduledAtMs ||
        (a.id.job < b.id.job ? -1 : a.id.job > b.id.job ? 1 : 0),
    );
  }

  /** The earliest time at which `tick` has something to record; undefined when nothing is scheduled. */
  nextWakeAtMs(): number | undefined {
    let earliest: number | undefined;
    for (const state of this.jobs.values()) {
      if (state.job.disabled || state.next === undefined) continue;
      if (earliest === undefined || state.next.atMs < earliest) earliest = state.next.atMs;
    }
    return earliest;
  }

  // ---------------------------------------------------------------- commands

  /**
   * Creates or replaces a job. A new job, or one whose schedule changed (or
   * that was enabled), gets its cursor anew (see the module's rules); otherwise the
   * cursor, counters and runs stay. Active runs carry on with the definition
   * they were launched with; Due runs launch with the new one. The caller has
   * validated the job and checked its parents (`job-graph.ts`).
   */
  putJob(job: JobDefinition, nowMs: number): LedgerStep<JobState> {
    const fx = new StepEffects();
    const previous = this.jobs.get(job.name);
    const rescheduled =
      previous === undefined ||
      !sameSchedule(previous.job, job) ||
      (previous.job.disabled && !job.disabled) ||
      previous.next === undefined;
    const anchorMs = previous === undefined || !sameSchedule(previous.job, job) ? nowMs : previous.anchorMs;
    let state: JobState = {
      job,
      anchorMs,
      next: previous?.next,
      firstIndex: previous?.firstIndex,
      counters: previous?.counters ?? NO_COUNTERS,
      lastRunFailed: previous?.lastRunFailed ?? false,
    };
    if (rescheduled) {
      const next = this.firstDue(job, anchorMs, nowMs);
      state = { ...state, next, firstIndex: next?.index };
    }
    state = this.disableIfUsedUp(state);
    this.setJob(fx, state);
    return { result: state, effects: fx.list };
  }

  /** Deletes a job and its runs (history too); active runs' tasks are killed. Throws UnknownJobError. */
  deleteJob(name: JobName): LedgerStep {
    if (!this.jobs.has(name)) throw new UnknownJobError(name);
    const fx = new StepEffects();
    for (const run of this.activeRuns(name)) this.killTaskOf(fx, run);
    for (const run of this.runsOf(name)) {
      this.unindex(run);
      fx.push({ type: 'dropRun', id: run.id });
    }
    this.jobs.delete(name);
    fx.push({ type: 'deleteJob', name });
    return { result: undefined, effects: fx.list };
  }

  /** Sets `disabled`. Enabling restarts the cursor from `now − epsilon`. Throws UnknownJobError. */
  setDisabled(name: JobName, disabled: boolean, nowMs: number): LedgerStep<JobState> {
    const state = this.jobs.get(name);
    if (state === undefined) throw new UnknownJobError(name);
    return this.putJob({ ...state.job, disabled }, nowMs);
  }

  /**
   * Records every occurrence due at `nowMs` (see the module's rules) and moves
   * the cursors past them. Idempotent for one `nowMs`: called again, it records
   * nothing new.
   */
  tick(nowMs: number): LedgerStep {
    const fx = new StepEffects();
    for (const name of [...this.jobs.keys()].sort()) {
      let state = this.jobs.get(name) as JobState;
      if (state.job.disabled || state.next === undefined || state.next.atMs > nowMs) continue;
      state = this.recordDue(fx, state, nowMs);
      this.setJob(fx, this.disableIfUsedUp(state));
    }
    return { result: undefined, effects: fx.list };
  }

  /**
   * Starts a run of the job now (a manual run, or a dependent job whose parents
   * are done), under the job's concurrency policy. Its identity is (job,
   * nowMs), moved on by a millisecond while taken. Answers the run (Due, or
   * Skipped by FORBID). Throws UnknownJobError. A disabled job runs when asked
   * by hand (as Chronos); a dependent run of a disabled job is skipped.
   */
  runNow(name: JobName, cause: Exclude<RunCause, 'schedule'>, args: readonly string[], nowMs: number): LedgerStep<Run> {
    const state = this.jobs.get(name);
    if (state === undefined) throw new UnknownJobError(name);
    const fx = new StepEffects();
    let scheduledAtMs = nowMs;
    while (this.runs.has(runKey({ job: name, scheduledAtMs }))) scheduledAtMs++;
    const id = { job: name, scheduledAtMs };
    const run =
      cause === 'dependency' && state.job.disabled
        ? this.skippedRun(id, cause, nowMs, 'the job is disabled', 1, scheduledAtMs)
        : this.startOrSkip(fx, state, id, cause, args, nowMs);
    this.putRun(fx, run);
    fx.push({ type: 'event', event: run.state === 'Skipped' ? 'skipped' : 'scheduled', run });
    return { result: run, effects: fx.list };
  }

  /**
   * The shell matched an offer for a waiting run: records the attempt with its
   * task id (state Launched). The shell sends the Accept only after this step
   * is persisted. Throws RunNotWaitingError if the run is not Due.
   */
  launching(id: RunId, placement: { agentId: string; hostname: string }, nowMs: number): LedgerStep<RunAttempt> {
    const run = this.runs.get(runKey(id));
    if (run === undefined || run.state !== 'Due') throw new RunNotWaitingError(id);
    const fx = new StepEffects();
    const attempt: RunAttempt = {
      attempt: failures(run) + 1,
      taskId: taskIdFor(id, run.attempts.length + 1),
      launchedAtMs: nowMs,
      startedAtMs: undefined,
      endedAtMs: undefined,
      taskState: undefined,
      exitCode: undefined,
      agentId: placement.agentId,
      hostname: placement.hostname,
      message: undefined,
    };
    this.putRun(fx, { ...run, state: 'Launched', attempts: [...run.attempts, attempt] });
    return { result: attempt, effects: fx.list };
  }

  /**
   * A task status update. An update of a task that no active run has is
   * answered with a kill if the task may still be alive (it is not ours, or its
   * run was deleted), and otherwise ignored; an update of an earlier attempt
   * of a run changes nothing. Repeated updates change nothing.
   */
  taskStatus(status: RunTaskStatus, nowMs: number): LedgerStep<Run | undefined> {
    const fx = new StepEffects();
    const run = this.runOfTask(status.taskId);
    const current = run?.attempts.at(-1);
    if (run === undefined || TERMINAL_RUN_STATES.has(run.state) || current?.taskId !== status.taskId) {
      if (run === undefined && !isTaskEnd(status.state))
        fx.push({ type: 'kill', taskId: status.taskId, agentId: status.agentId });
      return { result: run, effects: fx.list };
    }
    if (current.endedAtMs !== undefined) return { result: run, effects: fx.list };

    if (status.state === 'TASK_RUNNING') {
      if (current.startedAtMs !== undefined) return { result: run, effects: fx.list };
      const started = withAttempt(run, {
        ...current,
        startedAtMs: nowMs,
        taskState: status.state,
        agentId: status.agentId ?? current.agentId,
        hostname: status.hostname ?? current.hostname,
      });
      const next: Run = { ...started, state: 'Running' };
      this.putRun(fx, next);
      fx.push({ type: 'event', event: 'started', run: next });
      return { result: next, effects: fx.list };
    }
    if (!isTaskEnd(status.state)) {
      if (current.taskState === status.state) return { result: run, effects: fx.list };
      const next = withAttempt(run, { ...current, taskState: status.state, message: status.message });
      this.putRun(fx, next);
      return { result: next, effects: fx.list };
    }
    const ended = withAttempt(run, {
      ...current,
      endedAtMs: nowMs,
      taskState: status.state,
      exitCode: status.exitCode,
      message: status.message,
    });
    const next = this.afterAttempt(fx, ended, status, nowMs);
    return { result: next, effects: fx.list };
  }

  /** Kills every active run of the job: tasks are killed, runs not launched yet end Killed at once. Throws UnknownJobError. */
  killRuns(name: JobName, nowMs: number): LedgerStep<string[]> {
    if (!this.jobs.has(name)) throw new UnknownJobError(name);
    const fx = new StepEffects();
    const taskIds: string[] = [];
    for (const run of this.activeRuns(name)) {
      const taskId = this.killRun(fx, run, nowMs);
      if (taskId !== undefined) taskIds.push(taskId);
    }
    return { result: taskIds, effects: fx.list };
  }

  // ---------------------------------------------------------------- internals

  /**
   * The cursor of a (re)scheduled job (none for R0): the latest occurrence at
   * or before now if it is within epsilon (it runs at once, late), else the
   * first after now. Never more than one occurrence of the past.
   */
  private firstDue(job: JobDefinition, anchorMs: number, nowMs: number): Occurrence | undefined {
    if (job.schedule === undefined || job.disabled) return undefined;
    if (job.schedule.kind === 'iso8601' && job.schedule.recurrences === 0) return undefined;
    const schedule = unbounded(job.schedule);
    const recent = firstOccurrenceAtOrAfter(schedule, nowMs - job.epsilonMs, anchorMs);
    if (recent === undefined || recent.atMs > nowMs) return recent;
    const upcoming = firstOccurrenceAtOrAfter(schedule, nowMs + 1, anchorMs);
    if (upcoming === undefined) return recent;
    const latestMs = lastBefore(schedule, upcoming, anchorMs, recent);
    return firstOccurrenceAtOrAfter(schedule, latestMs, anchorMs);
  }

  /** The job's first occurrence at or after `fromMs` within its `Rn`. */
  private atOrAfter(state: JobState, fromMs: number): Occurrence | undefined {
    const schedule = state.job.schedule;
    if (schedule === undefined) return undefined;
    return withinCount(state, firstOccurrenceAtOrAfter(unbounded(schedule), fromMs, state.anchorMs));
  }

  /** The job's occurrence after `occurrence` within its `Rn`. */
  private after(state: JobState, occurrence: Occurrence): Occurrence | undefined {
    const schedule = state.job.schedule;
    if (schedule === undefined) return undefined;
    return withinCount(state, occurrenceAfter(unbounded(schedule), occurrence, state.anchorMs));
  }

  private disableIfUsedUp(state: JobState): JobState {
    if (state.job.schedule === undefined || state.job.disabled || state.next !== undefined) return state;
    return { ...state, job: { ...state.job, disabled: true } };
  }

  /** Records the job's occurrences due at nowMs: one Skipped record for those beyond epsilon, then the rest one by one. */
  private recordDue(fx: StepEffects, state: JobState, nowMs: number): JobState {
    const { job } = state;
    const schedule = job.schedule;
    let next = state.next;
    if (schedule === undefined || next === undefined) return state;
    // Beyond epsilon: skipped, counted in one record.
    if (nowMs - next.atMs > job.epsilonMs) {
      const firstSkipped = next;
      const resume = this.atOrAfter(state, nowMs - job.epsilonMs);
      let count = 0;
      let lastAtMs = firstSkipped.atMs;
      if (firstSkipped.index !== undefined && resume?.index !== undefined) {
        // Indexed (ISO 8601): count by index, find the last by time.
        count = resume.index - firstSkipped.index;
        lastAtMs = lastBefore(unbounded(schedule), resume, state.anchorMs, firstSkipped);
      } else {
        // Cron (at most one a minute), or nothing left to resume at: walk, up to MAX_SKIP_WALK.
        for (let o: Occurrence | undefined = firstSkipped; o !== undefined && o.atMs < nowMs - job.epsilonMs;) {
          count++;
          lastAtMs = o.atMs;
          if (count >= MAX_SKIP_WALK) break;
          o = this.after(state, o);
        }
      }
      const id = { job: job.name, scheduledAtMs: firstSkipped.atMs };
      const reason = `missed by ${formatMs(nowMs - firstSkipped.atMs)}, more than the epsilon of ${formatMs(job.epsilonMs)}`;
      if (!this.runs.has(runKey(id))) {
        const run = this.skippedRun(id, 'schedule', nowMs, reason, count, lastAtMs);
        this.putRun(fx, run);
        fx.push({ type: 'event', event: 'skipped', run });
      }
      next = resume;
    }
    while (next !== undefined && next.atMs <= nowMs) {
      const id = { job: job.name, scheduledAtMs: next.atMs };
      if (!this.runs.has(runKey(id))) {
        const run = this.startOrSkip(fx, this.jobs.get(job.name) ?? state, id, 'schedule', [], nowMs);
        this.putRun(fx, run);
        fx.push({ type: 'event', event: run.state === 'Skipped' ? 'skipped' : 'scheduled', run });
      }
      next = this.after(state, next);
    }
    return { ...(this.jobs.get(job.name) ?? state), next };
  }

  /** A new run under the job's concurrency policy: Due, or Skipped by FORBID (REPLACE kills the active ones first). */
  private startOrSkip(
    fx: StepEffects,
    state: JobState,
    id: RunId,
    cause: RunCause,
    args: readonly string[],
    nowMs: number,
  ): Run {
    const active = this.activeRuns(state.job.name);
    if (active.length > 0 && state.job.concurrencyPolicy === 'FORBID') {
      const oldest = active[active.length - 1] as Run;
      const reason = `concurrencyPolicy FORBID: the run of ${new Date(oldest.id.scheduledAtMs).toISOString()} is still active`;
      return this.skippedRun(id, cause, nowMs, reason, 1, id.scheduledAtMs);
    }
    if (state.job.concurrencyPolicy === 'REPLACE') for (const run of active) this.killRun(fx, run, nowMs);
    return {
      id,
      cause,
      state: 'Due',
      recordedAtMs: nowMs,
      skipReason: undefined,
      skippedCount: 0,
      lastSkippedAtMs: undefined,
      arguments: [...args],
      retriesAllowed: state.lastRunFailed ? 0 : state.job.retries,
      killRequested: false,
      attempts: [],
    };
  }

  private skippedRun(id: RunId, cause: RunCause, nowMs: number, reason: string, count: number, lastAtMs: number): Run {
    return {
      id,
      cause,
      state: 'Skipped',
      recordedAtMs: nowMs,
      skipReason: reason,
      skippedCount: count,
      lastSkippedAtMs: lastAtMs,
      arguments: [],
      retriesAllowed: 0,
      killRequested: false,
      attempts: [],
    };
  }

  /** An attempt ended: the run succeeds, is retried, is launched again, or ends. */
  private afterAttempt(fx: StepEffects, run: Run, status: RunTaskStatus, nowMs: number): Run {
    const attempt = run.attempts.at(-1) as RunAttempt;
    if (status.state === 'TASK_FINISHED') return this.endRun(fx, run, 'Succeeded', nowMs);
    if (run.killRequested) return this.endRun(fx, run, 'Killed', nowMs);
    if (NEVER_RAN_STATES.has(status.state) && attempt.startedAtMs === undefined) {
      // Never ran, unknown to the cluster: launch again, no retry used.
      const again: Run = { ...run, state: 'Due' };
      this.putRun(fx, again);
      return again;
    }
    if (failures(run) <= run.retriesAllowed) {
      const retry: Run = { ...run, state: 'Due' };
      this.putRun(fx, retry);
      fx.push({ type: 'event', event: 'retried', run: retry });
      return retry;
    }
    return this.endRun(fx, run, 'Failed', nowMs);
  }

  private endRun(fx: StepEffects, run: Run, end: 'Succeeded' | 'Failed' | 'Killed', nowMs: number): Run {
    const ended: Run = { ...run, state: end };
    this.putRun(fx, ended);
    const state = this.jobs.get(run.id.job);
    if (state !== undefined && end !== 'Killed') {
      const counters: JobCounters =
        end === 'Succeeded'
          ? { ...state.counters, successCount: state.counters.successCount + 1, lastSuccessAtMs: nowMs }
          : { ...state.counters, errorCount: state.counters.errorCount + 1, lastErrorAtMs: nowMs };
      this.setJob(fx, { ...state, counters, lastRunFailed: end === 'Failed' });
    }
    fx.push({
      type: 'event',
      event: end === 'Succeeded' ? 'succeeded' : end === 'Failed' ? 'failed' : 'killed',
      run: ended,
    });
    if (end === 'Succeeded') fx.push({ type: 'runEnded', run: ended, outcome: 'succeeded' });
    else if (end === 'Failed')
      fx.push({ type: 'runEnded', run: ended, outcome: state?.job.softError === true ? 'failed-soft' : 'failed' });
    this.trimHistory(fx, run.id.job);
    return ended;
  }

  /** Kills an active run: its task if launched (the end comes as an update), else it ends Killed now. Answers the task id killed. */
  private killRun(fx: StepEffects, run: Run, nowMs: number): string | undefined {
    if (run.state === 'Due') {
      this.endRun(fx, { ...run, killRequested: true }, 'Killed', nowMs);
      return undefined;
    }
    const marked: Run = { ...run, killRequested: true };
    this.putRun(fx, marked);
    return this.killTaskOf(fx, marked);
  }

  private killTaskOf(fx: StepEffects, run: Run): string | undefined {
    const attempt = run.attempts.at(-1);
    if (attempt === undefined || attempt.endedAtMs !== undefined) return undefined;
    fx.push({ type: 'kill', taskId: attempt.taskId, agentId: attempt.agentId });
    return attempt.taskId;
  }

  private trimHistory(fx: StepEffects, name: JobName): void {
    const ended = this.runsOf(name).filter((run) => TERMINAL_RUN_STATES.has(run.state));
    for (const run of ended.slice(this.historyPerJob)) {
      this.unindex(run);
      fx.push({ type: 'dropRun', id: run.id });
    }
  }

  private setJob(fx: StepEffects, state: JobState): void {
    this.jobs.set(state.job.name, state);
    fx.push({ type: 'persistJob', state });
  }

  private putRun(fx: StepEffects, run: Run): void {
    this.index(run);
    fx.push({ type: 'persistRun', run });
  }

  private index(run: Run): void {
    const key = runKey(run.id);
    this.runs.set(key, run);
    let keys = this.runsByJob.get(run.id.job);
    if (keys === undefined) this.runsByJob.set(run.id.job, (keys = new Set()));
    keys.add(key);
    for (const attempt of run.attempts) this.runByTask.set(attempt.taskId, key);
  }

  private unindex(run: Run): void {
    const key = runKey(run.id);
    this.runs.delete(key);
    this.runsByJob.get(run.id.job)?.delete(key);
    for (const attempt of run.attempts) this.runByTask.delete(attempt.taskId);
  }
}

// ------------------------------------------------------------------ helpers

/**
 * Failed attempts of a run that count: those that ended, but not launches lost
 * before they ran (NEVER_RAN_STATES without a start). After the k-th such
 * failure the run has used k − 1 retries, so it may retry while k ≤ retriesAllowed.
 */
function failures(run: Run): number {
  return run.attempts.filter(
    (attempt) =>
      attempt.endedAtMs !== undefined &&
      attempt.taskState !== 'TASK_FINISHED' &&
      !(attempt.startedAtMs === undefined && NEVER_RAN_STATES.has(attempt.taskState ?? '')),
  ).length;
}

/** An ISO 8601 schedule without its `Rn` bound: the ledger counts the n from the job's first occurrence. */
function unbounded(schedule: ScheduleSpec): ScheduleSpec {
  return schedule.kind === 'iso8601' && schedule.recurrences !== undefined
    ? { ...schedule, recurrences: undefined }
    : schedule;
}

/** `occurrence`, unless it is beyond the job's `Rn` (counted from `firstIndex`). */
function withinCount(state: JobState, occurrence: Occurrence | undefined): Occurrence | undefined {
  const schedule = state.job.schedule;
  if (occurrence === undefined || schedule?.kind !== 'iso8601' || schedule.recurrences === undefined) return occurrence;
  const first = state.firstIndex ?? 0;
  return occurrence.index !== undefined && occurrence.index - first >= schedule.recurrences ? undefined : occurrence;
}

/** Runs left of an ISO 8601 job with `Rn`, the next one included; undefined when forever, for cron and dependent jobs. */
export function recurrencesLeft(state: JobState): number | undefined {
  const schedule = state.job.schedule;
  if (schedule?.kind !== 'iso8601' || schedule.recurrences === undefined) return undefined;
  if (state.next?.index === undefined) return 0;
  return Math.max(0, schedule.recurrences - (state.next.index - (state.firstIndex ?? 0)));
}

function withAttempt(run: Run, attempt: RunAttempt): Run {
  return { ...run, attempts: [...run.attempts.slice(0, -1), attempt] };
}

function sameSchedule(a: JobDefinition, b: JobDefinition): boolean {
  return JSON.stringify(a.schedule) === JSON.stringify(b.schedule) && a.epsilonMs === b.epsilonMs;
}

/**
 * The time of the latest occurrence before `resume`, given `floor`, an
 * occurrence before it: a binary search over time for the point after which
 * the next occurrence is `resume` (about 40 schedule lookups for years).
 * Invariant: the first occurrence at or after `lowMs` is before `resume`.
 */
function lastBefore(schedule: ScheduleSpec, resume: Occurrence, anchorMs: number, floor: Occurrence): number {
  let lowMs = floor.atMs;
  let highMs = resume.atMs;
  while (highMs - lowMs > 1) {
    const midMs = Math.floor((lowMs + highMs) / 2);
    const at = firstOccurrenceAtOrAfter(schedule, midMs, anchorMs);
    if (at !== undefined && at.atMs >= resume.atMs) highMs = midMs;
    else lowMs = midMs;
  }
  return firstOccurrenceAtOrAfter(schedule, lowMs, anchorMs)?.atMs ?? floor.atMs;
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 6000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}
