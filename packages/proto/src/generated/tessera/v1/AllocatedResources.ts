// Original file: proto/tessera/v1/allocator.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';

/**
 * Resources allocated to one framework in one role on one agent.
 */
export interface AllocatedResources {
  frameworkId?: _tessera_v1_FrameworkID | null;
  role?: string;
  resources?: _tessera_v1_Resource[];
}

/**
 * Resources allocated to one framework in one role on one agent.
 */
export interface AllocatedResources__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  role: string;
  resources: _tessera_v1_Resource__Output[];
}
