// Original file: proto/tessera/v1/operator.proto

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';

export interface ReactivateAgentRequest {
  agentId?: _tessera_v1_AgentID | null;
}

export interface ReactivateAgentRequest__Output {
  agentId: _tessera_v1_AgentID__Output | null;
}
