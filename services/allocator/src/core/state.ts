/**
 * The allocator's mutable model. Internal to the core: the `Allocator` class is
 * the only writer; `explain` and `eligibility` read it.
 */
import type { Attribute, Resource } from '@tessera/domain';
import type { FrameworkCapability, QueuePolicy, QuotaSpec } from './model.js';
import type { HierarchicalDrfSorter } from './hierarchical-sorter.js';
import type { ResourcePool } from './resource-pool.js';
import type { RoleTree } from './role-tree.js';
import type { Sorter } from './sorter.js';

/**
 * Unreserved resources lent to a framework as revocable (an idle guarantee):
 * the framework holds them as `revocable: true`, the agent as its ordinary
 * unreserved resources. Scalars only.
 */
export interface LentEntry {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  /** Kind → amount lent and not yet recovered. */
  readonly quantities: Map<string, number>;
  /** Kind → amount of it named in revocations sent and not yet recovered. */
  readonly revoking: Map<string, number>;
}

export interface AgentState {
  readonly id: string;
  hostname: string;
  total: Resource[];
  attributes: Attribute[];
  active: boolean;
  /** Whether `total` has gpus (then only GPU_RESOURCES frameworks are offered this agent). */
  hasGpus: boolean;
  /** frameworkId → role → resources allocated, as the framework holds them (normalized, never empty). */
  readonly allocations: Map<string, Map<string, Resource[]>>;
  /** `total` minus all allocations, clamped at zero; kept up to date incrementally. Set through `setAvailable`. */
  available: Resource[];
  /** More is allocated than `total` holds (the master shrank the total); `available` is then recomputed on change. */
  overcommitted: boolean;
  // Derived from `available` (see Allocator.setAvailable):
  /** `available` has neither reserved nor revocable entries (then it is what every role may have). */
  availablePlain: boolean;
  /** cpus and mem in `available`, across reservations. */
  freeCpus: number;
  freeMemMb: number;
  /** Unreserved, non-revocable scalars in `available` (the agent's part of the quota headroom); empty while no quota exists. */
  freeUnreserved: Map<string, number>;
  /** "frameworkId\u0000role" → what is lent there. */
  readonly lent: Map<string, LentEntry>;
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
  /** agentId → the refuse filters on that agent (never empty; none dominates another, see `addOfferFilter`). */
  readonly filters: Map<string, readonly OfferFilter[]>;
}

/**
 * A refuse filter (Mesos's RefusedOfferFilter): the framework refused
 * `refused` on one agent, so until `untilMs` (ms since the epoch, master clock)
 * an allocation to it on that agent is withheld while what would be offered is
 * contained in `refused`. When more is free (a task ended), it is offered at once.
 */
export interface OfferFilter {
  /** Normalized, as the framework held them (lent resources revocable); never empty. */
  readonly refused: Resource[];
  readonly untilMs: number;
}

/** Everything a snapshot replaces. */
export interface ClusterState {
  readonly agents: Map<string, AgentState>;
  readonly frameworks: Map<string, FrameworkState>;
  /** frameworkId → role → agents where it has an allocation (also for frameworks the model does not know). */
  readonly allocationIndex: Map<string, Map<string, Set<string>>>;
  /** Scalar quantities of all agents' totals (active or not): the pool every sorter measures shares against. */
  readonly pool: ResourcePool;
  readonly roleSorter: HierarchicalDrfSorter;
  /** role → sorter over the frameworks subscribed to it or holding allocations in it. */
  readonly frameworkSorters: Map<string, Sorter>;
  readonly weights: Map<string, number>;
  readonly quotas: Map<string, QuotaSpec>;
  readonly policies: Map<string, QueuePolicy>;
  readonly roleTree: RoleTree;
  /** Unreserved non-revocable scalars free on active agents (kept only while some role has a quota). */
  readonly freeUnreserved: Map<string, number>;
  /** Scalars lent (revocable) and not recovered, cluster-wide. */
  readonly lentTotal: Map<string, number>;
  /** Scalars named in outstanding revocations, cluster-wide. */
  readonly revokingTotal: Map<string, number>;
}

export function lentKey(frameworkId: string, role: string): string {
  return `${frameworkId}\u0000${role}`;
}
