// Original file: proto/tessera/v1/common.proto

export const TaskState = {
  TASK_STATE_UNSPECIFIED: 'TASK_STATE_UNSPECIFIED',
  /**
   * Accepted by the master, not yet started by the agent.
   */
  TASK_STAGING: 'TASK_STAGING',
  /**
   * The agent is fetching and starting it.
   */
  TASK_STARTING: 'TASK_STARTING',
  TASK_RUNNING: 'TASK_RUNNING',
  /**
   * Being killed; sent only to frameworks with TASK_KILLING_STATE.
   */
  TASK_KILLING: 'TASK_KILLING',
  /**
   * Terminal: exited 0.
   */
  TASK_FINISHED: 'TASK_FINISHED',
  /**
   * Terminal: exited non-zero, or was ended by a limitation.
   */
  TASK_FAILED: 'TASK_FAILED',
  /**
   * Terminal: killed on request.
   */
  TASK_KILLED: 'TASK_KILLED',
  /**
   * Terminal: the task description was invalid; never started.
   */
  TASK_ERROR: 'TASK_ERROR',
  /**
   * Terminal (legacy): lost; frameworks without PARTITION_AWARE get this for unreachable.
   */
  TASK_LOST: 'TASK_LOST',
  TASK_DROPPED: 'TASK_DROPPED',
  /**
   * Non-terminal: its agent is unreachable; it may come back.
   */
  TASK_UNREACHABLE: 'TASK_UNREACHABLE',
  /**
   * Terminal: its agent is gone (rebooted, removed); it will not come back.
   */
  TASK_GONE: 'TASK_GONE',
  TASK_GONE_BY_OPERATOR: 'TASK_GONE_BY_OPERATOR',
  /**
   * The master does not know the task (reconciliation answer).
   */
  TASK_UNKNOWN: 'TASK_UNKNOWN',
} as const;

export type TaskState =
  | 'TASK_STATE_UNSPECIFIED'
  | 0
  /**
   * Accepted by the master, not yet started by the agent.
   */
  | 'TASK_STAGING'
  | 1
  /**
   * The agent is fetching and starting it.
   */
  | 'TASK_STARTING'
  | 2
  | 'TASK_RUNNING'
  | 3
  /**
   * Being killed; sent only to frameworks with TASK_KILLING_STATE.
   */
  | 'TASK_KILLING'
  | 4
  /**
   * Terminal: exited 0.
   */
  | 'TASK_FINISHED'
  | 5
  /**
   * Terminal: exited non-zero, or was ended by a limitation.
   */
  | 'TASK_FAILED'
  | 6
  /**
   * Terminal: killed on request.
   */
  | 'TASK_KILLED'
  | 7
  /**
   * Terminal: the task description was invalid; never started.
   */
  | 'TASK_ERROR'
  | 8
  /**
   * Terminal (legacy): lost; frameworks without PARTITION_AWARE get this for unreachable.
   */
  | 'TASK_LOST'
  | 9
  | 'TASK_DROPPED'
  | 10
  /**
   * Non-terminal: its agent is unreachable; it may come back.
   */
  | 'TASK_UNREACHABLE'
  | 11
  /**
   * Terminal: its agent is gone (rebooted, removed); it will not come back.
   */
  | 'TASK_GONE'
  | 12
  | 'TASK_GONE_BY_OPERATOR'
  | 13
  /**
   * The master does not know the task (reconciliation answer).
   */
  | 'TASK_UNKNOWN'
  | 14;

export type TaskState__Output = (typeof TaskState)[keyof typeof TaskState];
