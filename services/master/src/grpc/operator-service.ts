import type * as grpc from '@grpc/grpc-js';
import { resourcesFromProto, type v1 } from '@tessera/proto';
import { unary, type Logger } from '@tessera/runtime';
import type { AllocatorLink } from '../allocator-link.js';
import {
  agentViewToProto,
  frameworkViewToProto,
  offerToProto,
  quotaFromProto,
  quotaToProto,
  roleViewToProto,
  taskViewToProto,
} from '../convert.js';
import { LimitExceededError, MAX_ID_LENGTH, Registry } from '../core/index.js';
import { AllocatorUnavailableError, InvalidOperatorRequestError, MASTER_ERRORS } from '../errors.js';
import type { Master } from '../master.js';

export interface OperatorDeps {
  master: Master;
  allocator: AllocatorLink;
  info: () => v1.MasterInfo;
  logger: Logger;
}

/** tessera.v1.Operator: cluster state and administration, through the master's core like every other caller. */
export function operatorService(deps: OperatorDeps): grpc.UntypedServiceImplementation {
  const { master, allocator, logger } = deps;
  const call = <Req, Res>(handler: (request: Req) => Promise<Res> | Res) =>
    unary<Req, Res>(MASTER_ERRORS, logger, handler);

  const agents = () => [...master.agents.values()].map((a) => agentViewToProto(master.agentView(a)));
  const frameworks = () => [...master.frameworks.values()].map((f) => frameworkViewToProto(master.frameworkView(f)));
  const tasks = (filter: { frameworkId?: string; agentId?: string } = {}) =>
    [...master.tasks.values(), ...master.completedTasks.values()]
      .filter((t) => (filter.frameworkId ? t.frameworkId === filter.frameworkId : true))
      .filter((t) => (filter.agentId ? t.agentId === filter.agentId : true))
      .map((t) => taskViewToProto(Registry.taskView(t)));
  const roles = () => master.roles().map(roleViewToProto);
  const offers = () => [...master.offers.values()].map((o) => offerToProto(o, master.agents.get(o.agentId)?.info));

  return {
    GetState: call<v1.GetStateRequest__Output, v1.GetStateResponse>(() => ({
      masterInfo: deps.info(),
      agents: agents(),
      frameworks: frameworks(),
      tasks: tasks(),
      roles: roles(),
      offers: offers(),
      allocatorConnected: allocator.connected(),
    })),
    GetAgents: call<v1.GetAgentsRequest__Output, v1.GetAgentsResponse>(() => ({ agents: agents() })),
    GetFrameworks: call<v1.GetFrameworksRequest__Output, v1.GetFrameworksResponse>(() => ({
      frameworks: frameworks(),
    })),
    GetTasks: call<v1.GetTasksRequest__Output, v1.GetTasksResponse>((request) => ({
      tasks: tasks({
        ...(request.frameworkId?.value ? { frameworkId: request.frameworkId.value } : {}),
        ...(request.agentId?.value ? { agentId: request.agentId.value } : {}),
      }),
    })),
    GetRoles: call<v1.GetRolesRequest__Output, v1.GetRolesResponse>(() => ({ roles: roles() })),
    GetQuota: call<v1.GetQuotaRequest__Output, v1.GetQuotaResponse>(() => ({
      quotas: [...master.quotas.values()].map(quotaToProto),
    })),
    SetQuota: call<v1.SetQuotaRequest__Output, v1.SetQuotaResponse>(async (request) => {
      const quota = request.quota;
      if (quota === null || quota === undefined) throw new InvalidOperatorRequestError('quota is required');
      await master.setQuota(quotaFromProto(quota));
      return {};
    }),
    RemoveQuota: call<v1.RemoveQuotaRequest__Output, v1.RemoveQuotaResponse>(async (request) => {
      await master.removeQuota(request.role);
      return {};
    }),
    GetWeights: call<v1.GetWeightsRequest__Output, v1.GetWeightsResponse>(() => ({
      weights: [...master.weights.entries()].map(([role, weight]) => ({ role, weight })),
    })),
    UpdateWeights: call<v1.UpdateWeightsRequest__Output, v1.UpdateWeightsResponse>(async (request) => {
      await master.updateWeights(request.weights.map((w) => ({ role: w.role, weight: w.weight })));
      return {};
    }),
    SetRolePolicy: call<v1.SetRolePolicyRequest__Output, v1.SetRolePolicyResponse>(async (request) => {
      await master.setRolePolicy(request.role, String(request.policy));
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
      const policy = request.killPolicy;
      master.drainAgent(
        request.agentId?.value ?? '',
        policy === null || policy === undefined ? undefined : policy.gracePeriodSeconds,
      );
      return {};
    }),
    ReactivateAgent: call<v1.ReactivateAgentRequest__Output, v1.ReactivateAgentResponse>((request) => {
      master.reactivateAgent(request.agentId?.value ?? '');
      return {};
    }),
    ExplainAllocation: call<v1.ExplainRequest__Output, v1.ExplainResponse>(async (request) => {
      // NOTE: bounded here, so that an oversized ID never reaches (and stalls) the allocator link.
      for (const [field, value, max] of [
        ['framework_id', request.frameworkId?.value ?? '', MAX_ID_LENGTH],
        ['role', request.role, MAX_ID_LENGTH],
      ] as const) {
        if (value.length > max) throw new LimitExceededError(field, `${max} characters`);
      }
      if (!allocator.connected()) throw new AllocatorUnavailableError('the allocator is not connected');
      return allocator.explain(request);
    }),
  };
}
