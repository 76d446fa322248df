/**
 * The one seam between the agent and whatever runs tasks. Two backends today:
 * `ProcessExecutor` (real processes, POSIX process groups) and
 * `SimulatedExecutor` (no process; for benchmarks and tests). How a process
 * task is contained (cgroups v1 or posix) is the ProcessExecutor's Isolator
 * (`../isolation/`). After an agent restart, `recover` re-adopts the runs the
 * previous agent process started (their launchers outlive the agent).
 */
import type { ExitOutcome, TaskLaunch } from '../core/types.js';
import type { ContainerUsage } from '../isolation/types.js';

export type { ExitOutcome, TaskLaunch } from '../core/types.js';

export interface Executor {
  /**
   * Starts the task; resolves once it has started (or rejects with a
   * LaunchError, in which case `onExit` is never called). After a successful
   * launch, `onExit` is called exactly once, when the task ends — never before
   * the returned promise has resolved. One run per task ID at a time.
   */
  launch(task: TaskLaunch, onExit: (outcome: ExitOutcome) => void): Promise<{ pid: number; startTime?: string }>;
  /**
   * SIGTERM to the task's whole process group, SIGKILL after `gracePeriodMs` if
   * still alive. Idempotent: a second call waits for the same end (a shorter
   * grace period brings the SIGKILL forward). Resolves when the task has exited
   * and `onExit` has been called; at once for a task ID it does not run.
   */
  kill(taskId: string, gracePeriodMs: number): Promise<void>;
  /**
   * Kills every task (each with its own grace period) and refuses further
   * launches. For the agent stopping in dev mode (`tessera up`) or shutting down
   * for good: an agent restart must not kill tasks (see `detach`).
   */
  shutdown(): Promise<void>;
  /**
   * Re-adopts a run an earlier agent process started from the checkpointed
   * launch, root pid and its start time. `onExit` is called exactly once after
   * the promise resolves: when the adopted run ends, or at once with how it
   * ended while the agent was down. Backends without real processes omit it
   * (their runs do not survive the agent).
   */
  recover?(run: RecoveredRun, onExit: (outcome: ExitOutcome) => void): Promise<RecoveryResult>;
  /** After recovery: removes containers that belong to none of `keep` (the recovered runs). Returns how many. */
  cleanup?(keep: readonly TaskLaunch[]): Promise<number>;
  /** The agent stops but its tasks keep running for the next agent process: stop watching, kill nothing. */
  detach?(): void;
  /**
   * The user the task runs as, when the backend switches users (the agent is
   * root); undefined otherwise. What else runs for the task (command health
   * checks) runs as it too.
   */
  userOf?(task: TaskLaunch): Promise<{ readonly uid: number; readonly gid: number } | undefined>;
  /**
   * Usage of a running task's container (cpu time, memory); undefined for a task
   * ID it does not run, or when the backend measures nothing. Never rejects.
   */
  usage?(taskId: string): Promise<ContainerUsage | undefined>;
}

/** A run checkpointed by an earlier agent process. */
export interface RecoveredRun {
  readonly launch: TaskLaunch;
  /** Root process (the launcher) of the run. */
  readonly pid: number;
  /** Its start time (/proc/<pid>/stat field 22); undefined when it could not be read at launch. */
  readonly startTime: string | undefined;
}

/** `adopted`: the run still runs and is watched; else it had ended and `outcome` is how. */
export type RecoveryResult = { readonly adopted: true } | { readonly adopted: false; readonly outcome: ExitOutcome };

/** A task could not be started; nothing of it is running. */
export class LaunchError extends Error {
  override readonly name: string = 'LaunchError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The agent's policy refuses the launch (a task that would run as root); TASK_FAILED, REASON_TASK_UNAUTHORIZED. */
export class UnauthorizedLaunchError extends LaunchError {
  override readonly name: string = 'UnauthorizedLaunchError';
}

/**
 * A URI of the task could not be fetched (HTTP error, unreachable, missing file,
 * a file the task's user may not read, bad archive, a link or output_file that
 * leads out of the sandbox); the message names the URI and the problem. The
 * command never ran.
 */
export class FetchError extends LaunchError {
  override readonly name: string = 'FetchError';
  constructor(
    readonly uri: string,
    /** What went wrong, without the URI. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${uri}: ${problem}`, options);
  }
}

/** Injectable timers, so that simulated tasks can run on a fake clock. */
export interface Timer {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real timers; unref'd, so a simulated task alone never keeps the process alive. */
export const realTimer: Timer = {
  setTimeout(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
