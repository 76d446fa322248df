import type * as grpc from '@grpc/grpc-js';
import { addResources, isTerminalTaskState, isValidRole, scalarTotals, type Resource } from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, taskStateFromProto, type v1 } from '@tessera/proto';
import { unary, type Logger } from '@tessera/runtime';
import type { AllocatorLink } from './allocator-link.js';
import { quotaProblems, type QuotaSpec } from './core/index.js';
import { AllocatorUnavailableError, InvalidOperatorRequestError, MASTER_ERRORS } from './errors.js';
import type { Master } from './master.js';
import type { RegistryStore } from './persistence.js';

export interface OperatorDeps {
  master: Master;
  registry: RegistryStore;
  allocator: AllocatorLink;
  info: () => v1.MasterInfo;
  logger: Logger;
}

function quotaSpec(quota: v1.Quota__Output): QuotaSpec {
  // Zero amounts stay: a limit of cpus:0 allows no cpus.
  return {
    role: quota.role,
    guarantee: resourcesFromProto(quota.guarantee, { keepZeroScalars: true }),
    limit: resourcesFromProto(quota.limit, { keepZeroScalars: true }),
  };
}

/** tessera.v1.Operator: cluster state and administration. */
export function operatorService(deps: OperatorDeps): grpc.UntypedServiceImplementation {
  const { master, registry, allocator, logger } = deps;
  const call = <Req, Res>(handler: (request: Req) => Promise<Res> | Res) =>
    unary<Req, Res>(MASTER_ERRORS, logger, handler);

  const agents = () => [...master.agents.values()].map((a) => master.agentState(a));
  const frameworks = () => [...master.frameworks.values()].map((f) => master.frameworkState(f));
  const roles = (): v1.RoleState[] => {
    const names = new Set<string>([...master.quotas.keys(), ...master.weights.keys(), ...master.policies.keys()]);
    for (const f of master.frameworks.values()) for (const role of f.info.roles) names.add(role);
    const allocated = new Map<string, Resource[]>();
    const members = new Map<string, string[]>();
    for (const task of master.tasks.values()) {
      const state = taskStateFromProto(task.status.state);
      // Ended tasks hold nothing; unreachable ones are not counted until their agent is back.
      if (isTerminalTaskState(state) || state === 'TASK_UNREACHABLE') continue;
      allocated.set(task.role, addResources(allocated.get(task.role) ?? [], task.resources));
    }
    for (const { view } of master.offers.values())
      allocated.set(view.role, addResources(allocated.get(view.role) ?? [], view.resources));
    for (const f of master.frameworks.values())
      for (const role of f.info.roles) members.set(role, [...(members.get(role) ?? []), f.id]);
    const clusterTotals = scalarTotals(
      [...master.agents.values()].filter((a) => a.connection !== undefined).flatMap((a) => a.total),
    );
    return [...names].sort().map((role) => {
      const mine = scalarTotals(allocated.get(role) ?? []);
      let share = 0;
      for (const [name, amount] of mine) {
        const total = clusterTotals.get(name) ?? 0;
        if (name !== 'ports' && name !== 'gpus' && total > 0) share = Math.max(share, amount / total);
      }
      return {
        role,
        weight: master.weights.get(role) ?? 1,
        quota: master.quotas.get(role) ?? null,
        allocated: resourcesToProto(allocated.get(role) ?? []),
        dominantShare: share,
        frameworkIds: (members.get(role) ?? []).map((value) => ({ value })),
        policy: (master.policies.get(role) ?? 'DRF') as v1.QueuePolicy,
      } satisfies v1.RoleState;
    });
  };

  return {
    GetState: call<v1.GetStateRequest__Output, v1.GetStateResponse>(() => ({
      masterInfo: deps.info(),
      agents: agents(),
      frameworks: frameworks(),
      tasks: master.taskRecords(),
      roles: roles(),
      offers: master.offerProtos(),
      allocatorConnected: allocator.connected(),
    })),
    GetAgents: call<v1.GetAgentsRequest__Output, v1.GetAgentsResponse>(() => ({ agents: agents() })),
    GetFrameworks: call<v1.GetFrameworksRequest__Output, v1.GetFrameworksResponse>(() => ({
      frameworks: frameworks(),
    })),
    GetTasks: call<v1.GetTasksRequest__Output, v1.GetTasksResponse>((request) => ({
      tasks: master.taskRecords({
        ...(request.frameworkId?.value ? { frameworkId: request.frameworkId.value } : {}),
        ...(request.agentId?.value ? { agentId: request.agentId.value } : {}),
      }),
    })),
    GetRoles: call<v1.GetRolesRequest__Output, v1.GetRolesResponse>(() => ({ roles: roles() })),
    GetQuota: call<v1.GetQuotaRequest__Output, v1.GetQuotaResponse>(() => ({ quotas: [...master.quotas.values()] })),
    SetQuota: call<v1.SetQuotaRequest__Output, v1.SetQuotaResponse>(async (request) => {
      const quota = request.quota;
      if (quota === null || quota === undefined) throw new InvalidOperatorRequestError('quota is required');
      const spec = quotaSpec(quota);
      const others = new Map([...master.quotas.entries()].map(([role, q]) => [role, quotaSpec(q)]));
      const problems = quotaProblems(spec, others);
      if (problems.length > 0)
        throw new InvalidOperatorRequestError(`quota for ${quota.role} refused: ${problems.join('; ')}`);
      const normalized: v1.Quota = {
        role: spec.role,
        guarantee: resourcesToProto(spec.guarantee),
        limit: resourcesToProto(spec.limit),
      };
      await registry.commit([registry.putQuota(normalized)]);
      master.quotas.set(spec.role, normalized as v1.Quota__Output);
      allocator.send({ quotaSet: normalized });
      return {};
    }),
    RemoveQuota: call<v1.RemoveQuotaRequest__Output, v1.RemoveQuotaResponse>(async (request) => {
      if (!master.quotas.has(request.role)) throw new InvalidOperatorRequestError(`role ${request.role} has no quota`);
      await registry.commit([registry.deleteQuota(request.role)]);
      master.quotas.delete(request.role);
      allocator.send({ quotaRemoved: { role: request.role } });
      return {};
    }),
    GetWeights: call<v1.GetWeightsRequest__Output, v1.GetWeightsResponse>(() => ({
      weights: [...master.weights.entries()].map(([role, weight]) => ({ role, weight })),
    })),
    UpdateWeights: call<v1.UpdateWeightsRequest__Output, v1.UpdateWeightsResponse>(async (request) => {
      const problems = request.weights.flatMap((w) =>
        !isValidRole(w.role)
          ? [`${JSON.stringify(w.role)} is not a valid role`]
          : !Number.isFinite(w.weight) || w.weight <= 0
            ? [`weight of ${w.role} must be a number > 0, got ${w.weight}`]
            : [],
      );
      if (request.weights.length === 0) problems.push('no weights given');
      if (problems.length > 0) throw new InvalidOperatorRequestError(`weights refused: ${problems.join('; ')}`);
      await registry.commit(request.weights.map((w) => registry.putWeight({ role: w.role, weight: w.weight })));
      for (const w of request.weights) master.weights.set(w.role, w.weight);
      allocator.send({ weightsSet: { weights: request.weights } });
      return {};
    }),
    SetRolePolicy: call<v1.SetRolePolicyRequest__Output, v1.SetRolePolicyResponse>(async (request) => {
      const problems: string[] = [];
      if (!isValidRole(request.role)) problems.push(`${JSON.stringify(request.role)} is not a valid role`);
      if (!['DRF', 'FIFO', 'PRIORITY'].includes(String(request.policy))) {
        problems.push(`policy must be DRF, FIFO or PRIORITY, got ${String(request.policy)}`);
      }
      if (problems.length > 0) throw new InvalidOperatorRequestError(`policy refused: ${problems.join('; ')}`);
      await registry.commit([registry.putPolicy({ role: request.role, policy: request.policy })]);
      master.policies.set(request.role, String(request.policy));
      allocator.send({ policySet: { role: request.role, policy: request.policy } });
      return {};
    }),
    ReserveResources: call<v1.ReserveResourcesRequest__Output, v1.ReserveResourcesResponse>(async (request) => {
      await master.reserveResources(request.agentId?.value ?? '', resourcesFromProto(request.resources));
      return {};
    }),
    UnreserveResources: call<v1.UnreserveResourcesRequest__Output, v1.UnreserveResourcesResponse>(async (request) => {
      await master.unreserveResources(request.agentId?.value ?? '', resourcesFromProto(request.resources));
      return {};
    }),
    DrainAgent: call<v1.DrainAgentRequest__Output, v1.DrainAgentResponse>((request) => {
      master.drainAgent(request.agentId?.value ?? '', request.killPolicy);
      return {};
    }),
    ReactivateAgent: call<v1.ReactivateAgentRequest__Output, v1.ReactivateAgentResponse>((request) => {
      master.reactivateAgent(request.agentId?.value ?? '');
      return {};
    }),
    ExplainAllocation: call<v1.ExplainRequest__Output, v1.ExplainResponse>(async (request) => {
      if (!allocator.connected()) throw new AllocatorUnavailableError('the allocator is not connected');
      return allocator.explain(request);
    }),
  };
}
