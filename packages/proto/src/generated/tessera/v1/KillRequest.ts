// Original file: proto/tessera/v1/scheduler.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  KillPolicy as _tessera_v1_KillPolicy,
  KillPolicy__Output as _tessera_v1_KillPolicy__Output,
} from '../../tessera/v1/KillPolicy.js';

export interface KillRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  taskId?: _tessera_v1_TaskID | null;
  agentId?: _tessera_v1_AgentID | null;
  /**
   * Overrides the task's kill policy for this kill.
   */
  killPolicy?: _tessera_v1_KillPolicy | null;
}

export interface KillRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  taskId: _tessera_v1_TaskID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
  /**
   * Overrides the task's kill policy for this kill.
   */
  killPolicy: _tessera_v1_KillPolicy__Output | null;
}
