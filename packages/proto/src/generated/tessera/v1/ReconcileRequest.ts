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

export interface _tessera_v1_ReconcileRequest_Task {
  taskId?: _tessera_v1_TaskID | null;
  agentId?: _tessera_v1_AgentID | null;
}

export interface _tessera_v1_ReconcileRequest_Task__Output {
  taskId: _tessera_v1_TaskID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
}

export interface ReconcileRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  /**
   * Empty: implicit reconciliation, all of the framework's known tasks.
   */
  tasks?: _tessera_v1_ReconcileRequest_Task[];
}

export interface ReconcileRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  /**
   * Empty: implicit reconciliation, all of the framework's known tasks.
   */
  tasks: _tessera_v1_ReconcileRequest_Task__Output[];
}
