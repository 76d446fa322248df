// Original file: proto/tessera/v1/operator.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';

export interface GetTasksRequest {
  /**
   * Optional filters.
   */
  frameworkId?: _tessera_v1_FrameworkID | null;
  agentId?: _tessera_v1_AgentID | null;
}

export interface GetTasksRequest__Output {
  /**
   * Optional filters.
   */
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
}
