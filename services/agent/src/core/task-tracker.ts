/**
 * The agent's task bookkeeping: one state machine per task
 * (STAGING → STARTING → RUNNING → [KILLING →] terminal), idempotent launches by
 * task ID, kills, framework shutdown, draining and the delivery of status
 * updates. Decide, then apply: every command returns one `TrackerStep` — its
 * decision, the journal records of what changed, the updates to send, the work
 * for the executor and the retry timer to set — and the shell applies it in
 * the order `TrackerStep` documents, reporting the executor's results back as
 * commands (`launched`, `launchFailed`, `exited`). Pure: time comes in as
 * `nowMs`, uuids from the injected generator.
 */
import { isTerminalTaskState, scalarOf, type TaskState } from '@tessera/domain';
import type { JournalRecord, JournalRun } from './journal-records.js';
import type { RecoveredTasks } from './journal-replay.js';
import { joinPath } from './paths.js';
import { StatusUpdateManager, type AcknowledgeResult, type RetryPolicy } from './status-updates.js';
import type {
  ExitOutcome,
  FrameworkCapabilities,
  StatusDraft,
  StatusUpdate,
  TaskDescription,
  TaskLaunch,
  TaskStatusReason,
} from './types.js';

/** Why a task is being killed; decides the reason of its TASK_KILLED. */
export type KillCause =
  /** KillTask from the framework (through the master). */
  | 'request'
  /** ShutdownFramework: the framework was removed. */
  | 'framework-removed'
  /** Drain. */
  | 'drain'
  /** Listed in Reregistered.kill_task_ids: the master considers the task ended or unknown. */
  | 'master'
  /** The master revoked the (lent, revocable) resources the task runs on. */
  | 'preempted'
  /** The agent itself is stopping (dev mode). */
  | 'agent-shutdown'
  /** The task's health check failed its consecutive failures: TASK_KILLED, REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, healthy false. */
  | 'health-check';

/** Work for the executor. */
export type AgentEffect =
  /** Start run `runId`; report the result with `launched` or `launchFailed`, its end with `exited`. */
  | { readonly kind: 'launch'; readonly runId: string; readonly launch: TaskLaunch }
  /** Kill the run (SIGTERM, SIGKILL after `gracePeriodMs`); its end comes back through `exited`. */
  | { readonly kind: 'kill'; readonly taskId: string; readonly runId: string; readonly gracePeriodMs: number };

export type LaunchEffect = AgentEffect & { readonly kind: 'launch' };

/**
 * What one command of the TaskTracker decided and what the shell must do
 * about it. The tracker's own state has changed already; everything else is
 * here, and nowhere else (there is nothing to drain later). The shell applies
 * every step, in the order the steps were returned, each in this order:
 *
 *   1. `journal` — append the records (in order) to the write-ahead journal and
 *      wait until they are durable. Steps 2 and 3 of this step, and of every
 *      later step, wait for it: an update is never sent, a run never launched
 *      or killed, before its record is durable. Empty when the agent does not
 *      checkpoint (then nothing waits).
 *   2. `send` — send these status updates to the master, in order, then
 *      Drained if `drained`. They count as sent already (their retry is
 *      scheduled), so one that cannot be written (the stream broke meanwhile)
 *      is simply resent after the next registration. Empty while the tracker is
 *      not connected (`registered` … `disconnected`).
 *   3. `effects` — carry out the launches and kills, in order.
 *   4. `nextTickAtMs` — (re)arm the one retry timer to call `tick` then (ms
 *      since the epoch; may be in the past: at once). Undefined: no timer.
 *      This may be done at once; it replaces whatever an earlier step asked.
 *      It may be early (after acknowledgements), never late: a `tick` that
 *      finds nothing due only asks for the next one.
 *
 * `decision` is the command's answer, for the shell's log and for tests.
 */
export interface TrackerStep<D> {
  readonly decision: D;
  readonly journal: readonly JournalRecord[];
  readonly send: readonly StatusUpdate[];
  /** The Drain is complete: no task is live and every update was acknowledged. True once per Drain. */
  readonly drained: boolean;
  readonly effects: readonly AgentEffect[];
  readonly nextTickAtMs: number | undefined;
}

/** The pending status updates, for queries (what is sent and when is the tracker's business). */
export type PendingUpdates = Pick<
  StatusUpdateManager,
  'pendingCount' | 'pending' | 'pendingFor' | 'hasPending' | 'nextRetryAt'
>;

/** A task the agent knows, live or completed. Mutated only by TaskTracker. */
export interface TaskRecord {
  readonly task: TaskDescription;
  readonly capabilities: FrameworkCapabilities;
  /** Identifies this run of the task ID; a task ID launched again after it ended gets a new run. */
  readonly runId: string;
  readonly sandbox: string;
  state: TaskState;
  /** The latest update generated for the task (acknowledged or not). */
  latestStatus: StatusUpdate | undefined;
  /** Root process ID once started (0 for simulated tasks). */
  pid: number | undefined;
  /**
   * Set once a kill was decided; the first kill's cause wins. `duringLaunch`: it came before the process started.
   * `message`: why, when the agent itself decided it (it becomes the TASK_KILLED message).
   */
  kill:
    | {
        readonly cause: KillCause;
        readonly gracePeriodMs: number;
        readonly duringLaunch: boolean;
        readonly message?: string;
      }
    | undefined;
  /** The task's health once known (it has a health check that produced a counted result); carried on every later update. */
  healthy: boolean | undefined;
}

export type RunTaskDecision =
  /** A new run: the step's effects launch it. TASK_STARTING was queued. */
  | { readonly kind: 'launch'; readonly runId: string }
  /** The task ID is live already; nothing changes (RunTask is idempotent). */
  | { readonly kind: 'duplicate' }
  /** The task ID ended already; its terminal status is (re)queued if it was acknowledged before. */
  | { readonly kind: 'terminal-again'; readonly update: StatusUpdate | undefined }
  /** Refused without launching; the update (TASK_ERROR, TASK_DROPPED or TASK_LOST) says why. */
  | { readonly kind: 'rejected'; readonly update: StatusUpdate };

export type KillDecision =
  /** Killing: the step's effects kill the run (none while it is still launching: the kill follows `launched`). */
  | { readonly kind: 'killing' }
  /** Already being killed; nothing new. */
  | { readonly kind: 'already-killing' }
  /** The task already ended; its terminal update is (or was) delivered. */
  | { readonly kind: 'already-terminal' }
  /** The agent does not know the task: answered with TASK_LOST / REASON_TASK_UNKNOWN. */
  | { readonly kind: 'unknown'; readonly update: StatusUpdate };

/** A live run recovered from the journal whose root process the executor is to re-adopt. */
export interface RecoveredTask {
  readonly record: TaskRecord;
  readonly launch: TaskLaunch;
  readonly pid: number;
  readonly startTime: string | undefined;
}

/** A task as reported in Reregister: its description and its latest status. */
export interface TaskReport {
  readonly task: TaskDescription;
  readonly latestStatus: StatusUpdate | undefined;
}

export interface TaskTrackerOptions {
  /** Absolute work directory; sandboxes live under `<workDir>/sandboxes`. */
  readonly workDir: string;
  /** Fresh unique IDs for update uuids and run IDs. */
  readonly newUuid: () => string;
  readonly statusUpdateRetry?: RetryPolicy;
  /** Completed tasks remembered to answer a repeated RunTask (oldest forgotten first). Default 1000. */
  readonly maxCompletedTasks?: number;
  /** Return journal records of every change in each step (the agent checkpoints). Default true. */
  readonly journal?: boolean;
}

/** Mesos's rules for task and framework IDs on an agent: they become directory names. */
export function idProblem(kind: string, id: string): string | undefined {
  if (id === '') return `${kind} is empty`;
  if (id.length > 255) return `${kind} is longer than 255 characters`;
  if (id === '.' || id === '..') return `${kind} ${JSON.stringify(id)} is not allowed`;
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(id))
    return `${kind} ${JSON.stringify(id)} contains "/", "\\" or a control character`;
  return undefined;
}

/** The task's `mem` (MB), `cpus` and `disk` (MB), as its container's limits; a resource the task lacks is left out. */
export function limitsOf(task: TaskDescription): { memMb?: number; cpus?: number; diskMb?: number } {
  const memMb = scalarOf(task.resources, 'mem');
  const cpus = scalarOf(task.resources, 'cpus');
  const diskMb = scalarOf(task.resources, 'disk');
  return { ...(memMb > 0 ? { memMb } : {}), ...(cpus > 0 ? { cpus } : {}), ...(diskMb > 0 ? { diskMb } : {}) };
}

/** `<workDir>/sandboxes/<frameworkId>/<taskId>/<runId>`: where a run of the task lives. */
export function sandboxOf(workDir: string, task: TaskDescription, runId: string): string {
  return joinPath(workDir, 'sandboxes', task.frameworkId, task.taskId, runId);
}

/** What the executor is given to start (or recover) run `runId` of `task`. */
export function taskLaunchFor(workDir: string, task: TaskDescription, runId: string): TaskLaunch {
  return {
    frameworkId: task.frameworkId,
    taskId: task.taskId,
    command: task.command,
    environment: task.environment,
    sandbox: sandboxOf(workDir, task, runId),
    metaDir: joinPath(workDir, 'meta', task.frameworkId, task.taskId, runId),
    ports: portsOf(task),
    labels: task.labels,
    killGracePeriodMs: task.killGracePeriodMs,
    uris: task.uris,
    ...(task.user === undefined ? {} : { user: task.user }),
    ...limitsOf(task),
  };
}

/** Ports of the `ports` ranges resources, ascending, each once. */
export function portsOf(task: TaskDescription): number[] {
  const ports = new Set<number>();
  for (const resource of task.resources) {
    if (resource.name !== 'ports' || resource.type !== 'ranges') continue;
    for (const range of resource.ranges) for (let port = range.begin; port <= range.end; port++) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * The terminal status of a run that ended:
 *   a container limitation     → TASK_FAILED with its reason (even while being killed)
 *   a kill was requested       → TASK_KILLED (reason from the kill's cause)
 *   backend named a state      → that state (simulated tasks)
 *   exit code 0                → TASK_FINISHED
 *   exit code N ≠ 0 or signal  → TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED
 */
export function terminalStatusFor(
  outcome: ExitOutcome,
  kill: TaskRecord['kill'],
): { state: TaskState; reason?: TaskStatusReason; message: string } {
  const described =
    outcome.message !== ''
      ? outcome.message
      : outcome.exitCode !== undefined
        ? `Command exited with status ${outcome.exitCode}`
        : `Command terminated with signal ${outcome.signal ?? 'unknown'}`;
  if (outcome.limitation !== undefined) {
    return { state: 'TASK_FAILED', reason: outcome.limitation, message: described };
  }
  if (kill?.cause === 'health-check') {
    return {
      state: 'TASK_KILLED',
      reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
      message: kill.message ?? described,
    };
  }
  if (kill !== undefined || outcome.killed) {
    const reason = killReason(kill?.cause);
    return reason === undefined
      ? { state: 'TASK_KILLED', message: described }
      : { state: 'TASK_KILLED', reason, message: described };
  }
  if (outcome.state !== undefined && isTerminalTaskState(outcome.state)) {
    return outcome.state === 'TASK_FAILED'
      ? { state: outcome.state, reason: 'REASON_COMMAND_EXECUTOR_FAILED', message: described }
      : { state: outcome.state, message: described };
  }
  if (outcome.exitCode === 0) return { state: 'TASK_FINISHED', message: described };
  return { state: 'TASK_FAILED', reason: 'REASON_COMMAND_EXECUTOR_FAILED', message: described };
}

function killReason(cause: KillCause | undefined): TaskStatusReason | undefined {
  switch (cause) {
    case 'framework-removed':
      return 'REASON_FRAMEWORK_REMOVED';
    case 'drain':
      return 'REASON_AGENT_DRAINING';
    case 'preempted':
      return 'REASON_PREEMPTED';
    default:
      return undefined;
  }
}

/** Transitions the agent may make; anything else is a bug in the caller. */
const NEXT_STATES: Readonly<Partial<Record<TaskState, readonly TaskState[]>>> = {
  TASK_STAGING: ['TASK_STARTING'],
  TASK_STARTING: ['TASK_RUNNING', 'TASK_KILLING'],
  TASK_RUNNING: ['TASK_KILLING'],
  TASK_KILLING: [],
};

/** Whether the agent may move a task from `from` to `to`: forward along the lifecycle, or from any live state to a terminal one. */
export function isAllowedTransition(from: TaskState, to: TaskState): boolean {
  if (isTerminalTaskState(from)) return false;
  if (isTerminalTaskState(to)) return true;
  return NEXT_STATES[from]?.includes(to) ?? false;
}

export class InvalidTaskTransitionError extends Error {
  override readonly name = 'InvalidTaskTransitionError';
  constructor(
    readonly taskId: string,
    readonly from: TaskState,
    readonly to: TaskState,
  ) {
    super(`task ${taskId} cannot go from ${from} to ${to}`);
  }
}

export class TaskTracker {
  private readonly manager: StatusUpdateManager;
  private readonly live = new Map<string, TaskRecord>();
  /** Ended tasks by task ID, oldest first (Map insertion order). */
  private readonly completed = new Map<string, TaskRecord>();
  /** Frameworks shut down whose tasks are still ending; their updates are dropped when the last one ends. */
  private readonly removedFrameworks = new Set<string>();
  private readonly maxCompletedTasks: number;
  private drainingSince: number | undefined;
  /** Registered with a master: updates are taken for sending (`registered` … `disconnected`). */
  private connected = false;
  /** What the command under way changed, as journal records, in order; returned in its step. */
  private journal: JournalRecord[] = [];
  /** Work for the executor that the command under way decided; returned in its step. */
  private effects: AgentEffect[] = [];

  constructor(private readonly options: TaskTrackerOptions) {
    this.manager = new StatusUpdateManager(options.newUuid, options.statusUpdateRetry);
    this.maxCompletedTasks = options.maxCompletedTasks ?? 1000;
  }

  /** The pending status updates (read-only: they are sent through the steps). */
  get updates(): PendingUpdates {
    return this.manager;
  }

  // ---------- commands from the master ----------

  /**
   * RunTask. Idempotent by task ID: a live task ID is ignored; a task ID that
   * ended answers its terminal status again; a draining agent refuses with
   * TASK_DROPPED (partition-aware frameworks) or TASK_LOST, REASON_AGENT_DRAINING.
   */
  runTask(task: TaskDescription, capabilities: FrameworkCapabilities, nowMs: number): TrackerStep<RunTaskDecision> {
    return this.step(nowMs, this.decideRunTask(task, capabilities, nowMs));
  }

  /** A RunTask whose task could not be understood at the edge: answered with TASK_ERROR / REASON_TASK_INVALID, nothing launched. */
  invalidTask(frameworkId: string, taskId: string, problem: string, nowMs: number): TrackerStep<StatusUpdate> {
    const update = this.enqueue({
      frameworkId,
      taskId,
      state: 'TASK_ERROR',
      reason: 'REASON_TASK_INVALID',
      source: 'agent',
      message: problem,
      timestampMs: nowMs,
    });
    return this.step(nowMs, update);
  }

  /**
   * KillTask (and the kills behind ShutdownFramework, Drain and Reregistered).
   * `gracePeriodMs` overrides the task's own kill policy when given. A task the
   * agent does not know is answered with TASK_LOST, REASON_TASK_UNKNOWN.
   * `message` (for kills the agent decides itself) becomes the TASK_KILLED message.
   */
  killTask(
    frameworkId: string,
    taskId: string,
    gracePeriodMs: number | undefined,
    cause: KillCause,
    nowMs: number,
    message?: string,
  ): TrackerStep<KillDecision> {
    const how = {
      ...(gracePeriodMs === undefined ? {} : { gracePeriodMs }),
      ...(message === undefined ? {} : { message }),
    };
    return this.step(nowMs, this.kill(frameworkId, taskId, cause, nowMs, how));
  }

  /**
   * Tasks the master lists in Reregistered.kill_task_ids (it considers them ended
   * or unknown): each one the agent knows is killed; unknown IDs are ignored.
   */
  killListed(taskIds: readonly string[], nowMs: number): TrackerStep<number> {
    let killing = 0;
    for (const taskId of taskIds) {
      const record = this.find(taskId);
      if (record === undefined) continue;
      if (this.kill(record.task.frameworkId, taskId, 'master', nowMs).kind === 'killing') killing++;
    }
    return this.step(nowMs, killing);
  }

  /**
   * ShutdownFramework: kills every live task of the framework (each ends
   * TASK_KILLED, REASON_FRAMEWORK_REMOVED, in this registry). Its pending updates
   * are dropped once the last of them has ended: nobody will acknowledge them,
   * and the master ends the tasks itself. Decision: how many tasks are killed.
   */
  shutdownFramework(frameworkId: string, nowMs: number): TrackerStep<number> {
    this.removedFrameworks.add(frameworkId);
    let killing = 0;
    for (const record of [...this.live.values()]) {
      if (record.task.frameworkId !== frameworkId) continue;
      if (this.kill(frameworkId, record.task.taskId, 'framework-removed', nowMs).kind === 'killing') {
        killing++;
      }
    }
    this.dropRemovedFrameworks();
    return this.step(nowMs, killing);
  }

  /**
   * Drain: refuse new tasks and kill every live one (with `gracePeriodMs`, or each
   * task's own). Draining lasts across reconnections until it is complete: the
   * step in which no task is live and every update has been acknowledged (while
   * connected) says `drained`, once, and draining ends then (as in Mesos, the
   * agent clears its drain state when done; the master keeps the agent DRAINED
   * until an operator reactivates it). A second Drain while draining only kills
   * what is left. Decision: how many tasks are killed.
   */
  drain(gracePeriodMs: number | undefined, nowMs: number): TrackerStep<number> {
    this.drainingSince ??= nowMs;
    let killing = 0;
    for (const record of [...this.live.values()]) {
      const how = gracePeriodMs === undefined ? {} : { gracePeriodMs };
      const decision = this.kill(record.task.frameworkId, record.task.taskId, 'drain', nowMs, how);
      if (decision.kind === 'killing') killing++;
    }
    return this.step(nowMs, killing);
  }

  /** Kills every live task (the agent is stopping in dev mode). Decision: how many tasks are killed. */
  killAll(cause: KillCause, nowMs: number): TrackerStep<number> {
    let killing = 0;
    for (const record of [...this.live.values()]) {
      const decision = this.kill(record.task.frameworkId, record.task.taskId, cause, nowMs);
      if (decision.kind === 'killing') killing++;
    }
    return this.step(nowMs, killing);
  }

  /** The master acknowledged an update; the task's next update (if any) is sent. Unknown uuids are ignored. */
  acknowledge(uuid: string, nowMs: number): TrackerStep<AcknowledgeResult> {
    const result = this.manager.acknowledge(uuid);
    if (result.kind === 'acknowledged') {
      this.record({ t: 'ack', uuid });
      this.trimCompleted();
    }
    return this.step(nowMs, result);
  }

  /** (Re-)registered with the master: every pending update is sent again now, and from now on as it comes. */
  registered(nowMs: number): TrackerStep<undefined> {
    this.connected = true;
    this.manager.retryAllNow();
    return this.step(nowMs, undefined);
  }

  /** The stream to the master is gone: nothing is sent (and no retry timer runs) until `registered`. */
  disconnected(): TrackerStep<undefined> {
    this.connected = false;
    return this.step(0, undefined);
  }

  /** The retry timer fired: the updates whose retry is due are sent again. */
  tick(nowMs: number): TrackerStep<undefined> {
    return this.step(nowMs, undefined);
  }

  // ---------- results from the executor ----------

  /**
   * The executor started the run (`startTime`: its root process's /proc start
   * time, for recovery). The step kills it when a kill arrived while it was
   * launching. Decision: whether the run is TASK_RUNNING now (false: not the
   * current run, or being killed).
   */
  launched(taskId: string, runId: string, pid: number, nowMs: number, startTime?: string): TrackerStep<boolean> {
    const record = this.liveRun(taskId, runId);
    if (record === undefined) return this.step(nowMs, false);
    record.pid = pid;
    if (startTime !== undefined) this.record({ t: 'started', taskId, runId, pid, startTime });
    if (record.kill !== undefined) {
      this.effects.push(this.killEffect(record));
      return this.step(nowMs, false);
    }
    this.transition(record, { state: 'TASK_RUNNING', source: 'executor', message: 'Task running' }, nowMs);
    return this.step(nowMs, true);
  }

  /**
   * A health check of the running task produced a new health (see HealthMonitor):
   * queues TASK_RUNNING with `healthy`, reason REASON_TASK_HEALTH_CHECK_STATUS_UPDATED.
   * Ignored (decision undefined) unless the run is live, TASK_RUNNING and not being killed.
   */
  healthChanged(
    taskId: string,
    runId: string,
    healthy: boolean,
    message: string,
    nowMs: number,
  ): TrackerStep<StatusUpdate | undefined> {
    const record = this.liveRun(taskId, runId);
    if (record === undefined || record.state !== 'TASK_RUNNING' || record.kill !== undefined) {
      return this.step(nowMs, undefined);
    }
    record.healthy = healthy;
    const update = this.enqueue({
      frameworkId: record.task.frameworkId,
      taskId,
      state: 'TASK_RUNNING',
      source: 'executor',
      reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
      message: healthy ? 'Health check passed' : `Health check failed: ${message}`,
      healthy,
      timestampMs: nowMs,
    });
    record.latestStatus = update;
    return this.step(nowMs, update);
  }

  /**
   * The executor could not start the run: TASK_FAILED with REASON_CONTAINER_LAUNCH_FAILED,
   * REASON_FETCHER_FAILED when `cause` is 'fetch' (a URI could not be fetched; the command never ran),
   * or REASON_TASK_UNAUTHORIZED when the agent's policy refused it (a task that would run as root).
   * Decision: the terminal update (undefined: not the current run).
   */
  launchFailed(
    taskId: string,
    runId: string,
    message: string,
    nowMs: number,
    cause: 'launch' | 'fetch' | 'unauthorized' = 'launch',
  ): TrackerStep<StatusUpdate | undefined> {
    const record = this.liveRun(taskId, runId);
    if (record === undefined) return this.step(nowMs, undefined);
    if (record.kill !== undefined) {
      this.end(record, { state: 'TASK_KILLED', reason: 'REASON_TASK_KILLED_DURING_LAUNCH', message }, 'agent', nowMs);
      return this.step(nowMs, record.latestStatus);
    }
    this.end(
      record,
      cause === 'fetch'
        ? { state: 'TASK_FAILED', reason: 'REASON_FETCHER_FAILED', message: `Failed to fetch: ${message}` }
        : cause === 'unauthorized'
          ? { state: 'TASK_FAILED', reason: 'REASON_TASK_UNAUTHORIZED', message: `Not authorized: ${message}` }
          : { state: 'TASK_FAILED', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message: `Failed to launch: ${message}` },
      'agent',
      nowMs,
    );
    return this.step(nowMs, record.latestStatus);
  }

  /** The run ended (on its own or killed). Decision: its terminal update (undefined: not the current run). */
  exited(taskId: string, runId: string, outcome: ExitOutcome, nowMs: number): TrackerStep<StatusUpdate | undefined> {
    const record = this.liveRun(taskId, runId);
    if (record === undefined) return this.step(nowMs, undefined);
    const terminal = terminalStatusFor(outcome, record.kill);
    const reason =
      record.kill?.duringLaunch === true && terminal.reason === undefined
        ? 'REASON_TASK_KILLED_DURING_LAUNCH'
        : terminal.reason;
    this.end(
      record,
      {
        state: terminal.state,
        message: terminal.message,
        ...(reason === undefined ? {} : { reason }),
        ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
      },
      'executor',
      nowMs,
    );
    return this.step(nowMs, record.latestStatus);
  }

  // ---------- recovery ----------

  /**
   * Rebuilds the task state an earlier agent process journaled (same agent,
   * same boot): live runs, ended runs whose updates are unacknowledged, and the
   * pending updates in their order (resent after registration). Live runs whose
   * root process was recorded are the decision, for the executor to re-adopt
   * (report how each one fares with `exited`, or kill the ones being killed); a
   * run that never recorded one (the agent died while launching it) ends
   * TASK_FAILED, REASON_AGENT_RESTARTED. Call once, before anything else.
   */
  recover(recovered: RecoveredTasks, nowMs: number): TrackerStep<RecoveredTask[]> {
    this.manager.restore(recovered.pendingUpdates);
    for (const run of recovered.endedRuns) {
      const record = this.recordOf(run);
      this.completed.set(run.task.taskId, record);
    }
    const adopt: RecoveredTask[] = [];
    for (const run of recovered.liveRuns) {
      const record = this.recordOf(run);
      this.completed.delete(run.task.taskId);
      this.live.set(run.task.taskId, record);
      if (run.pid !== undefined) {
        adopt.push({
          record,
          launch: taskLaunchFor(this.options.workDir, run.task, run.runId),
          pid: run.pid,
          startTime: run.startTime,
        });
        continue;
      }
      this.end(
        record,
        {
          state: 'TASK_FAILED',
          reason: 'REASON_AGENT_RESTARTED',
          message: 'The agent restarted while launching the task',
        },
        'agent',
        nowMs,
      );
    }
    return this.step(nowMs, adopt);
  }

  /**
   * A recovered run was re-adopted by the executor: kills it if a kill had been
   * decided before the restart (the kill is not journaled again). Decision:
   * whether it is being killed.
   */
  adopted(taskId: string, runId: string, nowMs: number): TrackerStep<boolean> {
    const record = this.liveRun(taskId, runId);
    if (record?.kill === undefined) return this.step(nowMs, false);
    this.effects.push(this.killEffect(record));
    return this.step(nowMs, true);
  }

  /** A journaled run as a task record. */
  private recordOf(run: JournalRun): TaskRecord {
    const latest = run.latestUpdate;
    return {
      task: run.task,
      capabilities: run.capabilities,
      runId: run.runId,
      sandbox: run.sandbox,
      state: latest?.state ?? 'TASK_STAGING',
      latestStatus: latest,
      pid: run.pid,
      kill:
        run.kill === undefined
          ? undefined
          : {
              cause: run.kill.cause as KillCause,
              gracePeriodMs: run.kill.gracePeriodMs,
              duringLaunch: false,
              ...(run.kill.message === undefined ? {} : { message: run.kill.message }),
            },
      healthy: latest?.healthy,
    };
  }

  // ---------- queries ----------

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  liveTasks(): readonly TaskRecord[] {
    return [...this.live.values()];
  }

  completedTasks(): readonly TaskRecord[] {
    return [...this.completed.values()];
  }

  /** A task by ID: the live one, else the most recent completed one. */
  find(taskId: string): TaskRecord | undefined {
    return this.live.get(taskId) ?? this.completed.get(taskId);
  }

  /** Frameworks shut down whose tasks have not all ended yet. */
  removedFrameworkIds(): readonly string[] {
    return [...this.removedFrameworks];
  }

  /** What Reregister reports: every live task and every ended task whose updates are not all acknowledged. */
  reports(): TaskReport[] {
    const reports: TaskReport[] = [];
    for (const record of this.live.values()) reports.push({ task: record.task, latestStatus: record.latestStatus });
    for (const record of this.completed.values()) {
      if (this.manager.hasPending(record.task.frameworkId, record.task.taskId)) {
        reports.push({ task: record.task, latestStatus: record.latestStatus });
      }
    }
    return reports;
  }

  // ---------- internals ----------

  /**
   * Ends a command: its step, made of what the command recorded and decided,
   * the updates due now (while connected), a completed drain and the retry timer.
   */
  private step<D>(nowMs: number, decision: D): TrackerStep<D> {
    const journal = this.journal;
    const effects = this.effects;
    this.journal = [];
    this.effects = [];
    if (!this.connected) {
      return { decision, journal, send: [], drained: false, effects, nextTickAtMs: undefined };
    }
    const send = this.manager.takeDue(nowMs);
    let drained = false;
    if (this.drainingSince !== undefined && this.live.size === 0 && this.manager.pendingCount === 0) {
      this.drainingSince = undefined;
      drained = true;
    }
    return { decision, journal, send, drained, effects, nextTickAtMs: this.manager.nextRetryAt() };
  }

  private decideRunTask(task: TaskDescription, capabilities: FrameworkCapabilities, nowMs: number): RunTaskDecision {
    const problem = idProblem('framework ID', task.frameworkId) ?? idProblem('task ID', task.taskId);
    if (problem !== undefined) return this.reject(task, 'TASK_ERROR', 'REASON_TASK_INVALID', problem, nowMs);
    const live = this.live.get(task.taskId);
    if (live !== undefined) {
      if (live.task.frameworkId === task.frameworkId) return { kind: 'duplicate' };
      const message = `task ID ${task.taskId} is in use by a task of framework ${live.task.frameworkId} on this agent`;
      return this.reject(task, 'TASK_ERROR', 'REASON_TASK_INVALID', message, nowMs);
    }
    if (this.drainingSince !== undefined) {
      const state = capabilities.partitionAware ? 'TASK_DROPPED' : 'TASK_LOST';
      return this.reject(task, state, 'REASON_AGENT_DRAINING', 'The agent is draining', nowMs);
    }
    const ended = this.completed.get(task.taskId);
    if (ended !== undefined && ended.task.frameworkId === task.frameworkId && ended.latestStatus !== undefined) {
      if (this.manager.hasPending(task.frameworkId, task.taskId)) return { kind: 'terminal-again', update: undefined };
      const { uuid: _uuid, ...draft } = ended.latestStatus;
      const update = this.enqueue(draft);
      ended.latestStatus = update;
      return { kind: 'terminal-again', update };
    }
    if (ended !== undefined) this.forget(ended);

    const runId = this.options.newUuid();
    const sandbox = sandboxOf(this.options.workDir, task, runId);
    const record: TaskRecord = {
      task,
      capabilities,
      runId,
      sandbox,
      state: 'TASK_STAGING',
      latestStatus: undefined,
      pid: undefined,
      kill: undefined,
      healthy: undefined,
    };
    this.live.set(task.taskId, record);
    this.record({ t: 'run', task, capabilities, runId, sandbox });
    this.transition(record, { state: 'TASK_STARTING', source: 'executor', message: 'Starting task' }, nowMs);
    this.effects.push({ kind: 'launch', runId, launch: taskLaunchFor(this.options.workDir, task, runId) });
    return { kind: 'launch', runId };
  }

  /** Decides a kill (see `killTask`); its effect (if the run has a process yet) goes into the step under way. */
  private kill(
    frameworkId: string,
    taskId: string,
    cause: KillCause,
    nowMs: number,
    { gracePeriodMs, message }: { readonly gracePeriodMs?: number; readonly message?: string } = {},
  ): KillDecision {
    const record = this.live.get(taskId);
    if (record === undefined || record.task.frameworkId !== frameworkId) {
      const ended = this.completed.get(taskId);
      if (ended !== undefined && ended.task.frameworkId === frameworkId) return { kind: 'already-terminal' };
      const update = this.enqueue({
        frameworkId,
        taskId,
        state: 'TASK_LOST',
        reason: 'REASON_TASK_UNKNOWN',
        source: 'agent',
        message: 'Task unknown to the agent',
        timestampMs: nowMs,
      });
      return { kind: 'unknown', update };
    }
    if (record.kill !== undefined) return { kind: 'already-killing' };
    record.kill = {
      cause,
      gracePeriodMs: gracePeriodMs ?? record.task.killGracePeriodMs,
      duringLaunch: record.pid === undefined,
      ...(message === undefined ? {} : { message }),
    };
    this.record({
      t: 'kill',
      taskId,
      runId: record.runId,
      cause,
      gracePeriodMs: record.kill.gracePeriodMs,
      ...(message === undefined ? {} : { message }),
    });
    if (record.capabilities.taskKillingState && record.state !== 'TASK_KILLING') {
      this.transition(record, { state: 'TASK_KILLING', source: 'executor', message: 'Killing task' }, nowMs);
    }
    // NOTE: a task still launching has no process yet; `launched` issues the kill.
    if (record.pid !== undefined) this.effects.push(this.killEffect(record));
    return { kind: 'killing' };
  }

  /** Keeps a journal record of a change, unless nothing is checkpointed. */
  private record(record: JournalRecord): void {
    if (this.options.journal !== false) this.journal.push(record);
  }

  /** Queues an update for sending and journals it. */
  private enqueue(draft: StatusDraft): StatusUpdate {
    const update = this.manager.enqueue(draft);
    this.record({ t: 'update', update });
    return update;
  }

  private liveRun(taskId: string, runId: string): TaskRecord | undefined {
    const record = this.live.get(taskId);
    return record?.runId === runId ? record : undefined;
  }

  private killEffect(record: TaskRecord): AgentEffect {
    return {
      kind: 'kill',
      taskId: record.task.taskId,
      runId: record.runId,
      gracePeriodMs: record.kill?.gracePeriodMs ?? record.task.killGracePeriodMs,
    };
  }

  private reject(
    task: TaskDescription,
    state: TaskState,
    reason: TaskStatusReason,
    message: string,
    nowMs: number,
  ): RunTaskDecision {
    const update = this.enqueue({
      frameworkId: task.frameworkId,
      taskId: task.taskId,
      state,
      reason,
      source: 'agent',
      message,
      timestampMs: nowMs,
    });
    return { kind: 'rejected', update };
  }

  private transition(
    record: TaskRecord,
    status: Omit<StatusDraft, 'frameworkId' | 'taskId' | 'timestampMs'>,
    nowMs: number,
  ): void {
    if (!isAllowedTransition(record.state, status.state)) {
      throw new InvalidTaskTransitionError(record.task.taskId, record.state, status.state);
    }
    record.state = status.state;
    record.latestStatus = this.enqueue({
      ...status,
      ...(record.healthy === undefined ? {} : { healthy: record.healthy }),
      frameworkId: record.task.frameworkId,
      taskId: record.task.taskId,
      timestampMs: nowMs,
    });
  }

  private end(
    record: TaskRecord,
    status: Omit<StatusDraft, 'frameworkId' | 'taskId' | 'timestampMs' | 'source'>,
    source: StatusDraft['source'],
    nowMs: number,
  ): void {
    this.transition(record, { ...status, source }, nowMs);
    this.record({ t: 'end', taskId: record.task.taskId, runId: record.runId });
    this.live.delete(record.task.taskId);
    this.completed.delete(record.task.taskId);
    this.completed.set(record.task.taskId, record);
    this.dropRemovedFrameworks();
    this.trimCompleted();
  }

  /** Drops the pending updates of each removed framework none of whose tasks is live any more. */
  private dropRemovedFrameworks(): void {
    for (const frameworkId of [...this.removedFrameworks]) {
      if ([...this.live.values()].some((r) => r.task.frameworkId === frameworkId)) continue;
      for (const update of this.manager.pending()) {
        if (update.frameworkId === frameworkId) this.record({ t: 'ack', uuid: update.uuid });
      }
      this.manager.dropFramework(frameworkId);
      this.removedFrameworks.delete(frameworkId);
      this.trimCompleted();
    }
  }

  /** Forgets the oldest completed tasks beyond the limit, keeping those with pending updates. */
  private trimCompleted(): void {
    if (this.completed.size <= this.maxCompletedTasks) return;
    for (const [taskId, record] of this.completed) {
      if (this.completed.size <= this.maxCompletedTasks) break;
      if (this.manager.hasPending(record.task.frameworkId, taskId)) continue;
      this.forget(record);
    }
  }

  private forget(record: TaskRecord): void {
    this.completed.delete(record.task.taskId);
    this.record({ t: 'forget', taskId: record.task.taskId, runId: record.runId });
  }
}
