import { isTerminalTaskState, type TaskState } from '@tessera/domain';

/** The most task IDs named in one explicit Reconcile call. */
export const MAX_TASKS_PER_RECONCILE = 1_000;

/**
 * The tasks a framework has launched or been told of and that have not ended:
 * the ones it reconciles explicitly after a (re)subscription and on a period.
 * A task leaves when a terminal state or TASK_UNKNOWN (the master does not know
 * it: it never arrived, or ended and was forgotten) is observed. No I/O.
 */
export class KnownTasks {
  private readonly states = new Map<string, TaskState>();

  /** Adds a task just launched (TASK_STAGING until an update says more). Idempotent. */
  launched(taskId: string): void {
    if (!this.states.has(taskId)) this.states.set(taskId, 'TASK_STAGING');
  }

  /** Records a task's latest state; an ended or unknown task is forgotten, any other is (or stays) known. */
  observe(taskId: string, state: TaskState): void {
    if (taskId === '') return;
    if (isTerminalTaskState(state) || state === 'TASK_UNKNOWN') this.states.delete(taskId);
    else this.states.set(taskId, state);
  }

  /** Stops tracking a task (the framework gave it up). Idempotent. */
  forget(taskId: string): void {
    this.states.delete(taskId);
  }

  /** The latest state observed, or undefined for a task not known. */
  stateOf(taskId: string): TaskState | undefined {
    return this.states.get(taskId);
  }

  get size(): number {
    return this.states.size;
  }

  /** The known task IDs in batches of at most `perCall`, for explicit reconciliation. */
  reconcileBatches(perCall = MAX_TASKS_PER_RECONCILE): string[][] {
    const ids = [...this.states.keys()];
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += perCall) batches.push(ids.slice(start, start + perCall));
    return batches;
  }
}
