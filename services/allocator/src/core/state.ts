/**
 * The allocator's mutable model. Internal to the core: the `Allocator` class is
 * the only writer; `explain` and `eligibility` read it.
 */
import type { Attribute, Resource } from '@tessera/domain';
import type { FrameworkCapability, QueuePolicy, QuotaSpec } from './model.js';
import type { Sorter } from './sorter.js';

export interface AgentState {
  readonly id: string;
  hostname: string;
  total: Resource[];
  attributes: Attribute[];
  active: boolean;
  /** Whether `total` has gpus (then only GPU_RESOURCES frameworks are offered this agent). */
  hasGpus: boolean;
  /** frameworkId → role → resources allocated (normalized, never empty). */
  readonly allocations: Map<string, Map<string, Resource[]>>;
  /** `total` minus all allocations, clamped at zero; kept up to date incrementally. */
  available: Resource[];
  /** More is allocated than `total` holds (the master shrank the total); `available` is then recomputed on change. */
  overcommitted: boolean;
}

export interface FrameworkState {
  readonly id: string;
  name: string;
  roles: string[];
  capabilities: Set<FrameworkCapability>;
  active: boolean;
  suppressedRoles: Set<string>;
  subscriptionSequence: number;
  priority: number;
  /** agentId → time (ms since epoch) before which the agent is not allocated to this framework. */
  readonly filters: Map<string, number>;
}

/** Everything a snapshot replaces. */
export interface ClusterState {
  readonly agents: Map<string, AgentState>;
  readonly frameworks: Map<string, FrameworkState>;
  /** frameworkId → role → agents where it has an allocation (also for frameworks the model does not know). */
  readonly allocationIndex: Map<string, Map<string, Set<string>>>;
  /** Scalar quantities of all agents' totals (active or not): the pool for every sorter. */
  readonly clusterTotal: Map<string, number>;
  readonly roleSorter: Sorter;
  /** role → sorter over the frameworks subscribed to it or holding allocations in it. */
  readonly frameworkSorters: Map<string, Sorter>;
  readonly weights: Map<string, number>;
  readonly quotas: Map<string, QuotaSpec>;
  readonly policies: Map<string, QueuePolicy>;
}
