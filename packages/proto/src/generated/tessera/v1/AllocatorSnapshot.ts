// Original file: proto/tessera/v1/allocator.proto

import type {
  AllocatorAgent as _tessera_v1_AllocatorAgent,
  AllocatorAgent__Output as _tessera_v1_AllocatorAgent__Output,
} from '../../tessera/v1/AllocatorAgent.js';
import type {
  AllocatorFramework as _tessera_v1_AllocatorFramework,
  AllocatorFramework__Output as _tessera_v1_AllocatorFramework__Output,
} from '../../tessera/v1/AllocatorFramework.js';
import type { Quota as _tessera_v1_Quota, Quota__Output as _tessera_v1_Quota__Output } from '../../tessera/v1/Quota.js';
import type {
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from '../../tessera/v1/WeightInfo.js';
import type {
  RolePolicy as _tessera_v1_RolePolicy,
  RolePolicy__Output as _tessera_v1_RolePolicy__Output,
} from '../../tessera/v1/RolePolicy.js';

export interface AllocatorSnapshot {
  agents?: _tessera_v1_AllocatorAgent[];
  frameworks?: _tessera_v1_AllocatorFramework[];
  quotas?: _tessera_v1_Quota[];
  weights?: _tessera_v1_WeightInfo[];
  policies?: _tessera_v1_RolePolicy[];
  /**
   * Current time at the master, seconds since the epoch (for filter expiry).
   */
  now?: number | string;
}

export interface AllocatorSnapshot__Output {
  agents: _tessera_v1_AllocatorAgent__Output[];
  frameworks: _tessera_v1_AllocatorFramework__Output[];
  quotas: _tessera_v1_Quota__Output[];
  weights: _tessera_v1_WeightInfo__Output[];
  policies: _tessera_v1_RolePolicy__Output[];
  /**
   * Current time at the master, seconds since the epoch (for filter expiry).
   */
  now: number;
}
