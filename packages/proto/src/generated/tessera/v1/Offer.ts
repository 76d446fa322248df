// Original file: proto/tessera/v1/common.proto

import type {
  OfferID as _tessera_v1_OfferID,
  OfferID__Output as _tessera_v1_OfferID__Output,
} from '../../tessera/v1/OfferID.js';
import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';
import type {
  Attribute as _tessera_v1_Attribute,
  Attribute__Output as _tessera_v1_Attribute__Output,
} from '../../tessera/v1/Attribute.js';

export interface Offer {
  id?: _tessera_v1_OfferID | null;
  frameworkId?: _tessera_v1_FrameworkID | null;
  agentId?: _tessera_v1_AgentID | null;
  hostname?: string;
  /**
   * The role this offer is allocated to (one of the framework's roles).
   */
  allocationRole?: string;
  resources?: _tessera_v1_Resource[];
  attributes?: _tessera_v1_Attribute[];
  /**
   * The agent's gRPC endpoint, for sandbox access.
   */
  agentEndpoint?: string;
}

export interface Offer__Output {
  id: _tessera_v1_OfferID__Output | null;
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
  hostname: string;
  /**
   * The role this offer is allocated to (one of the framework's roles).
   */
  allocationRole: string;
  resources: _tessera_v1_Resource__Output[];
  attributes: _tessera_v1_Attribute__Output[];
  /**
   * The agent's gRPC endpoint, for sandbox access.
   */
  agentEndpoint: string;
}
