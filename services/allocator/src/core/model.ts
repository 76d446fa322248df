/**
 * The allocator's domain vocabulary: what the master tells the allocator
 * (snapshot and deltas, in domain types) and what the allocator answers. Proto
 * types never appear here; the service converts at its edge.
 *
 * Units: times are milliseconds since the Unix epoch (`*Ms`), durations of
 * filters are seconds (`refuseSeconds`), as in the wire contract.
 */
import type { Attribute, Resource, Resources } from '@tessera/domain';

/** Framework capabilities the allocator looks at (others are carried and ignored). */
export type FrameworkCapability =
  'REVOCABLE_RESOURCES' | 'TASK_KILLING_STATE' | 'GPU_RESOURCES' | 'PARTITION_AWARE' | 'MULTI_ROLE';

/**
 * How a role orders its own frameworks: 'drf' (default; dominant share), 'fifo'
 * (subscription order) or 'priority' (FrameworkInfo.priority, higher first, DRF
 * among equals).
 */
export type QueuePolicy = 'drf' | 'fifo' | 'priority';

/** Resources allocated to one framework in one role on one agent. */
export interface AllocatedResources {
  readonly frameworkId: string;
  readonly role: string;
  readonly resources: Resources;
}

export interface AgentSpec {
  readonly id: string;
  readonly hostname: string;
  /** Everything the agent has, reserved or not. */
  readonly total: Resources;
  readonly attributes: readonly Attribute[];
  /** An inactive (draining) agent keeps its allocations but gets no new ones. */
  readonly active: boolean;
  /** What is already allocated on it (offered or used by tasks). */
  readonly allocated: readonly AllocatedResources[];
}

export interface FrameworkSpec {
  readonly id: string;
  readonly name: string;
  /** At least one valid role path ("eng", "eng/ml"). */
  readonly roles: readonly string[];
  readonly capabilities: readonly FrameworkCapability[];
  /** An inactive framework (scheduler disconnected) keeps its allocations but gets no new ones. */
  readonly active: boolean;
  /** Roles that get no allocations until revived. */
  readonly suppressedRoles: readonly string[];
  /** Subscription order; smaller first among frameworks of equal share. */
  readonly subscriptionSequence: number;
  /** For the 'priority' queue policy; higher first. */
  readonly priority: number;
}

/**
 * A role's quota: unreserved, non-revocable scalars. The guarantee is a floor
 * the allocator satisfies first (stage 1) and holds resources back for; the
 * limit a ceiling it never exceeds. Both bound the role's whole subtree.
 */
export interface QuotaSpec {
  readonly role: string;
  readonly guarantee: Resources;
  /** An absent kind is unlimited. */
  readonly limit: Resources;
}

export interface WeightSpec {
  readonly role: string;
  /** > 0 and finite; 1 when never set. */
  readonly weight: number;
}

export interface RolePolicySpec {
  readonly role: string;
  readonly policy: QueuePolicy;
}

/** The master's whole view, sent on every (re)connect. Replaces the model. */
export interface Snapshot {
  readonly agents: readonly AgentSpec[];
  readonly frameworks: readonly FrameworkSpec[];
  readonly quotas: readonly QuotaSpec[];
  readonly weights: readonly WeightSpec[];
  readonly policies: readonly RolePolicySpec[];
}

/** A decision of one allocation cycle: these resources of one agent go to one framework in one role. */
export interface Allocation {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: Resource[];
}

/**
 * Attached to a recovery: for `refuseSeconds` (>= 0, finite), the framework is
 * not offered what it gave back on that agent, nor any part of it (see `Allocator.recover`).
 */
export interface RefuseFilter {
  readonly refuseSeconds: number;
}

export interface RecoverResult {
  /** What was allocated and is now free. */
  readonly recovered: Resource[];
  /** What the request named beyond the allocation (ignored; > 0 means the master and allocator disagreed). */
  readonly notAllocated: Resource[];
}

/** Tunables of the allocation algorithm. Every field has a default. */
export interface AllocatorOptions {
  /** An allocation must have at least this many cpus or `minAllocatableMemMb` of mem. Default 0.01. */
  readonly minAllocatableCpus?: number;
  /** Default 32 MB. */
  readonly minAllocatableMemMb?: number;
  /** Resource kinds left out of dominant shares. Default ['gpus'] (scarce kinds would dominate every share). */
  readonly fairnessExcludeResourceNames?: readonly string[];
  /** Source of randomness for the agent order. Default: mulberry32 with a fixed seed. */
  readonly random?: () => number;
  /**
   * The order agents are visited in each cycle. 'shuffle' (default, as Mesos):
   * a random order from `random`. 'binpack' (best fit): agents with the least
   * free cpus first (then mem, then ID), so that allocations fill partly used
   * agents and whole agents stay free for large tasks.
   */
  readonly placement?: Placement;
}

export type Placement = 'shuffle' | 'binpack';

/**
 * Lent (revocable) resources the allocator takes back from a borrowing
 * framework because their owner's guarantee needs them. They stay allocated to
 * the framework until the master recovers them (its tasks on them are killed).
 */
export interface Revocation {
  readonly frameworkId: string;
  readonly agentId: string;
  /** The role the borrower holds them in. */
  readonly role: string;
  /** Revocable scalars, a subset of what the framework holds there. */
  readonly resources: Resource[];
  /** For people: whose guarantee needs them. */
  readonly reason: string;
}

/**
 * Free resources that no allocation can use, per kind, as a fraction of what
 * is free (0 when nothing is free): cpus on active agents with less than the
 * minimum fragment of mem free, and mem on active agents with less than the
 * minimum fragment of cpus free. Unreserved and reserved alike.
 */
export interface Fragmentation {
  readonly cpus: number;
  readonly mem: number;
  /** Free cpus / mem on active agents (the denominators). */
  readonly freeCpus: number;
  readonly freeMemMb: number;
}

/** What `tessera roles` shows about a role. */
export interface RoleView {
  readonly role: string;
  readonly weight: number;
  readonly policy: QueuePolicy;
  readonly quota: QuotaSpec | undefined;
  /** Scalars allocated to the role's subtree, by kind (revocable included). */
  readonly allocated: Record<string, number>;
  /** Scalars counting toward the role's guarantee (unreserved allocated + reserved), by kind. */
  readonly consumed: Record<string, number>;
  /** Dominant share of the role's subtree (unweighted). */
  readonly share: number;
  /** Frameworks subscribed to the role itself. */
  readonly frameworks: number;
}

/** Read-only view of an agent, for tests, explain and metrics: its spec and what is free. */
export interface AgentView extends AgentSpec {
  /** Total minus everything allocated (clamped at zero). */
  readonly available: Resources;
}

/** A refuse filter as views show it: on `agentId`, nothing contained in `refused` is offered before `untilMs`. */
export interface FilterView {
  readonly agentId: string;
  /** Ms since the epoch, master clock. */
  readonly untilMs: number;
  readonly refused: readonly Resource[];
}

/** Read-only view of a framework: its spec and its refuse filters. */
export interface FrameworkView extends FrameworkSpec {
  /** Filters that have not been dropped yet (some may have expired since the last cycle), by agent, then expiry. */
  readonly filters: readonly FilterView[];
}
