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

/**
 * Revocable resources (lent from an idle guarantee) that the allocator takes back
 * from a borrowing framework because their owner needs them. The master rescinds
 * offers holding them and kills the tasks using them (reason PREEMPTED, after
 * each task's grace period); the resources come back as RecoverResources when
 * the tasks have ended, and the allocator then gives them to the owner.
 */
export interface Revocation {
  frameworkId?: _tessera_v1_FrameworkID | null;
  agentId?: _tessera_v1_AgentID | null;
  /**
   * The role the borrower's allocation is in.
   */
  role?: string;
  /**
   * Revocable resources to take back (a subset of what the framework holds there).
   */
  resources?: _tessera_v1_Resource[];
  /**
   * For people: whose guarantee needs them.
   */
  reason?: string;
}

/**
 * Revocable resources (lent from an idle guarantee) that the allocator takes back
 * from a borrowing framework because their owner needs them. The master rescinds
 * offers holding them and kills the tasks using them (reason PREEMPTED, after
 * each task's grace period); the resources come back as RecoverResources when
 * the tasks have ended, and the allocator then gives them to the owner.
 */
export interface Revocation__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  agentId: _tessera_v1_AgentID__Output | null;
  /**
   * The role the borrower's allocation is in.
   */
  role: string;
  /**
   * Revocable resources to take back (a subset of what the framework holds there).
   */
  resources: _tessera_v1_Resource__Output[];
  /**
   * For people: whose guarantee needs them.
   */
  reason: string;
}
