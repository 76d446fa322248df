import {
  addResources,
  allocatableToRole,
  containsResources,
  equalResources,
  isEmptyResources,
  isValidRole,
  normalizeResources,
  subtractResources,
  type Resource,
  type Resources,
} from '@tessera/domain';
import { DrfSorter } from './drf-sorter.js';
import { agentVerdict, frameworkBlock, type MinFragment } from './eligibility.js';
import {
  DuplicateAgentError,
  DuplicateFrameworkError,
  InvalidAllocationUpdateError,
  InvalidFilterError,
  InvalidRoleError,
  InvalidSpecError,
  InvalidWeightError,
  UnknownAgentError,
  UnknownFrameworkError,
} from './errors.js';
import { explainFramework, type Explanation } from './explain.js';
import type {
  AgentSpec,
  AgentView,
  AllocatedResources,
  Allocation,
  AllocatorOptions,
  FrameworkSpec,
  FrameworkView,
  QueuePolicy,
  QuotaSpec,
  RecoverResult,
  RefuseFilter,
  Snapshot,
  WeightSpec,
} from './model.js';
import { mulberry32, shuffleInPlace, type Random } from './random.js';
import {
  addQuantitiesInto,
  hasScalar,
  intersectResources,
  scalarQuantities,
  subtractClamped,
} from './resource-math.js';
import type { Sorter, SorterFactory } from './sorter.js';
import type { AgentState, ClusterState, FrameworkState } from './state.js';

export const DEFAULT_MIN_ALLOCATABLE_CPUS = 0.01;
export const DEFAULT_MIN_ALLOCATABLE_MEM_MB = 32;
export const DEFAULT_FAIRNESS_EXCLUDE_RESOURCE_NAMES: readonly string[] = ['gpus'];
/** Seed of the default PRNG when no `random` is given (deterministic on purpose). */
export const DEFAULT_SEED = 0x7e55e7a;

export interface AllocatorCoreOptions extends AllocatorOptions {
  /**
   * Makes the sorter over roles and the sorter over each role's frameworks.
   * Default: `DrfSorter` excluding `fairnessExcludeResourceNames`. The seam for
   * Hierarchical DRF and for the FIFO / priority queue policies.
   */
  readonly createSorter?: SorterFactory;
}

/** Frameworks the model does not know (allocations in a snapshot naming them) sort after every known one. */
const UNKNOWN_FRAMEWORK_TIE_BREAK = Number.MAX_SAFE_INTEGER;

/**
 * The allocator's pure core: the cluster model the master keeps in sync with
 * deltas, and the allocation cycle (plain DRF over roles, then over each role's
 * frameworks, Mesos style).
 *
 * No I/O, no clock, no ambient randomness: time comes in as `nowMs` (ms since
 * the epoch, on the master's clock) and randomness through `options.random`.
 * Every method either applies completely or throws one of the errors in
 * `errors.ts` and leaves the model untouched. Not thread-safe; not re-entrant.
 */
export class Allocator {
  private readonly minFragment: MinFragment;
  private readonly random: Random;
  private readonly createSorter: SorterFactory;
  private state: ClusterState;

  constructor(options: AllocatorCoreOptions = {}) {
    this.minFragment = {
      cpus: options.minAllocatableCpus ?? DEFAULT_MIN_ALLOCATABLE_CPUS,
      memMb: options.minAllocatableMemMb ?? DEFAULT_MIN_ALLOCATABLE_MEM_MB,
    };
    this.random = options.random ?? mulberry32(DEFAULT_SEED);
    const excludeResourceNames = options.fairnessExcludeResourceNames ?? DEFAULT_FAIRNESS_EXCLUDE_RESOURCE_NAMES;
    this.createSorter = options.createSorter ?? (() => new DrfSorter({ excludeResourceNames }));
    this.state = this.emptyState();
  }

  // ---------- whole model ----------

  /**
   * Replaces the whole model (agents, frameworks, weights, quotas, policies) with
   * the master's snapshot. Filters are dropped: the master does not keep them.
   * Atomic: a snapshot that fails validation leaves the previous model in place.
   */
  loadSnapshot(snapshot: Snapshot): void {
    const previous = this.state;
    this.state = this.emptyState();
    try {
      this.setWeights(snapshot.weights);
      for (const quota of snapshot.quotas) this.setQuota(quota);
      for (const policy of snapshot.policies) this.setPolicy(policy.role, policy.policy);
      for (const framework of snapshot.frameworks) this.addFramework(framework);
      for (const agent of snapshot.agents) this.addAgent(agent);
    } catch (error) {
      this.state = previous;
      throw error;
    }
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
    const total = normalizeResources(spec.total);
    const agent: AgentState = {
      id: spec.id,
      hostname: spec.hostname,
      total,
      attributes: [...spec.attributes],
      active: spec.active,
      hasGpus: hasScalar(total, 'gpus'),
      allocations: new Map(),
      available: total,
      overcommitted: false,
    };
    this.state.agents.set(agent.id, agent);
    this.changeTotal(scalarQuantities(total), 1);
    for (const allocated of spec.allocated) {
      this.recordAllocation(agent, allocated.frameworkId, allocated.role, normalizeResources(allocated.resources));
    }
    this.refreshAvailable(agent);
  }

  /**
   * The agent's total changed (re-registration, static reservations). Its
   * allocations are kept; if they no longer fit, the agent offers nothing until
   * enough is recovered. Throws UnknownAgentError.
   */
  updateAgentTotal(agentId: string, total: Resources): void {
    const agent = this.requireAgent(agentId);
    const next = normalizeResources(total);
    this.changeTotal(scalarQuantities(agent.total), -1);
    this.changeTotal(scalarQuantities(next), 1);
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
    this.changeTotal(scalarQuantities(agent.total), -1);
    this.state.agents.delete(agentId);
    for (const framework of this.state.frameworks.values()) framework.filters.delete(agentId);
    return true;
  }

  /** An inactive (draining) agent keeps its allocations and gets no new ones. Throws UnknownAgentError. */
  setAgentActive(agentId: string, active: boolean): void {
    this.requireAgent(agentId).active = active;
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
   * (declined, unused, task ended). Frees at most what is allocated and reports
   * the rest as `notAllocated`. With a filter of `refuseSeconds > 0`, the agent
   * is not allocated to the framework (in any role) before
   * `nowMs + refuseSeconds * 1000`; a longer filter already in place is kept.
   * An unknown agent or framework is tolerated (nothing to free; no filter).
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
    const requested = normalizeResources(resources);
    const agent = this.state.agents.get(agentId);
    if (agent === undefined) return { recovered: [], notAllocated: requested };
    const allocated = agent.allocations.get(frameworkId)?.get(role) ?? [];
    const recovered = intersectResources(requested, allocated);
    const notAllocated = subtractResources(requested, recovered);
    if (recovered.length > 0) this.release(agent, frameworkId, role, recovered);
    const framework = this.state.frameworks.get(frameworkId);
    if (framework !== undefined && filter !== undefined && filter.refuseSeconds > 0) {
      const untilMs = nowMs + filter.refuseSeconds * 1000;
      framework.filters.set(agentId, Math.max(untilMs, framework.filters.get(agentId) ?? -Infinity));
    }
    return { recovered, notAllocated };
  }

  /**
   * Allocated resources changed shape (RESERVE / UNRESERVE on an offer): `from`
   * is replaced by `to` in the framework's allocation in `role` and in the
   * agent's total. Throws UnknownAgentError, or InvalidAllocationUpdateError when
   * `from` is not allocated or `to` is reserved to a role outside `role`'s ancestry.
   */
  updateAllocation(frameworkId: string, agentId: string, role: string, from: Resources, to: Resources): void {
    const agent = this.requireAgent(agentId);
    const fromResources = normalizeResources(from);
    const toResources = normalizeResources(to);
    const allocated = agent.allocations.get(frameworkId)?.get(role) ?? [];
    if (!containsResources(allocated, fromResources)) {
      throw new InvalidAllocationUpdateError(
        `framework ${frameworkId} in role ${role} on agent ${agentId}: "from" is not allocated`,
      );
    }
    if (!equalResources(allocatableToRole(toResources, role), toResources)) {
      throw new InvalidAllocationUpdateError(
        `framework ${frameworkId} in role ${role} on agent ${agentId}: "to" is reserved to a role outside ${role}`,
      );
    }
    this.forgetAllocation(agent, frameworkId, role, fromResources);
    this.recordAllocation(agent, frameworkId, role, toResources);
    const total = addResources(subtractClamped(agent.total, fromResources), toResources);
    this.changeTotal(scalarQuantities(agent.total), -1);
    this.changeTotal(scalarQuantities(total), 1);
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

  /** Stores a role's quota (enforced in a later issue). Replaces any previous one. */
  setQuota(quota: QuotaSpec): void {
    if (!isValidRole(quota.role)) throw new InvalidRoleError(quota.role, 'quota');
    this.state.quotas.set(quota.role, {
      role: quota.role,
      guarantee: normalizeResources(quota.guarantee),
      limit: normalizeResources(quota.limit),
    });
  }

  /** Idempotent. */
  removeQuota(role: string): void {
    this.state.quotas.delete(role);
  }

  /** Stores a role's queue policy (only 'drf' is implemented in this issue). */
  setPolicy(role: string, policy: QueuePolicy): void {
    if (!isValidRole(role)) throw new InvalidRoleError(role, 'policy');
    this.state.policies.set(role, policy);
  }

  // ---------- the cycle ----------

  /**
   * One allocation cycle. Visits the active agents in a random order; on each,
   * walks roles in DRF order and, within a role, frameworks in DRF order
   * (ties: subscription sequence). The first eligible framework gets everything
   * on the agent that its role may have; shares are updated at once, so the
   * next agent sees the new order. Filters that expired by `nowMs` are dropped.
   *
   * The returned allocations are already accounted as allocated: the master
   * must RecoverResources whatever it does not use.
   */
  allocate(nowMs: number): Allocation[] {
    this.expireFilters(nowMs);
    const allocations: Allocation[] = [];
    const agentIds = shuffleInPlace([...this.state.agents.keys()].sort(), this.random);
    for (const agentId of agentIds) {
      const agent = this.state.agents.get(agentId);
      if (agent === undefined || !agent.active) continue;
      for (const role of this.state.roleSorter.sort()) {
        if (agent.available.length === 0) break;
        const frameworkSorter = this.state.frameworkSorters.get(role);
        if (frameworkSorter === undefined) continue;
        let forRole = allocatableToRole(agent.available, role);
        for (const frameworkId of frameworkSorter.sort()) {
          if (forRole.length === 0) break;
          const framework = this.state.frameworks.get(frameworkId);
          if (framework === undefined || frameworkBlock(framework, role) !== undefined) continue;
          const verdict = agentVerdict(framework, agent, forRole, nowMs, this.minFragment);
          if (verdict.kind !== 'offerable') continue;
          this.recordAllocation(agent, frameworkId, role, verdict.resources);
          agent.available = subtractResources(agent.available, verdict.resources);
          forRole = subtractResources(forRole, verdict.resources);
          allocations.push({ frameworkId, agentId, role, resources: verdict.resources });
        }
      }
    }
    return allocations;
  }

  /** Why the framework is or is not being allocated resources (in `role`, or in all its roles). Throws UnknownFrameworkError. */
  explain(frameworkId: string, nowMs: number, role?: string): Explanation {
    return explainFramework(this.state, this.requireFramework(frameworkId), nowMs, this.minFragment, role);
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

  /** The role's dominant share (unweighted), as the role sorter measures it. */
  roleShare(role: string): number {
    return this.state.roleSorter.share(role);
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

  // ---------- internals ----------

  private emptyState(): ClusterState {
    return {
      agents: new Map(),
      frameworks: new Map(),
      allocationIndex: new Map(),
      clusterTotal: new Map(),
      roleSorter: this.createSorter(),
      frameworkSorters: new Map(),
      weights: new Map(),
      quotas: new Map(),
      policies: new Map(),
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

  /** Adds (or shrinks, with sign -1) the pool of every sorter. */
  private changeTotal(quantities: ReadonlyMap<string, number>, sign: 1 | -1): void {
    addQuantitiesInto(this.state.clusterTotal, quantities, sign);
    const sorters = [this.state.roleSorter, ...this.state.frameworkSorters.values()];
    for (const sorter of sorters) {
      if (sign === 1) sorter.addTotal(quantities);
      else sorter.removeTotal(quantities);
    }
  }

  /** Makes sure the role is tracked and the framework is a client of the role's sorter (tie-break up to date). */
  private ensureFrameworkClient(frameworkId: string, role: string): Sorter {
    let sorter = this.state.frameworkSorters.get(role);
    if (sorter === undefined) {
      sorter = this.createSorter();
      sorter.addTotal(this.state.clusterTotal);
      this.state.frameworkSorters.set(role, sorter);
      this.state.roleSorter.add(role);
    }
    const tieBreak = this.state.frameworks.get(frameworkId)?.subscriptionSequence ?? UNKNOWN_FRAMEWORK_TIE_BREAK;
    sorter.add(frameworkId, { tieBreak });
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

  /** Accounts `resources` as allocated (agent, index, sorters). Does not touch `available`. */
  private recordAllocation(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): void {
    if (isEmptyResources(resources)) return;
    let byRole = agent.allocations.get(frameworkId);
    if (byRole === undefined) {
      byRole = new Map();
      agent.allocations.set(frameworkId, byRole);
    }
    byRole.set(role, addResources(byRole.get(role) ?? [], resources));
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
    const quantities = scalarQuantities(resources);
    this.ensureFrameworkClient(frameworkId, role).allocated(frameworkId, quantities);
    this.state.roleSorter.allocated(role, quantities);
  }

  /** Reverses `recordAllocation`; `resources` must be contained in the allocation. Does not touch `available`. */
  private forgetAllocation(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): void {
    const byRole = agent.allocations.get(frameworkId);
    const current = byRole?.get(role);
    if (byRole === undefined || current === undefined) return;
    const left = subtractResources(current, resources);
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
    const quantities = scalarQuantities(resources);
    this.state.frameworkSorters.get(role)?.unallocated(frameworkId, quantities);
    this.state.roleSorter.unallocated(role, quantities);
    if (left.length === 0) this.releaseFrameworkClientIfUnused(frameworkId, role);
  }

  /** Frees allocated resources: forgets the allocation and makes them available again. */
  private release(agent: AgentState, frameworkId: string, role: string, resources: Resource[]): void {
    this.forgetAllocation(agent, frameworkId, role, resources);
    if (agent.overcommitted) this.refreshAvailable(agent);
    else agent.available = addResources(agent.available, resources);
  }

  /** Recomputes `available` from the total and all allocations. */
  private refreshAvailable(agent: AgentState): void {
    let allocated: Resource[] = [];
    for (const byRole of agent.allocations.values()) {
      for (const resources of byRole.values()) allocated = addResources(allocated, resources);
    }
    agent.overcommitted = !containsResources(agent.total, allocated);
    agent.available = subtractClamped(agent.total, allocated);
  }

  private expireFilters(nowMs: number): void {
    for (const framework of this.state.frameworks.values()) {
      for (const [agentId, untilMs] of framework.filters) if (untilMs <= nowMs) framework.filters.delete(agentId);
    }
  }
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
    filters: [...framework.filters].map(([agentId, untilMs]) => ({ agentId, untilMs })),
  };
}
