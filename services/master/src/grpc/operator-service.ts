import type * as grpc from '@grpc/grpc-js';
import type { Action, Principal } from '@tessera/auth';
import type { Resource } from '@tessera/domain';
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
import type { MasterAuth } from '../auth.js';
import { audited, authorize, callerOf } from './caller.js';

export interface OperatorDeps {
  master: Master;
  auth: MasterAuth;
  allocator: AllocatorLink;
  info: () => v1.MasterInfo;
  logger: Logger;
}

/**
 * tessera.v1.Operator: cluster state and administration, through the master's core like every other caller.
 *
 * Every call is authenticated (callerOf). Each administrative action is authorised by its ACL on its object (a
 * refusal changes nothing) and recorded in the audit log with its outcome. Reads are filtered, not refused: a caller
 * sees the frameworks (and their offers and roles' framework IDs) that `view_frameworks` allows and the tasks that
 * `view_tasks` allows, both on the framework's principal; agents, quotas and weights are not filtered.
 */
export function operatorService(deps: OperatorDeps): grpc.UntypedServiceImplementation {
  const { master, allocator, auth, logger } = deps;
  const call = <Req, Res>(handler: (request: Req, principal: Principal) => Promise<Res> | Res) =>
    unary<Req, Res>(MASTER_ERRORS, logger, (request, unaryCall) => handler(request, callerOf(unaryCall, auth)));
  /** An administrative action: authorised on `objects` (all of them), then run and audited under `object`. */
  const act = <T>(
    principal: Principal,
    action: Action,
    objects: readonly string[],
    object: string,
    run: () => Promise<T> | T,
  ): Promise<T> => audited(auth, principal, action, object, authorize(auth, principal, action, objects), run);

  /** The principal of framework `id` ('' when unknown: removed, or never subscribed). */
  const principalOf = (frameworkId: string): string => master.frameworks.get(frameworkId)?.info.principal ?? '';
  const may = (principal: Principal, action: Action, frameworkId: string): boolean =>
    auth.authorizer.authorize(principal, action, principalOf(frameworkId)).allowed;

  const agents = () => [...master.agents.values()].map((a) => agentViewToProto(master.agentView(a)));
  const frameworks = (principal: Principal) =>
    [...master.frameworks.values()]
      .filter((f) => may(principal, 'view_frameworks', f.id))
      .map((f) => frameworkViewToProto(master.frameworkView(f)));
  const tasks = (principal: Principal, filter: { frameworkId?: string; agentId?: string } = {}) =>
    [...master.tasks.values(), ...master.completedTasks.values()]
      .filter((t) => (filter.frameworkId ? t.frameworkId === filter.frameworkId : true))
      .filter((t) => (filter.agentId ? t.agentId === filter.agentId : true))
      .filter((t) => may(principal, 'view_tasks', t.frameworkId))
      .map((t) => taskViewToProto(Registry.taskView(t)));
  const roles = (principal: Principal) =>
    master.roles().map((role) =>
      roleViewToProto({
        ...role,
        frameworkIds: role.frameworkIds.filter((id) => may(principal, 'view_frameworks', id)),
      }),
    );
  const offers = (principal: Principal) =>
    [...master.offers.values()]
      .filter((o) => may(principal, 'view_frameworks', o.frameworkId))
      .map((o) => offerToProto(o, master.agents.get(o.agentId)?.info));
  const hostnameOf = (agentId: string): string => master.agents.get(agentId)?.info.hostname ?? '';

  return {
    GetState: call<v1.GetStateRequest__Output, v1.GetStateResponse>((_request, principal) => ({
      masterInfo: deps.info(),
      agents: agents(),
      frameworks: frameworks(principal),
      tasks: tasks(principal),
      roles: roles(principal),
      offers: offers(principal),
      allocatorConnected: allocator.connected(),
    })),
    GetAgents: call<v1.GetAgentsRequest__Output, v1.GetAgentsResponse>(() => ({ agents: agents() })),
    GetFrameworks: call<v1.GetFrameworksRequest__Output, v1.GetFrameworksResponse>((_request, principal) => ({
      frameworks: frameworks(principal),
    })),
    GetTasks: call<v1.GetTasksRequest__Output, v1.GetTasksResponse>((request, principal) => ({
      tasks: tasks(principal, {
        ...(request.frameworkId?.value ? { frameworkId: request.frameworkId.value } : {}),
        ...(request.agentId?.value ? { agentId: request.agentId.value } : {}),
      }),
    })),
    GetRoles: call<v1.GetRolesRequest__Output, v1.GetRolesResponse>((_request, principal) => ({
      roles: roles(principal),
    })),
    GetQuota: call<v1.GetQuotaRequest__Output, v1.GetQuotaResponse>(() => ({
      quotas: [...master.quotas.values()].map(quotaToProto),
    })),
    SetQuota: call<v1.SetQuotaRequest__Output, v1.SetQuotaResponse>(async (request, principal) => {
      const quota = request.quota;
      if (quota === null || quota === undefined) throw new InvalidOperatorRequestError('quota is required');
      const converted = quotaFromProto(quota);
      await act(principal, 'set_quotas', [converted.role], converted.role, () => master.setQuota(converted));
      return {};
    }),
    RemoveQuota: call<v1.RemoveQuotaRequest__Output, v1.RemoveQuotaResponse>(async (request, principal) => {
      await act(principal, 'set_quotas', [request.role], request.role, () => master.removeQuota(request.role));
      return {};
    }),
    GetWeights: call<v1.GetWeightsRequest__Output, v1.GetWeightsResponse>(() => ({
      weights: [...master.weights.entries()].map(([role, weight]) => ({ role, weight })),
    })),
    UpdateWeights: call<v1.UpdateWeightsRequest__Output, v1.UpdateWeightsResponse>(async (request, principal) => {
      const roles = request.weights.map((w) => w.role);
      await act(principal, 'update_weights', roles, roles.join(','), () =>
        master.updateWeights(request.weights.map((w) => ({ role: w.role, weight: w.weight }))),
      );
      return {};
    }),
    // NOTE: a role's queue policy is authorised as `update_weights` on the role: both say how the role shares.
    SetRolePolicy: call<v1.SetRolePolicyRequest__Output, v1.SetRolePolicyResponse>(async (request, principal) => {
      await act(principal, 'update_weights', [request.role], request.role, () =>
        master.setRolePolicy(request.role, String(request.policy)),
      );
      return {};
    }),
    ReserveResources: call<v1.ReserveResourcesRequest__Output, v1.ReserveResourcesResponse>(
      async (request, principal) => {
        const agentId = request.agentId?.value ?? '';
        // The reservations record who made them (the object of `unreserve_resources`), whatever the request says.
        const resources = resourcesFromProto(request.resources).map((r) => reservedBy(r, principal));
        const roles = [...new Set(resources.map((r) => r.reservation?.role ?? ''))];
        await act(principal, 'reserve_resources', roles, `${agentId}:${roles.join(',')}`, () =>
          master.reserveResources(agentId, resources),
        );
        return {};
      },
    ),
    UnreserveResources: call<v1.UnreserveResourcesRequest__Output, v1.UnreserveResourcesResponse>(
      async (request, principal) => {
        const agentId = request.agentId?.value ?? '';
        // A reservation named without its principal is the caller's own (as `tessera reserve` recorded it).
        const resources = resourcesFromProto(request.resources).map((r) =>
          (r.reservation?.principal ?? '') === '' ? reservedBy(r, principal) : r,
        );
        const reservers = [...new Set(resources.map((r) => r.reservation?.principal ?? ''))];
        await act(principal, 'unreserve_resources', reservers, `${agentId}:${reservers.join(',')}`, () =>
          master.unreserveResources(agentId, resources),
        );
        return {};
      },
    ),
    DrainAgent: call<v1.DrainAgentRequest__Output, v1.DrainAgentResponse>(async (request, principal) => {
      const agentId = request.agentId?.value ?? '';
      const policy = request.killPolicy;
      await act(principal, 'drain_agents', [hostnameOf(agentId)], agentId, () =>
        master.drainAgent(agentId, policy === null || policy === undefined ? undefined : policy.gracePeriodSeconds),
      );
      return {};
    }),
    ReactivateAgent: call<v1.ReactivateAgentRequest__Output, v1.ReactivateAgentResponse>(async (request, principal) => {
      const agentId = request.agentId?.value ?? '';
      await act(principal, 'drain_agents', [hostnameOf(agentId)], agentId, () => master.reactivateAgent(agentId));
      return {};
    }),
    TeardownFramework: call<v1.TeardownFrameworkRequest__Output, v1.TeardownFrameworkResponse>(
      async (request, principal) => {
        const frameworkId = request.frameworkId?.value ?? '';
        await act(principal, 'teardown_frameworks', [principalOf(frameworkId)], frameworkId, () =>
          master.teardown(frameworkId, true),
        );
        return {};
      },
    ),
    KillTask: call<v1.KillTaskRequest__Output, v1.KillTaskResponse>(async (request, principal) => {
      const frameworkId = request.frameworkId?.value ?? '';
      const taskId = request.taskId?.value ?? '';
      await act(principal, 'kill_tasks', [principalOf(frameworkId)], `${frameworkId}/${taskId}`, () =>
        master.kill({ frameworkId, taskId, agentId: '', gracePeriodSeconds: undefined }, true),
      );
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

/** `resource` with its dynamic reservation recorded as made by `principal` (unreserved or static ones unchanged). */
function reservedBy(resource: Resource, principal: Principal): Resource {
  const reservation = resource.reservation;
  if (reservation?.type !== 'dynamic') return resource;
  const { principal: _claimed, ...rest } = reservation;
  return { ...resource, reservation: principal.name === '' ? rest : { ...rest, principal: principal.name } };
}
