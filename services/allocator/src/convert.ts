/**
 * The edge between tessera.v1 and the core: every wire message is converted to
 * domain types here, once, and every answer back. Nothing else in the service
 * reads generated types' fields.
 *
 * Wire conventions handled here: times are seconds since the epoch (the core uses
 * ms), a `refuse_seconds` of 0 means the default of 5 s, an unspecified queue
 * policy means DRF, and empty role lists mean "all roles".
 */
import { DEFAULT_REFUSE_SECONDS } from '@tessera/domain';
import { attributesFromProto, resourcesFromProto, resourcesToProto, type v1 } from '@tessera/proto';
import type {
  AgentSpec,
  Allocation,
  Explanation,
  FrameworkCapability,
  FrameworkSpec,
  QueuePolicy,
  QuotaSpec,
  RefuseFilter,
  Revocation,
  RolePolicySpec,
  Snapshot,
  WeightSpec,
} from './core/index.js';
import { InvalidRequestError } from './errors.js';

/** One master request in domain terms. */
export type AllocatorCommand =
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly kind: 'agentAdded'; readonly agent: AgentSpec }
  | { readonly kind: 'agentUpdated'; readonly agentId: string; readonly total: AgentSpec['total'] }
  | { readonly kind: 'agentRemoved'; readonly agentId: string }
  | { readonly kind: 'agentActive'; readonly agentId: string; readonly active: boolean }
  | { readonly kind: 'frameworkAdded'; readonly framework: FrameworkSpec }
  | { readonly kind: 'frameworkUpdated'; readonly framework: FrameworkSpec }
  | { readonly kind: 'frameworkRemoved'; readonly frameworkId: string }
  | { readonly kind: 'frameworkActive'; readonly frameworkId: string; readonly active: boolean }
  | { readonly kind: 'suppress'; readonly frameworkId: string; readonly roles: readonly string[] }
  | { readonly kind: 'revive'; readonly frameworkId: string; readonly roles: readonly string[] }
  | {
      readonly kind: 'recover';
      readonly frameworkId: string;
      readonly agentId: string;
      readonly role: string;
      readonly resources: AgentSpec['total'];
      readonly filter: RefuseFilter | undefined;
    }
  | {
      readonly kind: 'updateAllocation';
      readonly frameworkId: string;
      readonly agentId: string;
      readonly role: string;
      readonly from: AgentSpec['total'];
      readonly to: AgentSpec['total'];
    }
  | { readonly kind: 'quotaSet'; readonly quota: QuotaSpec }
  | { readonly kind: 'quotaRemoved'; readonly role: string }
  | { readonly kind: 'weightsSet'; readonly weights: readonly WeightSpec[] }
  | { readonly kind: 'policySet'; readonly policy: RolePolicySpec };

export interface AllocatorRequestIn {
  /** The master's clock in ms since the epoch; undefined when the master sent 0. */
  readonly nowMs: number | undefined;
  readonly command: AllocatorCommand;
}

/** Seconds since the epoch (wire) → ms (core); 0 or absent → undefined. */
export function msFromSeconds(seconds: number): number | undefined {
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}

function requiredId(id: { value: string } | null | undefined, field: string): string {
  if (id === null || id === undefined || id.value === '') throw new InvalidRequestError(`${field} is required`);
  return id.value;
}

function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw new InvalidRequestError(`${field} is required`);
  return value;
}

const CAPABILITIES: ReadonlySet<string> = new Set<FrameworkCapability>([
  'REVOCABLE_RESOURCES',
  'TASK_KILLING_STATE',
  'GPU_RESOURCES',
  'PARTITION_AWARE',
  'MULTI_ROLE',
]);

function policyFromProto(policy: v1.QueuePolicy__Output): QueuePolicy {
  switch (policy) {
    case 'FIFO':
      return 'fifo';
    case 'PRIORITY':
      return 'priority';
    default:
      return 'drf';
  }
}

export function agentFromProto(agent: v1.AllocatorAgent__Output, field = 'agent'): AgentSpec {
  const id = requiredId(agent.id, `${field}.id`);
  return {
    id,
    hostname: agent.hostname,
    total: resourcesFromProto(agent.total),
    attributes: attributesFromProto(agent.attributes),
    active: agent.active,
    allocated: agent.allocated.map((allocated, index) => ({
      frameworkId: requiredId(allocated.frameworkId, `${field}.allocated[${index}].framework_id`),
      role: allocated.role,
      resources: resourcesFromProto(allocated.resources),
    })),
  };
}

export function frameworkFromProto(framework: v1.AllocatorFramework__Output, field = 'framework'): FrameworkSpec {
  const info = required(framework.info, `${field}.info`);
  return {
    id: requiredId(info.id, `${field}.info.id`),
    name: info.name,
    roles: [...info.roles],
    capabilities: info.capabilities.filter((c): c is FrameworkCapability => CAPABILITIES.has(c)),
    active: framework.active,
    suppressedRoles: [...framework.suppressedRoles],
    subscriptionSequence: framework.subscriptionSequence,
    priority: info.priority,
  };
}

/**
 * NOTE: a limit of 0 for a kind ("no cpus at all") differs from an absent kind
 * (unlimited), but resource normalization drops zero scalars; zeros in the
 * limit are kept here explicitly.
 */
export function quotaFromProto(quota: v1.Quota__Output): QuotaSpec {
  const zeros = quota.limit
    .filter((r) => r.type === 'SCALAR' && r.scalar === 0 && r.reservation === null && !r.revocable && r.name !== '')
    .map((r) => ({ name: r.name, type: 'scalar' as const, scalar: 0 }));
  return {
    role: quota.role,
    guarantee: resourcesFromProto(quota.guarantee),
    limit: [...resourcesFromProto(quota.limit), ...zeros],
  };
}

function weightsFromProto(weights: readonly v1.WeightInfo__Output[]): WeightSpec[] {
  return weights.map((w) => ({ role: w.role, weight: w.weight }));
}

function policyEntryFromProto(policy: v1.RolePolicy__Output): RolePolicySpec {
  return { role: policy.role, policy: policyFromProto(policy.policy) };
}

export function snapshotFromProto(snapshot: v1.AllocatorSnapshot__Output): Snapshot {
  return {
    agents: snapshot.agents.map((a, i) => agentFromProto(a, `snapshot.agents[${i}]`)),
    frameworks: snapshot.frameworks.map((f, i) => frameworkFromProto(f, `snapshot.frameworks[${i}]`)),
    quotas: snapshot.quotas.map(quotaFromProto),
    weights: weightsFromProto(snapshot.weights),
    policies: snapshot.policies.map(policyEntryFromProto),
  };
}

/**
 * A recovery carries a filter when `has_filters` is set or `filters` is present;
 * `refuse_seconds` 0 means the default of 5 s (common.proto's Filters).
 */
function filterFromProto(recover: v1.AllocatorRequest__Output['recover'] & object): RefuseFilter | undefined {
  if (!recover.hasFilters && recover.filters === null) return undefined;
  const refuseSeconds = recover.filters?.refuseSeconds ?? 0;
  return { refuseSeconds: refuseSeconds === 0 ? DEFAULT_REFUSE_SECONDS : refuseSeconds };
}

function commandFromProto(request: v1.AllocatorRequest__Output): AllocatorCommand {
  switch (request.request) {
    case 'snapshot':
      return { kind: 'snapshot', snapshot: snapshotFromProto(required(request.snapshot, 'snapshot')) };
    case 'agentAdded':
      return { kind: 'agentAdded', agent: agentFromProto(required(request.agentAdded, 'agent_added'), 'agent_added') };
    case 'agentUpdated': {
      const m = required(request.agentUpdated, 'agent_updated');
      return {
        kind: 'agentUpdated',
        agentId: requiredId(m.agentId, 'agent_updated.agent_id'),
        total: resourcesFromProto(m.total),
      };
    }
    case 'agentRemoved': {
      const m = required(request.agentRemoved, 'agent_removed');
      return { kind: 'agentRemoved', agentId: requiredId(m.agentId, 'agent_removed.agent_id') };
    }
    case 'agentActive': {
      const m = required(request.agentActive, 'agent_active');
      return { kind: 'agentActive', agentId: requiredId(m.agentId, 'agent_active.agent_id'), active: m.active };
    }
    case 'frameworkAdded':
      return {
        kind: 'frameworkAdded',
        framework: frameworkFromProto(required(request.frameworkAdded, 'framework_added'), 'framework_added'),
      };
    case 'frameworkUpdated':
      return {
        kind: 'frameworkUpdated',
        framework: frameworkFromProto(required(request.frameworkUpdated, 'framework_updated'), 'framework_updated'),
      };
    case 'frameworkRemoved': {
      const m = required(request.frameworkRemoved, 'framework_removed');
      return { kind: 'frameworkRemoved', frameworkId: requiredId(m.frameworkId, 'framework_removed.framework_id') };
    }
    case 'frameworkActive': {
      const m = required(request.frameworkActive, 'framework_active');
      return {
        kind: 'frameworkActive',
        frameworkId: requiredId(m.frameworkId, 'framework_active.framework_id'),
        active: m.active,
      };
    }
    case 'suppress': {
      const m = required(request.suppress, 'suppress');
      return { kind: 'suppress', frameworkId: requiredId(m.frameworkId, 'suppress.framework_id'), roles: [...m.roles] };
    }
    case 'revive': {
      const m = required(request.revive, 'revive');
      return { kind: 'revive', frameworkId: requiredId(m.frameworkId, 'revive.framework_id'), roles: [...m.roles] };
    }
    case 'recover': {
      const m = required(request.recover, 'recover');
      return {
        kind: 'recover',
        frameworkId: requiredId(m.frameworkId, 'recover.framework_id'),
        agentId: requiredId(m.agentId, 'recover.agent_id'),
        role: m.role,
        resources: resourcesFromProto(m.resources),
        filter: filterFromProto(m),
      };
    }
    case 'updateAllocation': {
      const m = required(request.updateAllocation, 'update_allocation');
      return {
        kind: 'updateAllocation',
        frameworkId: requiredId(m.frameworkId, 'update_allocation.framework_id'),
        agentId: requiredId(m.agentId, 'update_allocation.agent_id'),
        role: m.role,
        from: resourcesFromProto(m.from),
        to: resourcesFromProto(m.to),
      };
    }
    case 'quotaSet':
      return { kind: 'quotaSet', quota: quotaFromProto(required(request.quotaSet, 'quota_set')) };
    case 'quotaRemoved':
      return { kind: 'quotaRemoved', role: required(request.quotaRemoved, 'quota_removed').role };
    case 'weightsSet':
      return { kind: 'weightsSet', weights: weightsFromProto(required(request.weightsSet, 'weights_set').weights) };
    case 'policySet':
      return { kind: 'policySet', policy: policyEntryFromProto(required(request.policySet, 'policy_set')) };
    case undefined:
      throw new InvalidRequestError('request has no command (one of snapshot, agent_added, ...)');
  }
}

/** Converts a master request. Throws InvalidRequestError or InvalidResourceError (naming the field). */
export function requestFromProto(request: v1.AllocatorRequest__Output): AllocatorRequestIn {
  const nowSeconds = request.request === 'snapshot' && request.now === 0 ? (request.snapshot?.now ?? 0) : request.now;
  return { nowMs: msFromSeconds(nowSeconds), command: commandFromProto(request) };
}

export function allocationToProto(allocation: Allocation): v1.Allocation {
  return {
    frameworkId: { value: allocation.frameworkId },
    agentId: { value: allocation.agentId },
    role: allocation.role,
    resources: resourcesToProto(allocation.resources),
  };
}

export function allocationsResponse(allocations: readonly Allocation[], cycle: number): v1.AllocatorResponse {
  return { allocations: { allocations: allocations.map(allocationToProto), cycle } };
}

export function revocationsResponse(revocations: readonly Revocation[]): v1.AllocatorResponse {
  return {
    revocations: {
      revocations: revocations.map((revocation) => ({
        frameworkId: { value: revocation.frameworkId },
        agentId: { value: revocation.agentId },
        role: revocation.role,
        resources: resourcesToProto(revocation.resources),
        reason: revocation.reason,
      })),
    },
  };
}

export function snapshotAppliedResponse(agents: number, frameworks: number): v1.AllocatorResponse {
  return { snapshotApplied: { agents, frameworks } };
}

export function explanationToProto(explanation: Explanation): v1.ExplainResponse {
  return {
    summary: explanation.summary,
    reasons: explanation.reasons.map((reason) => ({
      code: reason.code,
      message: reason.message,
      agentIds: reason.agentIds.map((value) => ({ value })),
      until: reason.untilMs === undefined ? 0 : reason.untilMs / 1000,
      role: reason.role ?? '',
    })),
  };
}
