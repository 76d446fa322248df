/**
 * The one seam between the agent and whatever runs tasks. Two backends today:
 * `ProcessExecutor` (real processes, POSIX process groups) and
 * `SimulatedExecutor` (no process; for benchmarks and tests). How a process
 * task is contained (cgroups v1 or posix) is the ProcessExecutor's Isolator
 * (`../isolation/`); process recovery after an agent restart comes later.
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
  launch(task: TaskLaunch, onExit: (outcome: ExitOutcome) => void): Promise<{ pid: number }>;
  /**
   * SIGTERM to the task's whole process group, SIGKILL after `gracePeriodMs` if
   * still alive. Idempotent: a second call waits for the same end (a shorter
   * grace period brings the SIGKILL forward). Resolves when the task has exited
   * and `onExit` has been called; at once for a task ID it does not run.
   */
  kill(taskId: string, gracePeriodMs: number): Promise<void>;
  /**
   * Kills every task (each with its own grace period) and refuses further
   * launches. For the agent stopping in dev mode: a real agent restart must NOT
   * kill tasks (checkpointed recovery is a later issue).
   */
  shutdown(): Promise<void>;
  /**
   * Usage of a running task's container (cpu time, memory); undefined for a task
   * ID it does not run, or when the backend measures nothing. Never rejects.
   */
  usage?(taskId: string): Promise<ContainerUsage | undefined>;
}

/** A task could not be started; nothing of it is running. */
export class LaunchError extends Error {
  override readonly name: string = 'LaunchError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A URI of the task could not be fetched (HTTP error, unreachable, missing file,
 * bad archive); the message names the URI and the problem. The command never ran.
 */
export class FetchError extends LaunchError {
  override readonly name: string = 'FetchError';
  constructor(
    readonly uri: string,
    problem: string,
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
