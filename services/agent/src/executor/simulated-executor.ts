/**
 * Runs no process: a task "runs" for `labels['tessera.simulated.duration_ms']`
 * (absent: until killed) and then ends in `labels['tessera.simulated.state']`
 * (absent: TASK_FINISHED). Time comes from an injectable timer, so one process can
 * drive thousands of simulated tasks (and agents) cheaply, and tests can step a
 * fake clock. No sandbox is created.
 */
import { isTaskState, isTerminalTaskState, type TaskState } from '@tessera/domain';
import { LaunchError, realTimer, type Executor, type ExitOutcome, type TaskLaunch, type Timer } from './types.js';

export const SIMULATED_DURATION_LABEL = 'tessera.simulated.duration_ms';
export const SIMULATED_STATE_LABEL = 'tessera.simulated.state';

interface SimulatedTask {
  readonly taskId: string;
  readonly onExit: (outcome: ExitOutcome) => void;
  handle: unknown;
  ended: boolean;
}

export class SimulatedExecutor implements Executor {
  private readonly running = new Map<string, SimulatedTask>();
  private stopping = false;

  constructor(private readonly timer: Timer = realTimer) {}

  /** Rejects with LaunchError for a malformed duration label or a state label that is not a terminal task state. */
  launch(task: TaskLaunch, onExit: (outcome: ExitOutcome) => void): Promise<{ pid: number }> {
    if (this.stopping) return Promise.reject(new LaunchError('the executor is shutting down'));
    if (this.running.has(task.taskId)) return Promise.reject(new LaunchError(`task ${task.taskId} is already running`));
    const durationText = task.labels[SIMULATED_DURATION_LABEL];
    const durationMs = durationText === undefined ? undefined : Number(durationText);
    if (durationMs !== undefined && !(Number.isFinite(durationMs) && durationMs >= 0)) {
      return Promise.reject(
        new LaunchError(`label ${SIMULATED_DURATION_LABEL} must be a number >= 0, got ${durationText}`),
      );
    }
    const stateText = task.labels[SIMULATED_STATE_LABEL] ?? 'TASK_FINISHED';
    if (!isTaskState(stateText) || !isTerminalTaskState(stateText)) {
      return Promise.reject(
        new LaunchError(`label ${SIMULATED_STATE_LABEL} must be a terminal task state, got ${stateText}`),
      );
    }
    const run: SimulatedTask = { taskId: task.taskId, onExit, handle: undefined, ended: false };
    this.running.set(task.taskId, run);
    if (durationMs !== undefined) {
      // NOTE: armed only after launch() has resolved, so that onExit never comes first even with a 0 ms duration.
      queueMicrotask(() => {
        if (run.ended) return;
        run.handle = this.timer.setTimeout(() => this.end(run, endOutcome(stateText)), durationMs);
      });
    }
    return Promise.resolve({ pid: 0 });
  }

  kill(taskId: string, _gracePeriodMs: number): Promise<void> {
    const run = this.running.get(taskId);
    if (run === undefined) return Promise.resolve();
    if (run.handle !== undefined) this.timer.clearTimeout(run.handle);
    // The kill takes effect after the caller's current turn, as a real exit would.
    return Promise.resolve().then(() =>
      this.end(run, { signal: 'SIGTERM', killed: true, message: 'Command terminated with signal SIGTERM' }),
    );
  }

  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.keys()].map((taskId) => this.kill(taskId, 0)));
  }

  /** How many simulated tasks are running. */
  get size(): number {
    return this.running.size;
  }

  private end(run: SimulatedTask, outcome: ExitOutcome): void {
    if (run.ended) return;
    run.ended = true;
    this.running.delete(run.taskId);
    run.onExit(outcome);
  }
}

function endOutcome(state: TaskState): ExitOutcome {
  switch (state) {
    case 'TASK_FINISHED':
      return { exitCode: 0, killed: false, message: 'Command exited with status 0', state };
    case 'TASK_FAILED':
      return { exitCode: 1, killed: false, message: 'Command exited with status 1', state };
    default:
      return { killed: false, message: `Simulated task ended in ${state}`, state };
  }
}
