// Original file: proto/tessera/v1/scheduler.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';

export interface _tessera_v1_AcknowledgeBatchRequest_Acknowledgement {
  agentId?: _tessera_v1_AgentID | null;
  taskId?: _tessera_v1_TaskID | null;
  uuid?: string;
}

export interface _tessera_v1_AcknowledgeBatchRequest_Acknowledgement__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  taskId: _tessera_v1_TaskID__Output | null;
  uuid: string;
}

export interface AcknowledgeBatchRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  acknowledgements?: _tessera_v1_AcknowledgeBatchRequest_Acknowledgement[];
}

export interface AcknowledgeBatchRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  acknowledgements: _tessera_v1_AcknowledgeBatchRequest_Acknowledgement__Output[];
}
