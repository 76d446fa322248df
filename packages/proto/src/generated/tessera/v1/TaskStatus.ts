// Original file: proto/tessera/v1/common.proto

import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';
import type {
  TaskState as _tessera_v1_TaskState,
  TaskState__Output as _tessera_v1_TaskState__Output,
} from '../../tessera/v1/TaskState.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  ExecutorID as _tessera_v1_ExecutorID,
  ExecutorID__Output as _tessera_v1_ExecutorID__Output,
} from '../../tessera/v1/ExecutorID.js';
import type { Label as _tessera_v1_Label, Label__Output as _tessera_v1_Label__Output } from '../../tessera/v1/Label.js';

// Original file: proto/tessera/v1/common.proto

export const _tessera_v1_TaskStatus_Reason = {
  REASON_UNSPECIFIED: 'REASON_UNSPECIFIED',
  REASON_COMMAND_EXECUTOR_FAILED: 'REASON_COMMAND_EXECUTOR_FAILED',
  REASON_CONTAINER_LAUNCH_FAILED: 'REASON_CONTAINER_LAUNCH_FAILED',
  REASON_CONTAINER_LIMITATION: 'REASON_CONTAINER_LIMITATION',
  REASON_CONTAINER_LIMITATION_DISK: 'REASON_CONTAINER_LIMITATION_DISK',
  REASON_CONTAINER_LIMITATION_MEMORY: 'REASON_CONTAINER_LIMITATION_MEMORY',
  REASON_CONTAINER_PREEMPTED: 'REASON_CONTAINER_PREEMPTED',
  REASON_EXECUTOR_TERMINATED: 'REASON_EXECUTOR_TERMINATED',
  REASON_FRAMEWORK_REMOVED: 'REASON_FRAMEWORK_REMOVED',
  REASON_GC_ERROR: 'REASON_GC_ERROR',
  REASON_INVALID_OFFERS: 'REASON_INVALID_OFFERS',
  REASON_AGENT_DISCONNECTED: 'REASON_AGENT_DISCONNECTED',
  REASON_AGENT_REMOVED: 'REASON_AGENT_REMOVED',
  REASON_AGENT_RESTARTED: 'REASON_AGENT_RESTARTED',
  REASON_AGENT_UNKNOWN: 'REASON_AGENT_UNKNOWN',
  REASON_RECONCILIATION: 'REASON_RECONCILIATION',
  REASON_RESOURCES_UNKNOWN: 'REASON_RESOURCES_UNKNOWN',
  REASON_TASK_INVALID: 'REASON_TASK_INVALID',
  REASON_TASK_UNKNOWN: 'REASON_TASK_UNKNOWN',
  REASON_TASK_KILLED_DURING_LAUNCH: 'REASON_TASK_KILLED_DURING_LAUNCH',
  REASON_TASK_HEALTH_CHECK_STATUS_UPDATED: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
  REASON_TASK_CHECK_STATUS_UPDATED: 'REASON_TASK_CHECK_STATUS_UPDATED',
  REASON_FETCHER_FAILED: 'REASON_FETCHER_FAILED',
  REASON_AGENT_DRAINING: 'REASON_AGENT_DRAINING',
  REASON_CONTAINER_LIMITATION_PORTS: 'REASON_CONTAINER_LIMITATION_PORTS',
  REASON_PREEMPTED: 'REASON_PREEMPTED',
  REASON_TASK_UNAUTHORIZED: 'REASON_TASK_UNAUTHORIZED',
} as const;

export type _tessera_v1_TaskStatus_Reason =
  | 'REASON_UNSPECIFIED'
  | 0
  | 'REASON_COMMAND_EXECUTOR_FAILED'
  | 1
  | 'REASON_CONTAINER_LAUNCH_FAILED'
  | 2
  | 'REASON_CONTAINER_LIMITATION'
  | 3
  | 'REASON_CONTAINER_LIMITATION_DISK'
  | 4
  | 'REASON_CONTAINER_LIMITATION_MEMORY'
  | 5
  | 'REASON_CONTAINER_PREEMPTED'
  | 6
  | 'REASON_EXECUTOR_TERMINATED'
  | 7
  | 'REASON_FRAMEWORK_REMOVED'
  | 8
  | 'REASON_GC_ERROR'
  | 9
  | 'REASON_INVALID_OFFERS'
  | 10
  | 'REASON_AGENT_DISCONNECTED'
  | 11
  | 'REASON_AGENT_REMOVED'
  | 12
  | 'REASON_AGENT_RESTARTED'
  | 13
  | 'REASON_AGENT_UNKNOWN'
  | 14
  | 'REASON_RECONCILIATION'
  | 15
  | 'REASON_RESOURCES_UNKNOWN'
  | 16
  | 'REASON_TASK_INVALID'
  | 17
  | 'REASON_TASK_UNKNOWN'
  | 18
  | 'REASON_TASK_KILLED_DURING_LAUNCH'
  | 19
  | 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED'
  | 20
  | 'REASON_TASK_CHECK_STATUS_UPDATED'
  | 21
  | 'REASON_FETCHER_FAILED'
  | 22
  | 'REASON_AGENT_DRAINING'
  | 23
  | 'REASON_CONTAINER_LIMITATION_PORTS'
  | 24
  | 'REASON_PREEMPTED'
  | 25
  | 'REASON_TASK_UNAUTHORIZED'
  | 26;

export type _tessera_v1_TaskStatus_Reason__Output =
  (typeof _tessera_v1_TaskStatus_Reason)[keyof typeof _tessera_v1_TaskStatus_Reason];

// Original file: proto/tessera/v1/common.proto

export const _tessera_v1_TaskStatus_Source = {
  SOURCE_UNSPECIFIED: 'SOURCE_UNSPECIFIED',
  SOURCE_MASTER: 'SOURCE_MASTER',
  SOURCE_AGENT: 'SOURCE_AGENT',
  SOURCE_EXECUTOR: 'SOURCE_EXECUTOR',
} as const;

export type _tessera_v1_TaskStatus_Source =
  'SOURCE_UNSPECIFIED' | 0 | 'SOURCE_MASTER' | 1 | 'SOURCE_AGENT' | 2 | 'SOURCE_EXECUTOR' | 3;

export type _tessera_v1_TaskStatus_Source__Output =
  (typeof _tessera_v1_TaskStatus_Source)[keyof typeof _tessera_v1_TaskStatus_Source];

export interface TaskStatus {
  taskId?: _tessera_v1_TaskID | null;
  state?: _tessera_v1_TaskState;
  message?: string;
  source?: _tessera_v1_TaskStatus_Source;
  reason?: _tessera_v1_TaskStatus_Reason;
  agentId?: _tessera_v1_AgentID | null;
  executorId?: _tessera_v1_ExecutorID | null;
  /**
   * When the state was observed, seconds since the epoch.
   */
  timestamp?: number | string;
  /**
   * Identifies this update for acknowledgement. Empty for updates that need no
   * acknowledgement (reconciliation answers, master-generated errors).
   */
  uuid?: string;
  /**
   * Set when the task has a health check and has been checked at least once.
   */
  hasHealthy?: boolean;
  healthy?: boolean;
  /**
   * The exit code of the task's command, when it exited on its own.
   */
  hasExitCode?: boolean;
  exitCode?: number;
  labels?: _tessera_v1_Label[];
}

export interface TaskStatus__Output {
  taskId: _tessera_v1_TaskID__Output | null;
  state: _tessera_v1_TaskState__Output;
  message: string;
  source: _tessera_v1_TaskStatus_Source__Output;
  reason: _tessera_v1_TaskStatus_Reason__Output;
  agentId: _tessera_v1_AgentID__Output | null;
  executorId: _tessera_v1_ExecutorID__Output | null;
  /**
   * When the state was observed, seconds since the epoch.
   */
  timestamp: number;
  /**
   * Identifies this update for acknowledgement. Empty for updates that need no
   * acknowledgement (reconciliation answers, master-generated errors).
   */
  uuid: string;
  /**
   * Set when the task has a health check and has been checked at least once.
   */
  hasHealthy: boolean;
  healthy: boolean;
  /**
   * The exit code of the task's command, when it exited on its own.
   */
  hasExitCode: boolean;
  exitCode: number;
  labels: _tessera_v1_Label__Output[];
}
