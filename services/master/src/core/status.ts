import { isTerminalTaskState, type TaskState } from '@tessera/domain';

/**
 * The state a framework without the PARTITION_AWARE capability is told for a
 * partition-aware state (Mesos's compatibility mapping).
 */
export function stateForFramework(state: TaskState, partitionAware: boolean): TaskState {
  if (partitionAware) return state;
  switch (state) {
    case 'TASK_UNREACHABLE':
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
    case 'TASK_DROPPED':
    case 'TASK_UNKNOWN':
      return 'TASK_LOST';
    default:
      return state;
  }
}

/**
 * Whether an update from an agent may replace the state the master knows.
 * A terminal state is final: later non-terminal updates (retries, reordering
 * across a master restart) do not resurrect a task.
 */
export function acceptsTransition(current: TaskState, next: TaskState): boolean {
  if (isTerminalTaskState(current)) return current === next;
  return true;
}
