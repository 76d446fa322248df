/** Mesos's task states, with the names used on the wire. */
export const TASK_STATES = [
  'TASK_STAGING',
  'TASK_STARTING',
  'TASK_RUNNING',
  'TASK_KILLING',
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_UNREACHABLE',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
  'TASK_UNKNOWN',
] as const;

export type TaskState = (typeof TASK_STATES)[number];

const TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
]);

/** A terminal task never changes state again and holds no resources. */
export function isTerminalTaskState(state: TaskState): boolean {
  return TERMINAL.has(state);
}

export function isTaskState(value: string): value is TaskState {
  return (TASK_STATES as readonly string[]).includes(value);
}

/** Default time the master keeps a disconnected framework's tasks: one week, as in Mesos. */
export const DEFAULT_FAILOVER_TIMEOUT_SECONDS = 7 * 24 * 3600;
/** Default time a declined agent is kept from the framework. */
export const DEFAULT_REFUSE_SECONDS = 5;
/** Default SIGTERM-to-SIGKILL grace period. */
export const DEFAULT_KILL_GRACE_PERIOD_SECONDS = 3;
