// Original file: proto/tessera/v1/allocator.proto

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

export interface Allocation {
  frameworkId?: _tessera_v1_FrameworkID | null;
  agentId?: _tessera_v1_AgentID | null;
  role?: string;
  resources?: _tessera_v1_Resource[];
}

export interface Allocation__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
  role: string;
  resources: _tessera_v1_Resource__Output[];
}
