import { isValidRole, normalizeResources, roundScalar, type Resource, type Resources } from '@tessera/domain';
import { DrfSorter } from './drf-sorter.js';
import { agentVerdict, frameworkBlock, roleAtLimit, type MinFragment } from './eligibility.js';
import {
  DuplicateAgentError,
  DuplicateFrameworkError,
  InvalidAllocationUpdateError,
  InvalidFilterError,
  InvalidQuotaError,
  InvalidRoleError,
  InvalidSpecError,
  InvalidWeightError,
  UnknownAgentError,
  UnknownFrameworkError,
} from './errors.js';
import { explainFramework, type Explanation } from './explain.js';
import { FifoSorter } from './fifo-sorter.js';
import { liveFilters, offerFilter, withFilter } from './offer-filter.js';
import { HierarchicalDrfSorter } from './hierarchical-sorter.js';
import type {
  AgentSpec,
  AgentView,
  AllocatedResources,
  Allocation,
  AllocatorOptions,
  FilterView,
  Fragmentation,
  FrameworkSpec,
  FrameworkView,
  Placement,
  QueuePolicy,
  QuotaSpec,
  RecoverResult,
  RefuseFilter,
  Revocation,
  RoleView,
  Snapshot,
  WeightSpec,
} from './model.js';
import { PrioritySorter } from './priority-sorter.js';
import { mulberry32, shuffleInPlace, type Random } from './random.js';
import { ResourcePool } from './resource-pool.js';
import { hasScalar, scalarQuantities } from './resource-math.js';
import { RoleTree, type RoleNode } from './role-tree.js';
import type { Sorter } from './sorter.js';
import {
  addSorted as addResources,
  allocatableToRoleSorted as allocatableToRole,
  containsSorted as containsResources,
  equalSorted as equalResources,
  intersectSorted as intersectResources,
  normalizeFast,
  subtractSorted,
} from './sorted-resources.js';
import { lentKey, type AgentState, type ClusterState, type FrameworkState, type LentEntry } from './state.js';

export const DEFAULT_MIN_ALLOCATABLE_CPUS = 0.01;
export const DEFAULT_MIN_ALLOCATABLE_MEM_MB = 32;
export const DEFAULT_FAIRNESS_EXCLUDE_RESOURCE_NAMES: readonly string[] = ['gpus'];
/** Seed of the default PRNG when no `random` is given (deterministic on purpose). */
export const DEFAULT_SEED = 0x7e55e7a;

export interface AllocatorCoreOptions extends AllocatorOptions {
  /**
   * Makes the sorter over one role's frameworks for the role's queue policy.
   * Default: `DrfSorter`, `FifoSorter` or `PrioritySorter` on `pool` (the
   * allocator's shared pool), excluding `fairnessExcludeResourceNames`.
   */
  readonly createFrameworkSorter?: (policy: QueuePolicy, pool: ResourcePool) => Sorter;
}

/** Frameworks the model does not know (allocations in a snapshot naming them) sort after every known one. */
const UNKNOWN_FRAMEWORK_TIE_BREAK = Number.MAX_SAFE_INTEGER;
const EPSILON = 1e-9;

/** Rounds down to the domain's three decimals (never more than was there). */
function floor3(value: number): number {
  return Math.floor(value * 1000 + 1e-6) / 1000;
}

function bump(into: Map<string, number>, name: string, delta: number): void {
  const next = roundScalar((into.get(name) ?? 0) + delta);
  if (next > EPSILON) into.set(name, next);
  else into.delete(name);
}

/** Scalars of `resources` split the way quota accounting needs them. */
const NO_QUANTITIES: ReadonlyMap<string, number> = new Map();

/** Scalars of `resources` split the way quota accounting needs them. Maps may be shared; never mutate them. */
function splitScalars(resources: Resources): {
  all: ReadonlyMap<string, number>;
  unreserved: ReadonlyMap<string, number>;
  revocable: ReadonlyMap<string, number>;
} {
  const all = new Map<string, number>();
  let plain = true;
  for (const r of resources) {
    if (r.type !== 'scalar') continue;
    all.set(r.name, roundScalar((all.get(r.name) ?? 0) + r.scalar));
    if (r.revocable === true || r.reservation !== undefined) plain = false;
  }
  // NOTE: the common case (only unreserved, non-revocable resources) shares one map.
  if (plain) return { all, unreserved: all, revocable: NO_QUANTITIES };
  const unreserved = new Map<string, number>();
  const revocable = new Map<string, number>();
  for (const r of resources) {
    if (r.type !== 'scalar') continue;
    if (r.revocable === true) revocable.set(r.name, roundScalar((revocable.get(r.name) ?? 0) + r.scalar));
    else if (r.reservation === undefined) unreserved.set(r.name, roundScalar((unreserved.get(r.name) ?? 0) + r.scalar));
  }
  return { all, unreserved, revocable };
}

/** Reserved scalars of an agent total, by reservation role. */
function reservedByRole(resources: Resources): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of resources) {
    if (r.type !== 'scalar' || r.reservation === undefined) continue;
    let byKind = out.get(r.reservation.role);
    if (byKind === undefined) {
      byKind = new Map();
      out.set(r.reservation.role, byKind);
    }
    byKind.set(r.name, roundScalar((byKind.get(r.name) ?? 0) + r.scalar));
  }
  return out;
}

function revocableScalar(name: string, amount: number): Resource {
  return { name, type: 'scalar', scalar: amount, revocable: true };
}

function unreservedScalar(name: string, amount: number): Resource {
  return { name, type: 'scalar', scalar: amount };
}

/** What one role may take from one agent in this stage, before framework capabilities are applied. */
interface Cut {
  /** Reserved, non-scalar, unreserved within headroom and limits, and native revocable resources. */
  readonly base: Resource[];
  /** Unreserved scalars that may be lent (as revocable) to a REVOCABLE_RESOURCES framework. */
  readonly lendable: Map<string, number> | undefined;
  /** With `lendable`: what a REVOCABLE_RESOURCES framework is offered (lent as revocable) and the agent's shape of it. */
  readonly withLent: { readonly resources: Resource[]; readonly agentPart: Resource[] } | undefined;
}

/** One allocation decided in this cycle, before it is accounted. */
interface Grant {
  /** As the framework holds them. */
  readonly resources: Resource[];
  /** What leaves the agent's `available` (lent resources in their unreserved shape). */
  readonly agentPart: Resource[];
  readonly lent: Map<string, number> | undefined;
}

/** State of one allocation cycle. */
interface Cycle {
  readonly nowMs: number;
  readonly quotas: boolean;
  /** Roles with at least one active framework subscribed and not suppressed in it. */
  readonly demandRoles: Set<string>;
  /** Demand roles that still need resources toward a guarantee (theirs or an ancestor's). */
  readonly stage1Roles: Set<string>;
  /** Roles at their limit (cpus and mem) for the rest of the cycle. */
  readonly limitBlocked: Set<string>;
  /** Unmet guarantees of roles with demand in their subtree: held back from everyone else. */
  readonly requiredActive: Map<string, number>;
  /** Unmet guarantees of idle roles: held back too, but lendable as revocable. */
  readonly requiredIdle: Map<string, number>;
  readonly topUnmet: Map<RoleNode, Map<string, number>>;
  readonly activeTops: Set<RoleNode>;
  readonly output: Allocation[];
  readonly outputIndex: Map<string, number>;
}

/**
 * The allocator's pure core: the cluster model the master keeps in sync with
 * deltas, and the allocation cycle (Hierarchical DRF with quota, Mesos style,
 * plus queue policies, lending of idle guarantees and placement orders).
 *
 * No I/O, no clock, no ambient randomness: time comes in as `nowMs` (ms since
 * the epoch, on the master's clock) and randomness through `options.random`.
 * Every method either applies completely or throws one of the errors in
 * `errors.ts` and leaves the model untouched. Not thread-safe; not re-entrant.
 */
export class Allocator {
  private readonly minFragment: MinFragment;
  private readonly random: Random;
  private readonly placement: Placement;
  private readonly excludeResourceNames: readonly string[];
  private readonly createFrameworkSorter: (policy: QueuePolicy, pool: ResourcePool) => Sorter;
  private state: ClusterState;
  private revocations: Revocation[] = [];
  /**
   * Whether agents' free unreserved scalars are summed (`freeUnreserved`): only
   * while some role has a quota (the headroom needs them); the hot path of a
   * cluster without quotas skips the bookkeeping.
   */
  private headroomTracked = false;
  /** Agent IDs in code-point order (the base of the shuffle); undefined after an agent was added or removed. */
  private sortedAgentIds: string[] | undefined;
  /**
   * No filter expires before this (ms, master clock): a lower bound, so that a
   * cycle walks the filters only when one may have expired.
   */
  private nextFilterExpiryMs = Infinity;

  constructor(options: AllocatorCoreOptions = {}) {
    this.minFragment = {
      cpus: options.minAllocatableCpus ?? DEFAULT_MIN_ALLOCATABLE_CPUS,
      memMb: options.minAllocatableMemMb ?? DEFAULT_MIN_ALLOCATABLE_MEM_MB,
    };
    this.random = options.random ?? mulberry32(DEFAULT_SEED);
    this.placement = options.placement ?? 'shuffle';
    this.excludeResourceNames = options.fairnessExcludeResourceNames ?? DEFAULT_FAIRNESS_EXCLUDE_RESOURCE_NAMES;
    const excludeResourceNames = this.excludeResourceNames;
    this.createFrameworkSorter =
      options.createFrameworkSorter ??
      ((policy, pool) => {
        switch (policy) {
          case 'fifo':
            return new FifoSorter({ excludeResourceNames, pool });
          case 'priority':
            return new PrioritySorter({ excludeResourceNames, pool });
          case 'drf':
            return new DrfSorter({ excludeResourceNames, pool });
        }
      });
    this.state = this.emptyState();
  }

  // ---------- whole model ----------

  /**
   * Replaces the whole model (agents, frameworks, weights, quotas, policies) with
   * the master's snapshot. Filters and outstanding revocations are dropped: the
   * master does not keep them. Atomic: a snapshot that fails validation leaves
   * the previous model in place.
   */
  loadSnapshot(snapshot: Snapshot): void {
    const previous = this.state;
    const previousIds = this.sortedAgentIds;
    const previousTracked = this.headroomTracked;
    this.state = this.emptyState();
    this.sortedAgentIds = undefined;
    this.headroomTracked = false;
    try {
      this.setWeights(snapshot.weights);
      for (const quota of snapshot.quotas) this.setQuota(quota);
      for (const policy of snapshot.policies) this.setPolicy(policy.role, policy.policy);
      for (const framework of snapshot.frameworks) this.addFramework(framework);
      for (const agent of snapshot.agents) this.addAgent(agent);
    } catch (error) {
      this.state = previous;
      this.sortedAgentIds = previousIds;
      this.headroomTracked = previousTracked;
      throw error;
    }
    this.revocations = [];
    this.nextFilterExpiryMs = Infinity;
  }

  // ---------- agents ----------

  /** Adds an agent with what is already allocated on it. Throws DuplicateAgentError for a known ID. */
  addAgent(spec: AgentSpec): void {
    if (spec.id === '') throw new InvalidSpecError('agent ID is required');
    if (this.state.agents.has(spec.id)) throw new DuplicateAgentError(spec.id);
    for (const allocated of spec.allocated) {
      if (allocated.frameworkId === '') throw new InvalidSpecError(`agent ${spec.id}: allocation without framework ID`);
      if (!isValidRole(allocated.role)) throw new InvalidRoleError(allocated.role, `agent ${spec.id} allocation`);
    }
    const total = normalizeFast(spec.total);
    const agent: AgentState = {
      id: spec.id,
      hostname: spec.hostname,
      total,
      attributes: [...spec.attributes],
      active: spec.active,
      hasGpus: hasScalar(total, 'gpus'),
      allocations: new Map(),
      available: [],
      overcommitted: false,
      availablePlain: true,
      freeCpus: 0,
      freeMemMb: 0,
      freeUnreserved: new Map(),
      lent: new Map(),
    };
    this.state.agents.set(agent.id, agent);
    this.sortedAgentIds = undefined;
    this.changeTotal(total, 1);
    for (const allocated of spec.allocated) {
      this.recordAllocation(agent, allocated.frameworkId, allocated.role, normalizeFast(allocated.resources));
    }
    const only = spec.allocated.length === 1 ? spec.allocated[0] : undefined;
    const allocated = only === undefined ? undefined : agent.allocations.get(only.frameworkId)?.get(only.role);
    if (spec.allocated.length === 0) {
      this.setAvailable(agent, total);
    } else if (this.adoptLent(agent)) {
      this.refreshAvailable(agent);
    } else if (allocated !== undefined) {
      // NOTE: one allocation (the common case) needs no recomputation from all of them.
      agent.overcommitted = !containsResources(total, allocated);
      this.setAvailable(agent, subtractSorted(total, allocated));
    } else {
      this.refreshAvailable(agent);
    }
  }

  /**
   * The agent's total changed (re-registration, static reservations). Its
   * allocations are kept; if they no longer fit, the agent offers nothing until
   * enough is recovered. Throws UnknownAgentError.
   */
  updateAgentTotal(agentId: string, total: Resources): void {
    const agent = this.requireAgent(agentId);
    const next = normalizeFast(total);
    this.changeTotal(agent.total, -1);
    this.changeTotal(next, 1);
    agent.total = next;
    agent.hasGpus = hasScalar(next, 'gpus');
    this.refreshAvailable(agent);
  }

  /** Forgets the agent, its allocations and every filter on it. Idempotent: returns false for an unknown agent. */
  removeAgent(agentId: string): boolean {
    const agent = this.state.agents.get(agentId);
    if (agent === undefined) return false;
    for (const [frameworkId, byRole] of [...agent.allocations]) {
      for (const [role, resources] of [...byRole]) this.forgetAllocation(agent, frameworkId, role, resources);
    }
    for (const entry of agent.lent.values()) this.dropLent(entry);
    agent.lent.clear();
    this.setAvailable(agent, []);
    this.changeTotal(agent.total, -1);
    this.state.agents.delete(agentId);
    this.sortedAgentIds = undefined;
    for (const framework of this.state.frameworks.values()) framework.filters.delete(agentId);
    return true;
  }

  /** An inactive (draining) agent keeps its allocations and gets no new ones. Throws UnknownAgentError. */
  setAgentActive(agentId: string, active: boolean): void {
    const agent = this.requireAgent(agentId);
    if (agent.active === active) return;
    for (const [name, amount] of agent.freeUnreserved) bump(this.state.freeUnreserved, name, active ? amount : -amount);
    agent.active = active;
  }

  // ---------- frameworks ----------

  /** Adds a framework. Throws DuplicateFrameworkError for a known ID, InvalidRoleError / InvalidSpecError for bad roles. */
  addFramework(spec: FrameworkSpec): void {
    this.validateFramework(spec);
    if (this.state.frameworks.has(spec.id)) throw new DuplicateFrameworkError(spec.id);
    const framework: FrameworkState = {
      id: spec.id,
      name: spec.name,
      roles: [...new Set(spec.roles)],
      capabilities: new Set(spec.capabilities),
      active: spec.active,
      suppressedRoles: new Set(spec.suppressedRoles),
      subscriptionSequence: spec.subscriptionSequence,
      priority: spec.priority,
      filters: new Map(),
    };
    this.state.frameworks.set(framework.id, framework);
    for (const role of this.rolesOf(framework.id)) this.ensureFrameworkClient(framework.id, role);
  }

  /**
   * Replaces a framework's info (roles, capabilities, suppressed roles, active,
   * subscription sequence, priority). Filters are kept unless it becomes
   * inactive. Allocations in roles it left stay until recovered. Throws UnknownFrameworkError.
   */
  updateFramework(spec: FrameworkSpec): void {
    this.validateFramework(spec);
    const framework = this.requireFramework(spec.id);
    const oldRoles = framework.roles;
    framework.name = spec.name;
    framework.roles = [...new Set(spec.roles)];
    framework.capabilities = new Set(spec.capabilities);
    framework.suppressedRoles = new Set(spec.suppressedRoles);
    framework.subscriptionSequence = spec.subscriptionSequence;
    framework.priority = spec.priority;
    this.setActive(framework, spec.active);
    for (const role of this.rolesOf(framework.id)) this.ensureFrameworkClient(framework.id, role);
    for (const role of oldRoles) this.releaseFrameworkClientIfUnused(framework.id, role);
  }

  /**
   * Forgets the framework and frees everything allocated to it (as Mesos does;
   * a later RecoverResources for it finds nothing and is a no-op). Idempotent:
   * returns false when there was nothing to remove.
   */
  removeFramework(frameworkId: string): boolean {
    const framework = this.state.frameworks.get(frameworkId);
    this.state.frameworks.delete(frameworkId);
    const byRole = this.state.allocationIndex.get(frameworkId);
    const hadAllocations = byRole !== undefined;
    for (const [role, agentIds] of [...(byRole ?? [])]) {
      for (const agentId of [...agentIds]) {
        const agent = this.state.agents.get(agentId);
        const resources = agent?.allocations.get(frameworkId)?.get(role);
        if (agent !== undefined && resources !== undefined) this.release(agent, frameworkId, role, resources);
      }
    }
    for (const role of framework?.roles ?? []) this.releaseFrameworkClientIfUnused(frameworkId, role);
    return framework !== undefined || hadAllocations;
  }

  /**
   * A framework whose scheduler disconnected keeps its allocations and gets no
   * new ones. Deactivation drops its filters (as in Mesos: it declines afresh
   * when it comes back). Throws UnknownFrameworkError.
   */
  setFrameworkActive(frameworkId: string, active: boolean): void {
    this.setActive(this.requireFramework(frameworkId), active);
  }

  /** Stops allocations to the framework in `roles` (empty: all its roles) until revived. Throws UnknownFrameworkError. */
  suppress(frameworkId: string, roles: readonly string[]): void {
    const framework = this.requireFramework(frameworkId);
    this.validateRoles(roles, `suppress ${frameworkId}`);
    for (const role of roles.length === 0 ? framework.roles : roles) framework.suppressedRoles.add(role);
  }

  /**
   * Resumes allocations in `roles` (empty: all its roles) and clears ALL of the
   * framework's filters, whatever the roles. Throws UnknownFrameworkError.
   */
  revive(frameworkId: string, roles: readonly string[]): void {
    const framework = this.requireFramework(frameworkId);
    this.validateRoles(roles, `revive ${frameworkId}`);
    if (roles.length === 0) framework.suppressedRoles.clear();
    for (const role of roles) framework.suppressedRoles.delete(role);
    framework.filters.clear();
  }

  // ---------- resources ----------

  /**
   * Frees resources allocated to the framework in `role` on the agent
   * (declined, unused, task ended, revoked). Frees at most what is allocated
   * and reports the rest as `notAllocated`. Lent (revocable) resources return
   * to the agent as the unreserved resources they are, and end any revocation
   * outstanding for them. With a filter of `refuseSeconds > 0` and something
   * recovered, a refuse filter (see offer-filter.ts) is added: until
   * `nowMs + refuseSeconds * 1000` the framework (in any role) is not allocated
   * anything on the agent that is contained in what was recovered; other
   * filters on the agent stay and expire on their own. An unknown agent or
   * framework is tolerated (nothing to free; no filter).
   * Throws InvalidFilterError for a negative or non-finite `refuseSeconds`.
   */
  recover(
    frameworkId: string,
    agentId: string,
    role: string,
    resources: Resources,
    filter: RefuseFilter | undefined,
    nowMs: number,
  ): RecoverResult {
    if (filter !== undefined && (!Number.isFinite(filter.refuseSeconds) || filter.refuseSeconds < 0)) {
      throw new InvalidFilterError(filter.refuseSeconds);
    }
    const agent = this.state.agents.get(agentId);
    const allocated = agent?.allocations.get(frameworkId)?.get(role) ?? [];
    // NOTE: recovering exactly the allocation (the same list the cycle returned) needs no normalization.
    const requested = resources === allocated ? allocated : normalizeFast(resources);
    if (agent === undefined) return { recovered: [], notAllocated: requested };
    const recovered =
      requested === allocated || equalResources(requested, allocated)
        ? allocated
        : intersectResources(requested, allocated);
    const notAllocated = recovered === allocated ? [] : subtractSorted(requested, recovered);
    if (recovered.length > 0) this.release(agent, frameworkId, role, recovered);
    const framework = this.state.frameworks.get(frameworkId);
    if (framework !== undefined && filter !== undefined && filter.refuseSeconds > 0 && recovered.length > 0) {
      const added = offerFilter(recovered, filter.refuseSeconds, nowMs);
      framework.filters.set(agentId, withFilter(framework.filters.get(agentId), added));
      this.nextFilterExpiryMs = Math.min(this.nextFilterExpiryMs, added.untilMs);
    }
    return { recovered, notAllocated };
  }

  /**
   * Allocated resources changed shape (RESERVE / UNRESERVE on an offer): `from`
   * is replaced by `to` in the framework's allocation in `role` and in the
   * agent's total. Throws UnknownAgentError, or InvalidAllocationUpdateError when
   * `from` is not allocated, holds revocable resources, or `to` is reserved to a
   * role outside `role`'s ancestry.
   */
  updateAllocation(frameworkId: string, agentId: string, role: string, from: Resources, to: Resources): void {
    const agent = this.requireAgent(agentId);
    const fromResources = normalizeFast(from);
    const toResources = normalizeFast(to);
    const allocated = agent.allocations.get(frameworkId)?.get(role) ?? [];
    if (!containsResources(allocated, fromResources)) {
      throw new InvalidAllocationUpdateError(
        `framework ${frameworkId} in role ${role} on agent ${agentId}: "from" is not allocated`,
      );
    }
    if ([...fromResources, ...toResources].some((r) => r.revocable === true)) {
      throw new InvalidAllocationUpdateError(
        `framework ${frameworkId} in role ${role} on agent ${agentId}: revocable resources cannot change shape`,
      );
    }
    if (!equalResources(allocatableToRole(toResources, role), toResources)) {
      throw new InvalidAllocationUpdateError(
        `framework ${frameworkId} in role ${role} on agent ${agentId}: "to" is reserved to a role outside ${role}`,
      );
    }
    this.forgetAllocation(agent, frameworkId, role, fromResources);
    this.recordAllocation(agent, frameworkId, role, toResources);
    const total = addResources(subtractSorted(agent.total, fromResources), toResources);
    this.changeTotal(agent.total, -1);
    this.changeTotal(total, 1);
    agent.total = total;
    agent.hasGpus = hasScalar(total, 'gpus');
    this.refreshAvailable(agent);
  }

  // ---------- roles ----------

  /** Sets the weights of the given roles (others keep theirs). Atomic; throws InvalidWeightError / InvalidRoleError. */
  setWeights(weights: readonly WeightSpec[]): void {
    for (const { role, weight } of weights) {
      if (!isValidRole(role)) throw new InvalidRoleError(role, 'weight');
      if (!Number.isFinite(weight) || weight <= 0) throw new InvalidWeightError(role, weight);
    }
    for (const { role, weight } of weights) {
      this.state.weights.set(role, weight);
      this.state.roleSorter.setWeight(role, weight);
    }
  }

  /**
   * Sets a role's quota, replacing any previous one; a quota with neither a
   * guarantee nor a limit removes it. Guarantee and limit hold unreserved,
   * non-revocable scalars; a kind absent from the limit is unlimited, and a
   * limit of 0 allows none. Throws InvalidRoleError, or InvalidQuotaError for a
   * bad resource or amount, a limit below the guarantee, a guarantee above the
   * limit of an ancestor, or a limit below the guarantee of a descendant.
   */
  setQuota(quota: QuotaSpec): void {
    if (!isValidRole(quota.role)) throw new InvalidRoleError(quota.role, 'quota');
    const guarantee = quotaQuantities(quota.role, quota.guarantee, 'guarantee');
    const limit = quotaQuantities(quota.role, quota.limit, 'limit');
    for (const [name, amount] of guarantee) {
      const ceiling = limit.get(name);
      if (ceiling !== undefined && ceiling < amount) {
        throw new InvalidQuotaError(quota.role, `limit ${name}:${ceiling} is below the guarantee ${name}:${amount}`);
      }
    }
    const tree = this.state.roleTree;
    for (const ancestor of tree.ancestors(quota.role)) {
      for (const [name, amount] of guarantee) {
        const ceiling = ancestor.quota?.limit.get(name);
        if (ceiling !== undefined && ceiling < amount) {
          throw new InvalidQuotaError(
            quota.role,
            `guarantee ${name}:${amount} is above the limit ${name}:${ceiling} of its parent role ${ancestor.path}`,
          );
        }
      }
    }
    for (const other of tree.descendants(quota.role)) {
      for (const [name, amount] of other.quota?.guarantee ?? []) {
        const ceiling = limit.get(name);
        if (ceiling !== undefined && ceiling < amount) {
          throw new InvalidQuotaError(
            quota.role,
            `limit ${name}:${ceiling} is below the guarantee ${name}:${amount} of its child role ${other.path}`,
          );
        }
      }
    }
    if (guarantee.size === 0 && quota.limit.length === 0) {
      this.removeQuota(quota.role);
      return;
    }
    tree.setQuota(quota.role, { guarantee, limit });
    this.state.quotas.set(quota.role, {
      role: quota.role,
      guarantee: normalizeResources(quota.guarantee),
      limit: [...quota.limit],
    });
    this.syncHeadroomTracking();
  }

  /** Idempotent. */
  removeQuota(role: string): void {
    if (!this.state.quotas.delete(role)) return;
    this.state.roleTree.setQuota(role, undefined);
    this.syncHeadroomTracking();
  }

  /** Starts summing free unreserved resources when the first quota appears; stops when the last goes. */
  private syncHeadroomTracking(): void {
    const wanted = this.state.roleTree.hasQuotas;
    if (wanted === this.headroomTracked) return;
    this.headroomTracked = wanted;
    this.state.freeUnreserved.clear();
    for (const agent of this.state.agents.values()) {
      agent.freeUnreserved = new Map();
      if (wanted) this.setAvailable(agent, agent.available);
    }
  }

  /** Sets how the role orders its frameworks; its current frameworks and their allocations carry over. */
  setPolicy(role: string, policy: QueuePolicy): void {
    if (!isValidRole(role)) throw new InvalidRoleError(role, 'policy');
    const previous = this.state.policies.get(role) ?? 'drf';
    this.state.policies.set(role, policy);
    const old = this.state.frameworkSorters.get(role);
    if (old === undefined || previous === policy) return;
    const sorter = this.createFrameworkSorter(policy, this.state.pool);
    for (const frameworkId of old.sort()) {
      sorter.add(frameworkId, this.clientOptions(frameworkId));
      const allocation = old.allocation(frameworkId);
      if (allocation.size > 0) sorter.allocated(frameworkId, allocation);
    }
    this.state.frameworkSorters.set(role, sorter);
  }

  // ---------- the cycle ----------

  /**
   * One allocation cycle, in two stages (as Mesos's hierarchical allocator):
   *
   * 1. Guarantees. Roles (with an active, unsuppressed framework) below their
   *    guarantee, or below an ancestor's, in role order, are allocated up to
   *    what the guarantee still needs, of the guaranteed kinds; other kinds
   *    only from the surplus over everyone's unmet guarantees.
   * 2. Fair share. Every agent's remaining resources go to roles in
   *    Hierarchical DRF order and, within a role, to frameworks in the role's
   *    queue-policy order. Unreserved resources are held back so that unmet
   *    guarantees stay satisfiable (the headroom); what is held back for
   *    roles with no demand (idle guarantees) is lent as revocable resources
   *    to frameworks with REVOCABLE_RESOURCES.
   *
   * Between the stages, when roles with demand still miss their guarantee and
   * free unreserved resources cannot cover it, lent resources are revoked (see
   * `takeRevocations`). A role's limit is never exceeded: allocations are cut
   * down to fit. Agents are visited in the placement order; an allocation
   * never goes below the minimum fragment. Filters that expired by `nowMs` are
   * dropped.
   *
   * With `agentIds`, the cycle is *targeted* (Mesos's `allocate(agentIds)`):
   * only those agents are offered, in the placement order among them; unknown
   * and inactive ones are skipped and duplicates count once. Everything else is
   * as in a full cycle: demand, guarantees, the headroom and limits are
   * measured over the whole cluster, and revocations are decided from
   * cluster-wide free resources. A targeted cycle leaves the other agents
   * untouched, so a role that could use them waits for the next full cycle.
   * Without `agentIds` every agent is offered (a full cycle).
   *
   * The returned allocations (at most one per framework, role and agent) are
   * already accounted as allocated: the master must RecoverResources whatever
   * it does not use.
   */
  allocate(nowMs: number, agentIds?: Iterable<string>): Allocation[] {
    this.expireFilters(nowMs);
    const cycle = this.beginCycle(nowMs);
    if (cycle.demandRoles.size === 0) return cycle.output;
    const agents = this.placementOrder(agentIds);
    if (cycle.stage1Roles.size > 0) {
      for (const agent of agents) {
        this.allocateAgent(agent, 1, cycle);
        if (cycle.stage1Roles.size === 0) break;
      }
    }
    if (cycle.quotas) this.revokeForGuarantees(cycle);
    for (const agent of agents) this.allocateAgent(agent, 2, cycle);
    return cycle.output;
  }

  /**
   * Revocations decided since the last call, oldest first; calling it empties
   * the list. The service sends them to the master after each cycle.
   */
  takeRevocations(): Revocation[] {
    const out = this.revocations;
    this.revocations = [];
    return out;
  }

  /** Why the framework is or is not being allocated resources (in `role`, or in all its roles). Throws UnknownFrameworkError. */
  explain(frameworkId: string, nowMs: number, role?: string): Explanation {
    return explainFramework(
      { state: this.state, minFragment: this.minFragment, heldBack: () => this.heldBack() },
      this.requireFramework(frameworkId),
      nowMs,
      role,
    );
  }

  /** See `Fragmentation`. O(agents). */
  fragmentation(): Fragmentation {
    let freeCpus = 0;
    let freeMemMb = 0;
    let strandedCpus = 0;
    let strandedMemMb = 0;
    for (const agent of this.state.agents.values()) {
      if (!agent.active) continue;
      freeCpus += agent.freeCpus;
      freeMemMb += agent.freeMemMb;
      if (agent.freeMemMb < this.minFragment.memMb) strandedCpus += agent.freeCpus;
      if (agent.freeCpus < this.minFragment.cpus) strandedMemMb += agent.freeMemMb;
    }
    return {
      cpus: freeCpus > 0 ? strandedCpus / freeCpus : 0,
      mem: freeMemMb > 0 ? strandedMemMb / freeMemMb : 0,
      freeCpus: roundScalar(freeCpus),
      freeMemMb: roundScalar(freeMemMb),
    };
  }

  // ---------- views ----------

  get agentCount(): number {
    return this.state.agents.size;
  }

  get frameworkCount(): number {
    return this.state.frameworks.size;
  }

  agent(agentId: string): AgentView | undefined {
    const agent = this.state.agents.get(agentId);
    return agent === undefined ? undefined : agentView(agent);
  }

  agents(): AgentView[] {
    return [...this.state.agents.values()].map(agentView);
  }

  framework(frameworkId: string): FrameworkView | undefined {
    const framework = this.state.frameworks.get(frameworkId);
    return framework === undefined ? undefined : frameworkView(framework);
  }

  frameworks(): FrameworkView[] {
    return [...this.state.frameworks.values()].map(frameworkView);
  }

  /** Everything allocated to the framework in `role` (or in all roles), summed over agents. */
  allocatedTo(frameworkId: string, role?: string): Resource[] {
    let sum: Resource[] = [];
    for (const agent of this.state.agents.values()) {
      for (const [allocatedRole, resources] of agent.allocations.get(frameworkId) ?? []) {
        if (role === undefined || allocatedRole === role) sum = addResources(sum, resources);
      }
    }
    return sum;
  }

  /** The dominant share (unweighted) of the role's subtree, as the role sorter measures it. */
  roleShare(role: string): number {
    return this.state.roleSorter.subtreeShare(role);
  }

  /** The framework's dominant share within `role`'s allocations. */
  frameworkShare(frameworkId: string, role: string): number {
    return this.state.frameworkSorters.get(role)?.share(frameworkId) ?? 0;
  }

  /** Roles in the order the next agent would visit them. */
  roleOrder(): readonly string[] {
    return this.state.roleSorter.sort();
  }

  /** Frameworks of `role` in the order the next agent would visit them. */
  frameworkOrder(role: string): readonly string[] {
    return this.state.frameworkSorters.get(role)?.sort() ?? [];
  }

  weights(): WeightSpec[] {
    return [...this.state.weights].map(([role, weight]) => ({ role, weight }));
  }

  quotas(): QuotaSpec[] {
    return [...this.state.quotas.values()];
  }

  policies(): { role: string; policy: QueuePolicy }[] {
    return [...this.state.policies].map(([role, policy]) => ({ role, policy }));
  }

  /** Every role the model knows (subscribed, allocated, reserved, or with quota, weight or policy), sorted by path. */
  roles(): RoleView[] {
    const paths = new Set<string>([
      ...this.state.roleTree.paths(),
      ...this.state.weights.keys(),
      ...this.state.policies.keys(),
    ]);
    const subscribed = new Map<string, number>();
    for (const framework of this.state.frameworks.values()) {
      for (const role of framework.roles) subscribed.set(role, (subscribed.get(role) ?? 0) + 1);
    }
    return [...paths].sort().map((role) => {
      const node = this.state.roleTree.get(role);
      const allocated: Record<string, number> = {};
      const consumed: Record<string, number> = {};
      if (node !== undefined) {
        for (const map of [node.unreservedAllocated, node.revocableAllocated]) {
          for (const [name, amount] of map) allocated[name] = roundScalar((allocated[name] ?? 0) + amount);
        }
        for (const name of new Set([...node.unreservedAllocated.keys(), ...node.reserved.keys()])) {
          consumed[name] = roundScalar(this.state.roleTree.consumedForGuarantee(node, name));
        }
      }
      return {
        role,
        weight: this.state.weights.get(role) ?? 1,
        policy: this.state.policies.get(role) ?? 'drf',
        quota: this.state.quotas.get(role),
        allocated,
        consumed,
        share: this.roleShare(role),
        frameworks: subscribed.get(role) ?? 0,
      };
    });
  }

  /** Scalars of kind `name` lent as revocable resources and not yet recovered, cluster-wide. */
  lentTotal(name: string): number {
    return this.state.lentTotal.get(name) ?? 0;
  }

  /** Lent resources outstanding, per framework, agent and role (for tests and operators). */
  lent(): { frameworkId: string; agentId: string; role: string; resources: Resource[]; revoking: Resource[] }[] {
    const out = [];
    for (const agent of this.state.agents.values()) {
      for (const entry of agent.lent.values()) {
        out.push({
          frameworkId: entry.frameworkId,
          agentId: entry.agentId,
          role: entry.role,
          resources: [...entry.quantities].map(([name, amount]) => revocableScalar(name, amount)),
          revoking: [...entry.revoking].map(([name, amount]) => revocableScalar(name, amount)),
        });
      }
    }
    return out;
  }

  // ---------- the cycle, inside ----------

  private beginCycle(nowMs: number): Cycle {
    const cycle: Cycle = {
      nowMs,
      quotas: this.state.roleTree.hasQuotas,
      demandRoles: new Set(),
      stage1Roles: new Set(),
      limitBlocked: new Set(),
      requiredActive: new Map(),
      requiredIdle: new Map(),
      topUnmet: new Map(),
      activeTops: new Set(),
      output: [],
      outputIndex: new Map(),
    };
    for (const framework of this.state.frameworks.values()) {
      for (const role of framework.roles)
        if (frameworkBlock(framework, role) === undefined) cycle.demandRoles.add(role);
    }
    if (!cycle.quotas) return cycle;
    const tree = this.state.roleTree;
    const withDemand = new Set<RoleNode>();
    for (const role of cycle.demandRoles) {
      for (let node = tree.get(role); node !== undefined && !withDemand.has(node); node = node.parent) {
        withDemand.add(node);
      }
    }
    for (const top of tree.topGuaranteedRoles()) {
      const unmet = tree.unmetTree(top);
      cycle.topUnmet.set(top, unmet);
      const active = withDemand.has(top);
      if (active) cycle.activeTops.add(top);
      for (const [name, amount] of unmet) bump(active ? cycle.requiredActive : cycle.requiredIdle, name, amount);
    }
    if (cycle.activeTops.size > 0) {
      for (const role of cycle.demandRoles) if (tree.guaranteeNeed(role).size > 0) cycle.stage1Roles.add(role);
    }
    return cycle;
  }

  /**
   * Active agents in this cycle's visiting order (see AllocatorOptions.placement):
   * all of them, or those of `agentIds` the model knows. Both start from
   * code-point order, so the order does not depend on how the IDs were given.
   */
  private placementOrder(agentIds?: Iterable<string>): AgentState[] {
    const agents: AgentState[] = [];
    if (agentIds === undefined) {
      this.sortedAgentIds ??= [...this.state.agents.keys()].sort();
      for (const id of this.sortedAgentIds) {
        const agent = this.state.agents.get(id);
        if (agent !== undefined && agent.active) agents.push(agent);
      }
    } else {
      for (const id of [...new Set(agentIds)].sort()) {
        const agent = this.state.agents.get(id);
        if (agent !== undefined && agent.active) agents.push(agent);
      }
    }
    if (this.placement === 'binpack') {
      return agents.sort((a, b) => a.freeCpus - b.freeCpus || a.freeMemMb - b.freeMemMb || (a.id < b.id ? -1 : 1));
    }
    return shuffleInPlace(agents, this.random);
  }

  private hasAllocatable(agent: AgentState): boolean {
    return (
      agent.available.length > 0 &&
      (agent.freeCpus >= this.minFragment.cpus || agent.freeMemMb >= this.minFragment.memMb)
    );
  }

  /** Offers one agent to roles in order; after each allocation the order is walked again from the start. */
  private allocateAgent(agent: AgentState, stage: 1 | 2, cycle: Cycle): void {
    if (!this.hasAllocatable(agent)) return;
    const candidates = stage === 1 ? cycle.stage1Roles : cycle.demandRoles;
    const tried = new Set<string>();
    let again = true;
    let exhausted = false;
    while (again && !exhausted) {
      again = false;
      this.state.roleSorter.visitInOrder((role) => {
        if (!candidates.has(role) || cycle.limitBlocked.has(role) || tried.has(role)) return false;
        tried.add(role);
        const allocated = this.allocateRole(agent, role, stage, cycle);
        if (!this.hasAllocatable(agent)) exhausted = true;
        // An allocation changed the order: stop this walk and start over.
        again = allocated;
        return allocated || exhausted;
      });
    }
  }

  /** Offers what `role` may take of the agent to its frameworks in order. Returns whether anything was allocated. */
  private allocateRole(agent: AgentState, role: string, stage: 1 | 2, cycle: Cycle): boolean {
    const sorter = this.state.frameworkSorters.get(role);
    if (sorter === undefined) return false;
    let cut = this.cutFor(agent, role, stage, cycle);
    if (cut === undefined) return false;
    let granted: Set<string> | undefined;
    let allocated = false;
    let again = true;
    while (again && cut !== undefined) {
      again = false;
      sorter.visitInOrder((frameworkId) => {
        if (granted?.has(frameworkId) === true) return false;
        const framework = this.state.frameworks.get(frameworkId);
        if (framework === undefined || frameworkBlock(framework, role) !== undefined) return false;
        const grant = this.grantFor(framework, agent, cut as Cut, cycle.nowMs);
        if (grant === undefined) return false;
        this.grant(agent, frameworkId, role, grant, cycle);
        allocated = true;
        // The order changed; what is left for the role (if anything) goes to the others, from the start.
        cut = this.hasAllocatable(agent) ? this.cutFor(agent, role, stage, cycle) : undefined;
        granted ??= new Set();
        granted.add(frameworkId);
        again = true;
        return true;
      });
    }
    return allocated;
  }

  /** What the role may have of the agent's available resources. */
  private allocatableFor(agent: AgentState, role: string): Resource[] {
    return agent.availablePlain ? agent.available : allocatableToRole(agent.available, role);
  }

  /**
   * What `role` may take from the agent in this stage: its reservations, and
   * unreserved resources within its limits and the headroom. Undefined when
   * nothing is worth offering.
   */
  private cutFor(agent: AgentState, role: string, stage: 1 | 2, cycle: Cycle): Cut | undefined {
    const forRole = this.allocatableFor(agent, role);
    if (forRole.length === 0) return undefined;
    if (!cycle.quotas) return { base: forRole, lendable: undefined, withLent: undefined };
    const tree = this.state.roleTree;
    if (roleAtLimit(tree, role, this.minFragment)) {
      cycle.limitBlocked.add(role);
      return undefined;
    }
    const room = tree.limitRoom(role);
    const need = tree.guaranteeNeed(role);
    if (stage === 1 && need.size === 0) {
      cycle.stage1Roles.delete(role);
      return undefined;
    }
    const base: Resource[] = [];
    let lendable: Map<string, number> | undefined;
    let cutDown = false;
    // Room under the limits left for this cut; every unreserved or revocable entry of a kind takes from it.
    const roomLeft = room === undefined ? undefined : new Map(room);
    const take = (name: string, amount: number): void => {
      const left = roomLeft?.get(name);
      if (left !== undefined && roomLeft !== undefined) roomLeft.set(name, left - amount);
    };
    for (const r of forRole) {
      if (r.reservation !== undefined || r.type !== 'scalar') {
        base.push(r);
        continue;
      }
      const ceiling = roomLeft?.get(r.name) ?? Infinity;
      if (r.revocable === true) {
        const amount = floor3(Math.min(r.scalar, ceiling));
        if (amount > 0) base.push(amount === r.scalar ? r : { ...r, scalar: amount });
        if (amount !== r.scalar) cutDown = true;
        take(r.name, amount);
        continue;
      }
      const own = need.get(r.name) ?? 0;
      const surplus = Math.max(
        0,
        (this.state.freeUnreserved.get(r.name) ?? 0) +
          (this.state.lentTotal.get(r.name) ?? 0) -
          (cycle.requiredActive.get(r.name) ?? 0) -
          (cycle.requiredIdle.get(r.name) ?? 0),
      );
      const cap = stage === 1 ? (own > 0 ? own : surplus) : surplus + own;
      const amount = floor3(Math.min(r.scalar, cap, ceiling));
      if (amount > 0) base.push(amount === r.scalar ? r : { ...r, scalar: amount });
      if (amount !== r.scalar) cutDown = true;
      take(r.name, amount);
      // NOTE: nothing is lent on an agent that has native revocable resources of the
      // kind: a lent amount and a native one would be the same resource on the wire,
      // and whoever reads the allocation (the master, a snapshot) could not tell them apart.
      if (stage === 2 && !hasNativeRevocable(agent, r.name)) {
        const idle = (cycle.requiredIdle.get(r.name) ?? 0) - (this.state.lentTotal.get(r.name) ?? 0);
        const lend = floor3(Math.min(r.scalar - amount, idle, ceiling - amount));
        if (lend > 0) {
          lendable ??= new Map();
          lendable.set(r.name, lend);
          take(r.name, lend);
        }
      }
    }
    if (base.length === 0 && lendable === undefined) return undefined;
    const offered = cutDown ? base : forRole;
    if (lendable === undefined) return { base: offered, lendable, withLent: undefined };
    const lentResources = normalizeResources([...lendable].map(([name, amount]) => revocableScalar(name, amount)));
    const lentShape = normalizeResources([...lendable].map(([name, amount]) => unreservedScalar(name, amount)));
    const withLent = { resources: addResources(offered, lentResources), agentPart: addResources(offered, lentShape) };
    return { base: offered, lendable, withLent };
  }

  /**
   * The framework's part of a cut, decided by the eligibility chain
   * (`agentVerdict`: GPU capability, revocable resources, minimum fragment,
   * refuse filters), or undefined when it may have none of it.
   */
  private grantFor(framework: FrameworkState, agent: AgentState, cut: Cut, nowMs: number): Grant | undefined {
    const lending = cut.withLent !== undefined && framework.capabilities.has('REVOCABLE_RESOURCES');
    const candidate = lending && cut.withLent !== undefined ? cut.withLent.resources : cut.base;
    const verdict = agentVerdict(framework, agent, candidate, nowMs, this.minFragment);
    if (verdict.kind !== 'offerable') return undefined;
    if (!lending || cut.withLent === undefined) {
      return { resources: verdict.resources, agentPart: verdict.resources, lent: undefined };
    }
    return { resources: verdict.resources, agentPart: cut.withLent.agentPart, lent: cut.lendable };
  }

  /** Accounts a grant and adds it to the cycle's output. */
  private grant(agent: AgentState, frameworkId: string, role: string, grant: Grant, cycle: Cycle): void {
    this.recordAllocation(agent, frameworkId, role, grant.resources);
    this.setAvailable(
      agent,
      grant.agentPart === agent.available ? [] : subtractSorted(agent.available, grant.agentPart),
    );
    if (grant.lent !== undefined) this.addLent(agent, frameworkId, role, grant.lent);
    if (!cycle.quotas) {
      // NOTE: without quotas a framework takes everything its role may have of the agent at once, so
      // it is never granted twice on one agent in a cycle and the output needs no merging.
      cycle.output.push({ frameworkId, agentId: agent.id, role, resources: grant.resources });
      return;
    }
    const key = `${frameworkId}\u0000${agent.id}\u0000${role}`;
    const at = cycle.outputIndex.get(key);
    const previous = at === undefined ? undefined : cycle.output[at];
    if (at === undefined || previous === undefined) {
      cycle.outputIndex.set(key, cycle.output.length);
      cycle.output.push({ frameworkId, agentId: agent.id, role, resources: grant.resources });
    } else {
      cycle.output[at] = { ...previous, resources: addResources(previous.resources, grant.resources) };
    }
    this.updateRequired(role, cycle);
  }

  /** Re-evaluates the unmet guarantee of the guaranteed tree `role` is in, after its consumption changed. */
  private updateRequired(role: string, cycle: Cycle): void {
    const top = this.state.roleTree.topGuaranteed(role);
    if (top === undefined) return;
    const before = cycle.topUnmet.get(top) ?? new Map<string, number>();
    const after = this.state.roleTree.unmetTree(top);
    const required = cycle.activeTops.has(top) ? cycle.requiredActive : cycle.requiredIdle;
    for (const name of new Set([...before.keys(), ...after.keys()])) {
      bump(required, name, (after.get(name) ?? 0) - (before.get(name) ?? 0));
    }
    cycle.topUnmet.set(top, after);
  }

  /**
   * After stage 1: when roles with demand still miss guarantees that free
   * unreserved resources cannot cover, revokes lent resources to cover the
   * shortfall, in a deterministic order (agent, framework, role). Lent
   * resources already named in an outstanding revocation are not named again.
   */
  private revokeForGuarantees(cycle: Cycle): void {
    const state = this.state;
    if (state.lentTotal.size === 0 || cycle.requiredActive.size === 0) return;
    const shortfall = new Map<string, number>();
    for (const [name, required] of cycle.requiredActive) {
      const uncovered = Math.min(required - (state.freeUnreserved.get(name) ?? 0), state.lentTotal.get(name) ?? 0);
      const amount = floor3(uncovered - (state.revokingTotal.get(name) ?? 0));
      if (amount > 0) shortfall.set(name, amount);
    }
    if (shortfall.size === 0) return;
    const owners = [...cycle.activeTops]
      .filter((top) => (cycle.topUnmet.get(top)?.size ?? 0) > 0)
      .map((top) => top.path)
      .sort();
    const reason = `the guarantee of ${owners.length === 1 ? 'role' : 'roles'} ${owners.join(', ')} needs them back`;
    const entries: LentEntry[] = [];
    for (const agent of state.agents.values()) for (const entry of agent.lent.values()) entries.push(entry);
    entries.sort(
      (a, b) =>
        compareStrings(a.agentId, b.agentId) ||
        compareStrings(a.frameworkId, b.frameworkId) ||
        compareStrings(a.role, b.role),
    );
    for (const entry of entries) {
      const resources: Resource[] = [];
      for (const [name, missing] of shortfall) {
        const revocable = (entry.quantities.get(name) ?? 0) - (entry.revoking.get(name) ?? 0);
        const amount = floor3(Math.min(missing, revocable));
        if (amount <= 0) continue;
        bump(entry.revoking, name, amount);
        bump(state.revokingTotal, name, amount);
        bump(shortfall, name, -amount);
        resources.push(revocableScalar(name, amount));
      }
      if (resources.length > 0) {
        this.revocations.push({
          frameworkId: entry.frameworkId,
          agentId: entry.agentId,
          role: entry.role,
          resources: normalizeResources(resources),
          reason,
        });
      }
      if (shortfall.size === 0) break;
    }
  }

  /** Resources held back for unmet guarantees right now (for explain): active and idle, per kind. */
  private heldBack(): { active: Map<string, number>; idle: Map<string, number>; roles: string[] } {
    const cycle = this.beginCycle(0);
    const roles = [...cycle.topUnmet].filter(([, unmet]) => unmet.size > 0).map(([node]) => node.path);
    return { active: cycle.requiredActive, idle: cycle.requiredIdle, roles: roles.sort() };
  }

  // ---------- internals ----------

  private emptyState(): ClusterState {
    const pool = new ResourcePool();
    return {
      agents: new Map(),
      frameworks: new Map(),
      allocationIndex: new Map(),
      pool,
      roleSorter: new HierarchicalDrfSorter({ excludeResourceNames: this.excludeResourceNames, pool }),
      frameworkSorters: new Map(),
      weights: new Map(),
      quotas: new Map(),
      policies: new Map(),
      roleTree: new RoleTree(),
      freeUnreserved: new Map(),
      lentTotal: new Map(),
      revokingTotal: new Map(),
    };
  }

  private requireAgent(agentId: string): AgentState {
    const agent = this.state.agents.get(agentId);
    if (agent === undefined) throw new UnknownAgentError(agentId);
    return agent;
  }

  private requireFramework(frameworkId: string): FrameworkState {
    const framework = this.state.frameworks.get(frameworkId);
    if (framework === undefined) throw new UnknownFrameworkError(frameworkId);
    return framework;
  }

  private validateFramework(spec: FrameworkSpec): void {
    if (spec.id === '') throw new InvalidSpecError('framework ID is required');
    if (spec.roles.length === 0) throw new InvalidSpecError(`framework ${spec.id}: at least one role is required`);
    this.validateRoles(spec.roles, `framework ${spec.id}`);
    this.validateRoles(spec.suppressedRoles, `framework ${spec.id} suppressed roles`);
  }

  private validateRoles(roles: readonly string[], where: string): void {
    for (const role of roles) if (!isValidRole(role)) throw new InvalidRoleError(role, where);
  }

  private setActive(framework: FrameworkState, active: boolean): void {
    if (framework.active && !active) framework.filters.clear();
    framework.active = active;
  }

  /** Roles the framework is subscribed to or holds allocations in. */
  private rolesOf(frameworkId: string): Set<string> {
    const roles = new Set(this.state.frameworks.get(frameworkId)?.roles ?? []);
    for (const role of this.state.allocationIndex.get(frameworkId)?.keys() ?? []) roles.add(role);
    return roles;
  }

  /** Adds (sign 1) or removes (sign -1) an agent total: the sorters' pool and the reservations per role. */
  private changeTotal(total: Resources, sign: 1 | -1): void {
    this.state.pool.change(scalarQuantities(total), sign);
    for (const [role, quantities] of reservedByRole(total)) this.state.roleTree.addReserved(role, quantities, sign);
  }

  private clientOptions(frameworkId: string): { tieBreak: number; priority: number } {
    const framework = this.state.frameworks.get(frameworkId);
    return {
      tieBreak: framework?.subscriptionSequence ?? UNKNOWN_FRAMEWORK_TIE_BREAK,
      priority: framework?.priority ?? 0,
    };
  }

  /** Makes sure the role is tracked and the framework is a client of the role's sorter (options up to date). */
  private ensureFrameworkClient(frameworkId: string, role: string): Sorter {
    let sorter = this.state.frameworkSorters.get(role);
    if (sorter === undefined) {
      sorter = this.createFrameworkSorter(this.state.policies.get(role) ?? 'drf', this.state.pool);
      this.state.frameworkSorters.set(role, sorter);
      this.state.roleSorter.add(role);
      this.state.roleTree.ensure(role);
    }
    sorter.add(frameworkId, this.clientOptions(frameworkId));
    return sorter;
  }

  /** Stops tracking the framework in the role when it is neither subscribed nor holding allocations there. */
  private releaseFrameworkClientIfUnused(frameworkId: string, role: string): void {
    if (this.state.frameworks.get(frameworkId)?.roles.includes(role) === true) return;
    if (this.state.allocationIndex.get(frameworkId)?.has(role) === true) return;
    const sorter = this.state.frameworkSorters.get(role);
    if (sorter === undefined) return;
    sorter.remove(frameworkId);
    if (sorter.size === 0) {
      this.state.frameworkSorters.delete(role);
      this.state.roleSorter.remove(role);
    }
  }

  /** Accounts `resources` as allocated (agent, index, sorters, quota). Does not touch `available`. */
  private recordAllocation(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): void {
    if (resources.length === 0) return;
    let byRole = agent.allocations.get(frameworkId);
    if (byRole === undefined) {
      byRole = new Map();
      agent.allocations.set(frameworkId, byRole);
    }
    const existing = byRole.get(role);
    byRole.set(role, existing === undefined ? resources : addResources(existing, resources));
    let index = this.state.allocationIndex.get(frameworkId);
    if (index === undefined) {
      index = new Map();
      this.state.allocationIndex.set(frameworkId, index);
    }
    let agentIds = index.get(role);
    if (agentIds === undefined) {
      agentIds = new Set();
      index.set(role, agentIds);
    }
    agentIds.add(agent.id);
    const split = splitScalars(resources);
    const sorter = this.state.frameworkSorters.get(role);
    if (sorter !== undefined && sorter.contains(frameworkId)) sorter.allocated(frameworkId, split.all);
    else this.ensureFrameworkClient(frameworkId, role).allocated(frameworkId, split.all);
    this.state.roleSorter.allocated(role, split.all);
    this.state.roleTree.addAllocation(role, split.unreserved, split.revocable, 1);
  }

  /** Reverses `recordAllocation`; `resources` must be contained in the allocation. Does not touch `available`. */
  private forgetAllocation(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): void {
    const byRole = agent.allocations.get(frameworkId);
    const current = byRole?.get(role);
    if (byRole === undefined || current === undefined) return;
    const left = resources === current ? [] : subtractSorted(current, resources);
    if (left.length > 0) {
      byRole.set(role, left);
    } else {
      byRole.delete(role);
      if (byRole.size === 0) agent.allocations.delete(frameworkId);
      const index = this.state.allocationIndex.get(frameworkId);
      const agentIds = index?.get(role);
      agentIds?.delete(agent.id);
      if (agentIds?.size === 0) index?.delete(role);
      if (index?.size === 0) this.state.allocationIndex.delete(frameworkId);
    }
    const split = splitScalars(resources);
    this.state.frameworkSorters.get(role)?.unallocated(frameworkId, split.all);
    this.state.roleSorter.unallocated(role, split.all);
    this.state.roleTree.addAllocation(role, split.unreserved, split.revocable, -1);
    if (left.length === 0) this.releaseFrameworkClientIfUnused(frameworkId, role);
  }

  /**
   * Frees allocated resources: forgets the allocation and makes them available
   * again; lent resources go back in their unreserved shape.
   */
  private release(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): void {
    const agentPart = this.returnLent(agent, frameworkId, role, resources);
    this.forgetAllocation(agent, frameworkId, role, resources);
    if (agent.overcommitted) this.refreshAvailable(agent);
    else this.setAvailable(agent, addResources(agent.available, agentPart));
  }

  /** The agent's shape of resources the framework gives back, ending their loan (and its revocation) as it goes. */
  private returnLent(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): Resource[] {
    const key = lentKey(frameworkId, role);
    const entry = agent.lent.get(key);
    if (entry === undefined) return resources;
    const out = asUnreserved(entry, resources, (name, back) => {
      bump(entry.quantities, name, -back);
      bump(this.state.lentTotal, name, -back);
      const revoking = entry.revoking.get(name) ?? 0;
      const stillRevoking = Math.min(revoking, entry.quantities.get(name) ?? 0);
      bump(entry.revoking, name, stillRevoking - revoking);
      bump(this.state.revokingTotal, name, stillRevoking - revoking);
    });
    if (entry.quantities.size === 0) agent.lent.delete(key);
    return out;
  }

  private addLent(agent: AgentState, frameworkId: string, role: string, quantities: ReadonlyMap<string, number>): void {
    const key = lentKey(frameworkId, role);
    let entry = agent.lent.get(key);
    if (entry === undefined) {
      entry = { frameworkId, agentId: agent.id, role, quantities: new Map(), revoking: new Map() };
      agent.lent.set(key, entry);
    }
    for (const [name, amount] of quantities) {
      bump(entry.quantities, name, amount);
      bump(this.state.lentTotal, name, amount);
    }
  }

  /**
   * For an agent added with allocations (a snapshot): revocable scalars
   * allocated beyond the agent's own revocable resources are lent unreserved
   * resources; records them as loans. Returns whether there were any.
   */
  private adoptLent(agent: AgentState): boolean {
    const nativeLeft = new Map<string, number>();
    for (const r of agent.total) {
      if (r.type === 'scalar' && r.revocable === true) bump(nativeLeft, r.name, r.scalar);
    }
    let any = false;
    for (const [frameworkId, byRole] of agent.allocations) {
      for (const [role, resources] of byRole) {
        const lent = new Map<string, number>();
        for (const r of resources) {
          if (r.type !== 'scalar' || r.revocable !== true || r.reservation !== undefined) continue;
          const native = Math.min(r.scalar, nativeLeft.get(r.name) ?? 0);
          bump(nativeLeft, r.name, -native);
          if (r.scalar - native > EPSILON) lent.set(r.name, roundScalar(r.scalar - native));
        }
        if (lent.size > 0) {
          this.addLent(agent, frameworkId, role, lent);
          any = true;
        }
      }
    }
    return any;
  }

  /** Takes a loan off the cluster-wide totals (its agent is going away). */
  private dropLent(entry: LentEntry): void {
    for (const [name, amount] of entry.quantities) bump(this.state.lentTotal, name, -amount);
    for (const [name, amount] of entry.revoking) bump(this.state.revokingTotal, name, -amount);
  }

  /** Sets `available` and everything derived from it (see AgentState). */
  private setAvailable(agent: AgentState, available: Resource[]): void {
    let plain = true;
    let cpus = 0;
    let mem = 0;
    for (const r of available) {
      if (r.reservation !== undefined || r.revocable === true) plain = false;
      if (r.type !== 'scalar') continue;
      if (r.name === 'cpus') cpus += r.scalar;
      else if (r.name === 'mem') mem += r.scalar;
    }
    agent.available = available;
    agent.availablePlain = plain;
    agent.freeCpus = roundScalar(cpus);
    agent.freeMemMb = roundScalar(mem);
    if (!this.headroomTracked) return;
    const freeUnreserved = new Map<string, number>();
    for (const r of available) {
      if (r.type === 'scalar' && r.reservation === undefined && r.revocable !== true)
        freeUnreserved.set(r.name, r.scalar);
    }
    if (agent.active) {
      const cluster = this.state.freeUnreserved;
      for (const [name, amount] of agent.freeUnreserved) bump(cluster, name, -amount);
      for (const [name, amount] of freeUnreserved) bump(cluster, name, amount);
    }
    agent.freeUnreserved = freeUnreserved;
  }

  /** Recomputes `available` from the total and all allocations (lent resources in their unreserved shape). */
  private refreshAvailable(agent: AgentState): void {
    let allocated: Resource[] = [];
    for (const [frameworkId, byRole] of agent.allocations) {
      for (const [role, resources] of byRole) {
        allocated = addResources(allocated, this.agentShape(agent, frameworkId, role, resources));
      }
    }
    agent.overcommitted = !containsResources(agent.total, allocated);
    this.setAvailable(agent, subtractSorted(agent.total, allocated));
  }

  /** The agent's view of an allocation: lent revocable scalars as the unreserved resources they are. */
  private agentShape(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): Resource[] {
    const entry = agent.lent.get(lentKey(frameworkId, role));
    return entry === undefined ? resources : asUnreserved(entry, resources);
  }

  /** Drops filters that expired by `nowMs`. O(1) until one may have; then O(filters). */
  private expireFilters(nowMs: number): void {
    if (nowMs < this.nextFilterExpiryMs) return;
    let next = Infinity;
    for (const framework of this.state.frameworks.values()) {
      if (framework.filters.size === 0) continue;
      for (const [agentId, filters] of framework.filters) {
        const live = liveFilters(filters, nowMs);
        if (live.length === 0) {
          framework.filters.delete(agentId);
          continue;
        }
        if (live !== filters) framework.filters.set(agentId, live);
        for (const filter of live) next = Math.min(next, filter.untilMs);
      }
    }
    this.nextFilterExpiryMs = next;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A quota vector as kind → amount. Zero amounts are kept (a limit of 0 allows none). */
function quotaQuantities(role: string, resources: Resources, field: 'guarantee' | 'limit'): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of resources) {
    if (r.type !== 'scalar') throw new InvalidQuotaError(role, `${field} ${r.name} must be a scalar`);
    if (r.reservation !== undefined) throw new InvalidQuotaError(role, `${field} ${r.name} must be unreserved`);
    if (r.revocable === true) throw new InvalidQuotaError(role, `${field} ${r.name} must not be revocable`);
    if (!Number.isFinite(r.scalar) || r.scalar < 0) {
      throw new InvalidQuotaError(role, `${field} ${r.name}:${r.scalar} must be a finite amount >= 0`);
    }
    out.set(r.name, roundScalar((out.get(r.name) ?? 0) + r.scalar));
  }
  if (field === 'guarantee') for (const [name, amount] of out) if (amount === 0) out.delete(name);
  return out;
}

function agentView(agent: AgentState): AgentView {
  const allocated: AllocatedResources[] = [];
  for (const [frameworkId, byRole] of agent.allocations) {
    for (const [role, resources] of byRole) allocated.push({ frameworkId, role, resources });
  }
  return {
    id: agent.id,
    hostname: agent.hostname,
    total: agent.total,
    attributes: agent.attributes,
    active: agent.active,
    available: agent.available,
    allocated,
  };
}

function frameworkView(framework: FrameworkState): FrameworkView {
  return {
    id: framework.id,
    name: framework.name,
    roles: [...framework.roles],
    capabilities: [...framework.capabilities],
    active: framework.active,
    suppressedRoles: [...framework.suppressedRoles],
    subscriptionSequence: framework.subscriptionSequence,
    priority: framework.priority,
    filters: [...framework.filters]
      .flatMap(([agentId, filters]) =>
        filters.map((filter): FilterView => ({ agentId, untilMs: filter.untilMs, refused: filter.refused })),
      )
      .sort((a, b) => compareStrings(a.agentId, b.agentId) || a.untilMs - b.untilMs),
  };
}

/**
 * `resources` with the lent revocable scalars of `entry` shown as the unreserved
 * resources they are (any revocable amount beyond the loan stays revocable);
 * `onLent` hears each lent amount found, in order.
 */
function asUnreserved(
  entry: LentEntry,
  resources: readonly Resource[],
  onLent: (name: string, amount: number) => void = () => {},
): Resource[] {
  const out: Resource[] = [];
  for (const r of resources) {
    const lentAmount = r.type === 'scalar' && r.revocable === true ? (entry.quantities.get(r.name) ?? 0) : 0;
    if (lentAmount <= 0 || r.type !== 'scalar') {
      out.push(r);
      continue;
    }
    const lent = Math.min(r.scalar, lentAmount);
    out.push(unreservedScalar(r.name, lent));
    if (r.scalar > lent) out.push({ ...r, scalar: roundScalar(r.scalar - lent) });
    onLent(r.name, lent);
  }
  return normalizeResources(out);
}

/** Whether the agent itself offers revocable resources of this kind (not lent ones). */
function hasNativeRevocable(agent: AgentState, name: string): boolean {
  return agent.total.some((r) => r.name === name && r.revocable === true);
}
