import {
  addResources,
  DEFAULT_FAIRNESS_EXCLUDED_RESOURCES,
  dominantShare,
  isTerminalTaskState,
  isValidRole,
  scalarQuantities,
  type Resource,
} from '@tessera/domain';
import type { StepContext } from './context.js';
import {
  InvalidPolicyError,
  InvalidQuotaError,
  InvalidWeightsError,
  LimitExceededError,
  NoQuotaError,
} from './errors.js';
import { MAX_BATCH_ITEMS, MAX_RESOURCES_PER_ITEM, quote } from './limits.js';
import type { QueuePolicy, Quota } from './model.js';
import { quotaProblems } from './quota.js';
import type { Registry } from './registry.js';

const POLICIES: readonly string[] = ['DRF', 'FIFO', 'PRIORITY'];

/** Operator: sets a role's quota (validated against every other role's; see quotaProblems). */
export function setQuota(ctx: StepContext, quota: Quota): void {
  if (quota.guarantee.length + quota.limit.length > MAX_RESOURCES_PER_ITEM)
    throw new LimitExceededError('quota', `${MAX_RESOURCES_PER_ITEM} resources`);
  const problems = quotaProblems(quota, ctx.registry.quotas);
  if (problems.length > 0) throw new InvalidQuotaError(quota.role, problems);
  ctx.registry.quotas.set(quota.role, quota);
  ctx.fx.persist({ type: 'putQuota', quota });
  ctx.fx.toAllocator({ type: 'quotaSet', quota });
}

/** Operator: removes a role's quota; refused when it has none. */
export function removeQuota(ctx: StepContext, role: string): void {
  if (!ctx.registry.quotas.has(role)) throw new NoQuotaError(role);
  ctx.registry.quotas.delete(role);
  ctx.fx.persist({ type: 'deleteQuota', role });
  ctx.fx.toAllocator({ type: 'quotaRemoved', role });
}

/** Operator: sets roles' weights (each a number > 0); all or nothing. */
export function updateWeights(ctx: StepContext, weights: readonly { role: string; weight: number }[]): void {
  if (weights.length > MAX_BATCH_ITEMS) throw new LimitExceededError('weights', `${MAX_BATCH_ITEMS} weights`);
  const problems = weights.flatMap((w) =>
    !isValidRole(w.role)
      ? [`${quote(w.role)} is not a valid role`]
      : !Number.isFinite(w.weight) || w.weight <= 0
        ? [`weight of ${w.role} must be a number > 0, got ${w.weight}`]
        : [],
  );
  if (weights.length === 0) problems.push('no weights given');
  if (problems.length > 0) throw new InvalidWeightsError(problems);
  for (const w of weights) {
    ctx.registry.weights.set(w.role, w.weight);
    ctx.fx.persist({ type: 'putWeight', role: w.role, weight: w.weight });
  }
  ctx.fx.toAllocator({ type: 'weightsSet', weights: weights.map((w) => ({ role: w.role, weight: w.weight })) });
}

/** Operator: sets how a role orders its frameworks (DRF, FIFO or PRIORITY). */
export function setRolePolicy(ctx: StepContext, role: string, policy: string): void {
  const problems: string[] = [];
  if (!isValidRole(role)) problems.push(`${quote(role)} is not a valid role`);
  if (!POLICIES.includes(policy)) problems.push(`policy must be DRF, FIFO or PRIORITY, got ${quote(policy)}`);
  if (problems.length > 0) throw new InvalidPolicyError(problems);
  const queuePolicy = policy as QueuePolicy;
  ctx.registry.policies.set(role, queuePolicy);
  ctx.fx.persist({ type: 'putPolicy', role, policy: queuePolicy });
  ctx.fx.toAllocator({ type: 'policySet', role, policy: queuePolicy });
}

/** A role as the operator sees it. */
export interface RoleView {
  readonly role: string;
  readonly weight: number;
  readonly quota: Quota | undefined;
  readonly policy: QueuePolicy;
  /** What its live tasks use and its offers hold. */
  readonly allocated: readonly Resource[];
  /** By the allocator's rule: the largest share of a scalar kind of the connected agents' totals, gpus excluded. */
  readonly dominantShare: number;
  readonly frameworkIds: readonly string[];
}

/**
 * Every role named by a quota, a weight, a policy or a framework, sorted.
 * Ended tasks hold nothing; unreachable ones are not counted until their agent is back.
 */
export function roleViews(
  registry: Registry,
  excluded: ReadonlySet<string> = new Set(DEFAULT_FAIRNESS_EXCLUDED_RESOURCES),
): RoleView[] {
  const names = new Set<string>([...registry.quotas.keys(), ...registry.weights.keys(), ...registry.policies.keys()]);
  for (const f of registry.frameworks.values()) for (const role of f.info.roles) names.add(role);
  const allocated = new Map<string, Resource[]>();
  const members = new Map<string, string[]>();
  for (const task of registry.tasks.values()) {
    if (task.status.state === 'TASK_UNREACHABLE' || isTerminalTaskState(task.status.state)) continue;
    allocated.set(task.role, addResources(allocated.get(task.role) ?? [], task.resources));
  }
  for (const offer of registry.offers.values())
    allocated.set(offer.role, addResources(allocated.get(offer.role) ?? [], offer.resources));
  for (const f of registry.frameworks.values())
    for (const role of f.info.roles) members.set(role, [...(members.get(role) ?? []), f.id]);
  const pool = scalarQuantities(
    [...registry.agents.values()].filter((a) => a.connection !== undefined).flatMap((a) => a.total),
  );
  return [...names].sort().map((role) => ({
    role,
    weight: registry.weights.get(role) ?? 1,
    quota: registry.quotas.get(role),
    policy: registry.policies.get(role) ?? 'DRF',
    allocated: allocated.get(role) ?? [],
    dominantShare: dominantShare(scalarQuantities(allocated.get(role) ?? []), pool, excluded),
    frameworkIds: members.get(role) ?? [],
  }));
}
