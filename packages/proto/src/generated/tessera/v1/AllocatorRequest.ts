// Original file: proto/tessera/v1/allocator.proto

import type {
  AllocatorSnapshot as _tessera_v1_AllocatorSnapshot,
  AllocatorSnapshot__Output as _tessera_v1_AllocatorSnapshot__Output,
} from '../../tessera/v1/AllocatorSnapshot.js';
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
  RolePolicy as _tessera_v1_RolePolicy,
  RolePolicy__Output as _tessera_v1_RolePolicy__Output,
} from '../../tessera/v1/RolePolicy.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';
import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  Filters as _tessera_v1_Filters,
  Filters__Output as _tessera_v1_Filters__Output,
} from '../../tessera/v1/Filters.js';
import type {
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from '../../tessera/v1/WeightInfo.js';

export interface _tessera_v1_AllocatorRequest_AgentActive {
  agentId?: _tessera_v1_AgentID | null;
  active?: boolean;
}

export interface _tessera_v1_AllocatorRequest_AgentActive__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  active: boolean;
}

export interface _tessera_v1_AllocatorRequest_AgentRemoved {
  agentId?: _tessera_v1_AgentID | null;
}

export interface _tessera_v1_AllocatorRequest_AgentRemoved__Output {
  agentId: _tessera_v1_AgentID__Output | null;
}

/**
 * An agent's total changed (re-registration with new resources, static reservations).
 */
export interface _tessera_v1_AllocatorRequest_AgentUpdated {
  agentId?: _tessera_v1_AgentID | null;
  total?: _tessera_v1_Resource[];
}

/**
 * An agent's total changed (re-registration with new resources, static reservations).
 */
export interface _tessera_v1_AllocatorRequest_AgentUpdated__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  total: _tessera_v1_Resource__Output[];
}

export interface _tessera_v1_AllocatorRequest_FrameworkActive {
  frameworkId?: _tessera_v1_FrameworkID | null;
  active?: boolean;
}

export interface _tessera_v1_AllocatorRequest_FrameworkActive__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  active: boolean;
}

export interface _tessera_v1_AllocatorRequest_FrameworkRemoved {
  frameworkId?: _tessera_v1_FrameworkID | null;
}

export interface _tessera_v1_AllocatorRequest_FrameworkRemoved__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
}

export interface _tessera_v1_AllocatorRequest_QuotaRemoved {
  role?: string;
}

export interface _tessera_v1_AllocatorRequest_QuotaRemoved__Output {
  role: string;
}

/**
 * Resources allocated to the framework come back (declined, unused, task ended).
 */
export interface _tessera_v1_AllocatorRequest_RecoverResources {
  frameworkId?: _tessera_v1_FrameworkID | null;
  agentId?: _tessera_v1_AgentID | null;
  role?: string;
  resources?: _tessera_v1_Resource[];
  /**
   * When set, the agent's resources are not offered to this framework again for
   * filters.refuse_seconds from `now`.
   */
  filters?: _tessera_v1_Filters | null;
  hasFilters?: boolean;
}

/**
 * Resources allocated to the framework come back (declined, unused, task ended).
 */
export interface _tessera_v1_AllocatorRequest_RecoverResources__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
  role: string;
  resources: _tessera_v1_Resource__Output[];
  /**
   * When set, the agent's resources are not offered to this framework again for
   * filters.refuse_seconds from `now`.
   */
  filters: _tessera_v1_Filters__Output | null;
  hasFilters: boolean;
}

export interface _tessera_v1_AllocatorRequest_Revive {
  frameworkId?: _tessera_v1_FrameworkID | null;
  /**
   * Empty: all of the framework's roles. Revive also clears the framework's filters.
   */
  roles?: string[];
}

export interface _tessera_v1_AllocatorRequest_Revive__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  /**
   * Empty: all of the framework's roles. Revive also clears the framework's filters.
   */
  roles: string[];
}

export interface _tessera_v1_AllocatorRequest_Suppress {
  frameworkId?: _tessera_v1_FrameworkID | null;
  /**
   * Empty: all of the framework's roles.
   */
  roles?: string[];
}

export interface _tessera_v1_AllocatorRequest_Suppress__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  /**
   * Empty: all of the framework's roles.
   */
  roles: string[];
}

/**
 * Allocated resources changed shape (RESERVE / UNRESERVE on an offer): `from`
 * is replaced by `to` in the framework's allocation and the agent's total.
 */
export interface _tessera_v1_AllocatorRequest_UpdateAllocation {
  frameworkId?: _tessera_v1_FrameworkID | null;
  agentId?: _tessera_v1_AgentID | null;
  role?: string;
  from?: _tessera_v1_Resource[];
  to?: _tessera_v1_Resource[];
}

/**
 * Allocated resources changed shape (RESERVE / UNRESERVE on an offer): `from`
 * is replaced by `to` in the framework's allocation and the agent's total.
 */
export interface _tessera_v1_AllocatorRequest_UpdateAllocation__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
  role: string;
  from: _tessera_v1_Resource__Output[];
  to: _tessera_v1_Resource__Output[];
}

export interface _tessera_v1_AllocatorRequest_WeightsSet {
  weights?: _tessera_v1_WeightInfo[];
}

export interface _tessera_v1_AllocatorRequest_WeightsSet__Output {
  weights: _tessera_v1_WeightInfo__Output[];
}

export interface AllocatorRequest {
  snapshot?: _tessera_v1_AllocatorSnapshot | null;
  agentAdded?: _tessera_v1_AllocatorAgent | null;
  agentUpdated?: _tessera_v1_AllocatorRequest_AgentUpdated | null;
  agentRemoved?: _tessera_v1_AllocatorRequest_AgentRemoved | null;
  agentActive?: _tessera_v1_AllocatorRequest_AgentActive | null;
  frameworkAdded?: _tessera_v1_AllocatorFramework | null;
  frameworkUpdated?: _tessera_v1_AllocatorFramework | null;
  frameworkRemoved?: _tessera_v1_AllocatorRequest_FrameworkRemoved | null;
  frameworkActive?: _tessera_v1_AllocatorRequest_FrameworkActive | null;
  suppress?: _tessera_v1_AllocatorRequest_Suppress | null;
  revive?: _tessera_v1_AllocatorRequest_Revive | null;
  recover?: _tessera_v1_AllocatorRequest_RecoverResources | null;
  updateAllocation?: _tessera_v1_AllocatorRequest_UpdateAllocation | null;
  quotaSet?: _tessera_v1_Quota | null;
  quotaRemoved?: _tessera_v1_AllocatorRequest_QuotaRemoved | null;
  weightsSet?: _tessera_v1_AllocatorRequest_WeightsSet | null;
  policySet?: _tessera_v1_RolePolicy | null;
  /**
   * Master's clock; every request carries it so that filters expire on the master's time.
   */
  now?: number | string;
  request?:
    | 'snapshot'
    | 'agentAdded'
    | 'agentUpdated'
    | 'agentRemoved'
    | 'agentActive'
    | 'frameworkAdded'
    | 'frameworkUpdated'
    | 'frameworkRemoved'
    | 'frameworkActive'
    | 'suppress'
    | 'revive'
    | 'recover'
    | 'updateAllocation'
    | 'quotaSet'
    | 'quotaRemoved'
    | 'weightsSet'
    | 'policySet';
}

export interface AllocatorRequest__Output {
  snapshot?: _tessera_v1_AllocatorSnapshot__Output | null;
  agentAdded?: _tessera_v1_AllocatorAgent__Output | null;
  agentUpdated?: _tessera_v1_AllocatorRequest_AgentUpdated__Output | null;
  agentRemoved?: _tessera_v1_AllocatorRequest_AgentRemoved__Output | null;
  agentActive?: _tessera_v1_AllocatorRequest_AgentActive__Output | null;
  frameworkAdded?: _tessera_v1_AllocatorFramework__Output | null;
  frameworkUpdated?: _tessera_v1_AllocatorFramework__Output | null;
  frameworkRemoved?: _tessera_v1_AllocatorRequest_FrameworkRemoved__Output | null;
  frameworkActive?: _tessera_v1_AllocatorRequest_FrameworkActive__Output | null;
  suppress?: _tessera_v1_AllocatorRequest_Suppress__Output | null;
  revive?: _tessera_v1_AllocatorRequest_Revive__Output | null;
  recover?: _tessera_v1_AllocatorRequest_RecoverResources__Output | null;
  updateAllocation?: _tessera_v1_AllocatorRequest_UpdateAllocation__Output | null;
  quotaSet?: _tessera_v1_Quota__Output | null;
  quotaRemoved?: _tessera_v1_AllocatorRequest_QuotaRemoved__Output | null;
  weightsSet?: _tessera_v1_AllocatorRequest_WeightsSet__Output | null;
  policySet?: _tessera_v1_RolePolicy__Output | null;
  /**
   * Master's clock; every request carries it so that filters expire on the master's time.
   */
  now: number;
  request?:
    | 'snapshot'
    | 'agentAdded'
    | 'agentUpdated'
    | 'agentRemoved'
    | 'agentActive'
    | 'frameworkAdded'
    | 'frameworkUpdated'
    | 'frameworkRemoved'
    | 'frameworkActive'
    | 'suppress'
    | 'revive'
    | 'recover'
    | 'updateAllocation'
    | 'quotaSet'
    | 'quotaRemoved'
    | 'weightsSet'
    | 'policySet';
}
