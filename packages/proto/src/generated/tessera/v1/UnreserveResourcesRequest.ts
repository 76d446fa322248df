// Original file: proto/tessera/v1/operator.proto

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';

export interface UnreserveResourcesRequest {
  agentId?: _tessera_v1_AgentID | null;
  /**
   * Dynamically reserved resources, as GetAgents shows them.
   */
  resources?: _tessera_v1_Resource[];
}

export interface UnreserveResourcesRequest__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  /**
   * Dynamically reserved resources, as GetAgents shows them.
   */
  resources: _tessera_v1_Resource__Output[];
}
