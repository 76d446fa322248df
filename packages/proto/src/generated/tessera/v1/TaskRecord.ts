// Original file: proto/tessera/v1/operator.proto

import type {
  TaskInfo as _tessera_v1_TaskInfo,
  TaskInfo__Output as _tessera_v1_TaskInfo__Output,
} from '../../tessera/v1/TaskInfo.js';
import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  TaskStatus as _tessera_v1_TaskStatus,
  TaskStatus__Output as _tessera_v1_TaskStatus__Output,
} from '../../tessera/v1/TaskStatus.js';
import type {
  TaskState as _tessera_v1_TaskState,
  TaskState__Output as _tessera_v1_TaskState__Output,
} from '../../tessera/v1/TaskState.js';

export interface TaskRecord {
  task?: _tessera_v1_TaskInfo | null;
  frameworkId?: _tessera_v1_FrameworkID | null;
  agentId?: _tessera_v1_AgentID | null;
  /**
   * The latest state known to the master.
   */
  status?: _tessera_v1_TaskStatus | null;
  /**
   * The role whose allocation the task's resources come from.
   */
  role?: string;
  /**
   * The latest state the framework has acknowledged (or been sent).
   */
  acknowledgedState?: _tessera_v1_TaskState;
}

export interface TaskRecord__Output {
  task: _tessera_v1_TaskInfo__Output | null;
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
  /**
   * The latest state known to the master.
   */
  status: _tessera_v1_TaskStatus__Output | null;
  /**
   * The role whose allocation the task's resources come from.
   */
  role: string;
  /**
   * The latest state the framework has acknowledged (or been sent).
   */
  acknowledgedState: _tessera_v1_TaskState__Output;
}
