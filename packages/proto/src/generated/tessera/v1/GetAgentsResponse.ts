// Original file: proto/tessera/v1/operator.proto

import type {
  AgentState as _tessera_v1_AgentState,
  AgentState__Output as _tessera_v1_AgentState__Output,
} from '../../tessera/v1/AgentState.js';

export interface GetAgentsResponse {
  agents?: _tessera_v1_AgentState[];
}

export interface GetAgentsResponse__Output {
  agents: _tessera_v1_AgentState__Output[];
}
