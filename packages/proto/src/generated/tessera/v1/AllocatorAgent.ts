// Original file: proto/tessera/v1/allocator.proto

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
import type {
  AllocatedResources as _tessera_v1_AllocatedResources,
  AllocatedResources__Output as _tessera_v1_AllocatedResources__Output,
} from '../../tessera/v1/AllocatedResources.js';

export interface AllocatorAgent {
  id?: _tessera_v1_AgentID | null;
  hostname?: string;
  /**
   * Everything the agent has, reserved or not.
   */
  total?: _tessera_v1_Resource[];
  attributes?: _tessera_v1_Attribute[];
  /**
   * What is already allocated on it (offered or used by tasks), per framework and role.
   */
  allocated?: _tessera_v1_AllocatedResources[];
  /**
   * A deactivated (draining) agent keeps its allocations but gets no new ones.
   */
  active?: boolean;
}

export interface AllocatorAgent__Output {
  id: _tessera_v1_AgentID__Output | null;
  hostname: string;
  /**
   * Everything the agent has, reserved or not.
   */
  total: _tessera_v1_Resource__Output[];
  attributes: _tessera_v1_Attribute__Output[];
  /**
   * What is already allocated on it (offered or used by tasks), per framework and role.
   */
  allocated: _tessera_v1_AllocatedResources__Output[];
  /**
   * A deactivated (draining) agent keeps its allocations but gets no new ones.
   */
  active: boolean;
}
