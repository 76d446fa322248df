// Original file: proto/tessera/v1/operator.proto

import type { Quota as _tessera_v1_Quota, Quota__Output as _tessera_v1_Quota__Output } from '../../tessera/v1/Quota.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';
import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  QueuePolicy as _tessera_v1_QueuePolicy,
  QueuePolicy__Output as _tessera_v1_QueuePolicy__Output,
} from '../../tessera/v1/QueuePolicy.js';

export interface RoleState {
  role?: string;
  weight?: number | string;
  quota?: _tessera_v1_Quota | null;
  allocated?: _tessera_v1_Resource[];
  dominantShare?: number | string;
  frameworkIds?: _tessera_v1_FrameworkID[];
  policy?: _tessera_v1_QueuePolicy;
}

export interface RoleState__Output {
  role: string;
  weight: number;
  quota: _tessera_v1_Quota__Output | null;
  allocated: _tessera_v1_Resource__Output[];
  dominantShare: number;
  frameworkIds: _tessera_v1_FrameworkID__Output[];
  policy: _tessera_v1_QueuePolicy__Output;
}
