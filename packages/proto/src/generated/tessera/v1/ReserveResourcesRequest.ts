// Original file: proto/tessera/v1/operator.proto

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';

export interface ReserveResourcesRequest {
  agentId?: _tessera_v1_AgentID | null;
  /**
   * Resources with a DYNAMIC reservation naming the role.
   */
  resources?: _tessera_v1_Resource[];
}

export interface ReserveResourcesRequest__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  /**
   * Resources with a DYNAMIC reservation naming the role.
   */
  resources: _tessera_v1_Resource__Output[];
}
