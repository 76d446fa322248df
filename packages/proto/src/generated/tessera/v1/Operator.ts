// Original file: proto/tessera/v1/operator.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  DrainAgentRequest as _tessera_v1_DrainAgentRequest,
  DrainAgentRequest__Output as _tessera_v1_DrainAgentRequest__Output,
} from '../../tessera/v1/DrainAgentRequest.js';
import type {
  DrainAgentResponse as _tessera_v1_DrainAgentResponse,
  DrainAgentResponse__Output as _tessera_v1_DrainAgentResponse__Output,
} from '../../tessera/v1/DrainAgentResponse.js';
import type {
  ExplainRequest as _tessera_v1_ExplainRequest,
  ExplainRequest__Output as _tessera_v1_ExplainRequest__Output,
} from '../../tessera/v1/ExplainRequest.js';
import type {
  ExplainResponse as _tessera_v1_ExplainResponse,
  ExplainResponse__Output as _tessera_v1_ExplainResponse__Output,
} from '../../tessera/v1/ExplainResponse.js';
import type {
  GetAgentsRequest as _tessera_v1_GetAgentsRequest,
  GetAgentsRequest__Output as _tessera_v1_GetAgentsRequest__Output,
} from '../../tessera/v1/GetAgentsRequest.js';
import type {
  GetAgentsResponse as _tessera_v1_GetAgentsResponse,
  GetAgentsResponse__Output as _tessera_v1_GetAgentsResponse__Output,
} from '../../tessera/v1/GetAgentsResponse.js';
import type {
  GetFrameworksRequest as _tessera_v1_GetFrameworksRequest,
  GetFrameworksRequest__Output as _tessera_v1_GetFrameworksRequest__Output,
} from '../../tessera/v1/GetFrameworksRequest.js';
import type {
  GetFrameworksResponse as _tessera_v1_GetFrameworksResponse,
  GetFrameworksResponse__Output as _tessera_v1_GetFrameworksResponse__Output,
} from '../../tessera/v1/GetFrameworksResponse.js';
import type {
  GetQuotaRequest as _tessera_v1_GetQuotaRequest,
  GetQuotaRequest__Output as _tessera_v1_GetQuotaRequest__Output,
} from '../../tessera/v1/GetQuotaRequest.js';
import type {
  GetQuotaResponse as _tessera_v1_GetQuotaResponse,
  GetQuotaResponse__Output as _tessera_v1_GetQuotaResponse__Output,
} from '../../tessera/v1/GetQuotaResponse.js';
import type {
  GetRolesRequest as _tessera_v1_GetRolesRequest,
  GetRolesRequest__Output as _tessera_v1_GetRolesRequest__Output,
} from '../../tessera/v1/GetRolesRequest.js';
import type {
  GetRolesResponse as _tessera_v1_GetRolesResponse,
  GetRolesResponse__Output as _tessera_v1_GetRolesResponse__Output,
} from '../../tessera/v1/GetRolesResponse.js';
import type {
  GetStateRequest as _tessera_v1_GetStateRequest,
  GetStateRequest__Output as _tessera_v1_GetStateRequest__Output,
} from '../../tessera/v1/GetStateRequest.js';
import type {
  GetStateResponse as _tessera_v1_GetStateResponse,
  GetStateResponse__Output as _tessera_v1_GetStateResponse__Output,
} from '../../tessera/v1/GetStateResponse.js';
import type {
  GetTasksRequest as _tessera_v1_GetTasksRequest,
  GetTasksRequest__Output as _tessera_v1_GetTasksRequest__Output,
} from '../../tessera/v1/GetTasksRequest.js';
import type {
  GetTasksResponse as _tessera_v1_GetTasksResponse,
  GetTasksResponse__Output as _tessera_v1_GetTasksResponse__Output,
} from '../../tessera/v1/GetTasksResponse.js';
import type {
  GetWeightsRequest as _tessera_v1_GetWeightsRequest,
  GetWeightsRequest__Output as _tessera_v1_GetWeightsRequest__Output,
} from '../../tessera/v1/GetWeightsRequest.js';
import type {
  GetWeightsResponse as _tessera_v1_GetWeightsResponse,
  GetWeightsResponse__Output as _tessera_v1_GetWeightsResponse__Output,
} from '../../tessera/v1/GetWeightsResponse.js';
import type {
  KillTaskRequest as _tessera_v1_KillTaskRequest,
  KillTaskRequest__Output as _tessera_v1_KillTaskRequest__Output,
} from '../../tessera/v1/KillTaskRequest.js';
import type {
  KillTaskResponse as _tessera_v1_KillTaskResponse,
  KillTaskResponse__Output as _tessera_v1_KillTaskResponse__Output,
} from '../../tessera/v1/KillTaskResponse.js';
import type {
  ReactivateAgentRequest as _tessera_v1_ReactivateAgentRequest,
  ReactivateAgentRequest__Output as _tessera_v1_ReactivateAgentRequest__Output,
} from '../../tessera/v1/ReactivateAgentRequest.js';
import type {
  ReactivateAgentResponse as _tessera_v1_ReactivateAgentResponse,
  ReactivateAgentResponse__Output as _tessera_v1_ReactivateAgentResponse__Output,
} from '../../tessera/v1/ReactivateAgentResponse.js';
import type {
  RemoveQuotaRequest as _tessera_v1_RemoveQuotaRequest,
  RemoveQuotaRequest__Output as _tessera_v1_RemoveQuotaRequest__Output,
} from '../../tessera/v1/RemoveQuotaRequest.js';
import type {
  RemoveQuotaResponse as _tessera_v1_RemoveQuotaResponse,
  RemoveQuotaResponse__Output as _tessera_v1_RemoveQuotaResponse__Output,
} from '../../tessera/v1/RemoveQuotaResponse.js';
import type {
  ReserveResourcesRequest as _tessera_v1_ReserveResourcesRequest,
  ReserveResourcesRequest__Output as _tessera_v1_ReserveResourcesRequest__Output,
} from '../../tessera/v1/ReserveResourcesRequest.js';
import type {
  ReserveResourcesResponse as _tessera_v1_ReserveResourcesResponse,
  ReserveResourcesResponse__Output as _tessera_v1_ReserveResourcesResponse__Output,
} from '../../tessera/v1/ReserveResourcesResponse.js';
import type {
  SetQuotaRequest as _tessera_v1_SetQuotaRequest,
  SetQuotaRequest__Output as _tessera_v1_SetQuotaRequest__Output,
} from '../../tessera/v1/SetQuotaRequest.js';
import type {
  SetQuotaResponse as _tessera_v1_SetQuotaResponse,
  SetQuotaResponse__Output as _tessera_v1_SetQuotaResponse__Output,
} from '../../tessera/v1/SetQuotaResponse.js';
import type {
  SetRolePolicyRequest as _tessera_v1_SetRolePolicyRequest,
  SetRolePolicyRequest__Output as _tessera_v1_SetRolePolicyRequest__Output,
} from '../../tessera/v1/SetRolePolicyRequest.js';
import type {
  SetRolePolicyResponse as _tessera_v1_SetRolePolicyResponse,
  SetRolePolicyResponse__Output as _tessera_v1_SetRolePolicyResponse__Output,
} from '../../tessera/v1/SetRolePolicyResponse.js';
import type {
  TeardownFrameworkRequest as _tessera_v1_TeardownFrameworkRequest,
  TeardownFrameworkRequest__Output as _tessera_v1_TeardownFrameworkRequest__Output,
} from '../../tessera/v1/TeardownFrameworkRequest.js';
import type {
  TeardownFrameworkResponse as _tessera_v1_TeardownFrameworkResponse,
  TeardownFrameworkResponse__Output as _tessera_v1_TeardownFrameworkResponse__Output,
} from '../../tessera/v1/TeardownFrameworkResponse.js';
import type {
  UnreserveResourcesRequest as _tessera_v1_UnreserveResourcesRequest,
  UnreserveResourcesRequest__Output as _tessera_v1_UnreserveResourcesRequest__Output,
} from '../../tessera/v1/UnreserveResourcesRequest.js';
import type {
  UnreserveResourcesResponse as _tessera_v1_UnreserveResourcesResponse,
  UnreserveResourcesResponse__Output as _tessera_v1_UnreserveResourcesResponse__Output,
} from '../../tessera/v1/UnreserveResourcesResponse.js';
import type {
  UpdateWeightsRequest as _tessera_v1_UpdateWeightsRequest,
  UpdateWeightsRequest__Output as _tessera_v1_UpdateWeightsRequest__Output,
} from '../../tessera/v1/UpdateWeightsRequest.js';
import type {
  UpdateWeightsResponse as _tessera_v1_UpdateWeightsResponse,
  UpdateWeightsResponse__Output as _tessera_v1_UpdateWeightsResponse__Output,
} from '../../tessera/v1/UpdateWeightsResponse.js';

export interface OperatorClient extends grpc.Client {
  /**
   * Stops new tasks on the agent and kills its running ones with their grace
   * period; the agent's state becomes DRAINING, then DRAINED.
   */
  DrainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  DrainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  DrainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  DrainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Stops new tasks on the agent and kills its running ones with their grace
   * period; the agent's state becomes DRAINING, then DRAINED.
   */
  drainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  drainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  drainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  drainAgent(
    argument: _tessera_v1_DrainAgentRequest,
    callback: grpc.requestCallback<_tessera_v1_DrainAgentResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Why a framework or a role gets no offers.
   */
  ExplainAllocation(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  ExplainAllocation(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  ExplainAllocation(
    argument: _tessera_v1_ExplainRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  ExplainAllocation(
    argument: _tessera_v1_ExplainRequest,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Why a framework or a role gets no offers.
   */
  explainAllocation(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  explainAllocation(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  explainAllocation(
    argument: _tessera_v1_ExplainRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  explainAllocation(
    argument: _tessera_v1_ExplainRequest,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetAgents(
    argument: _tessera_v1_GetAgentsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetAgents(
    argument: _tessera_v1_GetAgentsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetAgents(
    argument: _tessera_v1_GetAgentsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetAgents(
    argument: _tessera_v1_GetAgentsRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAgents(
    argument: _tessera_v1_GetAgentsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAgents(
    argument: _tessera_v1_GetAgentsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAgents(
    argument: _tessera_v1_GetAgentsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAgents(
    argument: _tessera_v1_GetAgentsRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAgentsResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getFrameworks(
    argument: _tessera_v1_GetFrameworksRequest,
    callback: grpc.requestCallback<_tessera_v1_GetFrameworksResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetQuota(
    argument: _tessera_v1_GetQuotaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetQuota(
    argument: _tessera_v1_GetQuotaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetQuota(
    argument: _tessera_v1_GetQuotaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetQuota(
    argument: _tessera_v1_GetQuotaRequest,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  getQuota(
    argument: _tessera_v1_GetQuotaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  getQuota(
    argument: _tessera_v1_GetQuotaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  getQuota(
    argument: _tessera_v1_GetQuotaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  getQuota(
    argument: _tessera_v1_GetQuotaRequest,
    callback: grpc.requestCallback<_tessera_v1_GetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetRoles(
    argument: _tessera_v1_GetRolesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetRoles(
    argument: _tessera_v1_GetRolesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetRoles(
    argument: _tessera_v1_GetRolesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetRoles(
    argument: _tessera_v1_GetRolesRequest,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;
  getRoles(
    argument: _tessera_v1_GetRolesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;
  getRoles(
    argument: _tessera_v1_GetRolesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;
  getRoles(
    argument: _tessera_v1_GetRolesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;
  getRoles(
    argument: _tessera_v1_GetRolesRequest,
    callback: grpc.requestCallback<_tessera_v1_GetRolesResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetState(
    argument: _tessera_v1_GetStateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetState(
    argument: _tessera_v1_GetStateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetState(
    argument: _tessera_v1_GetStateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetState(
    argument: _tessera_v1_GetStateRequest,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetStateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetStateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetStateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetStateRequest,
    callback: grpc.requestCallback<_tessera_v1_GetStateResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetTasks(
    argument: _tessera_v1_GetTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetTasks(
    argument: _tessera_v1_GetTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetTasks(
    argument: _tessera_v1_GetTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetTasks(
    argument: _tessera_v1_GetTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_GetTasksResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetWeights(
    argument: _tessera_v1_GetWeightsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWeights(
    argument: _tessera_v1_GetWeightsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWeights(
    argument: _tessera_v1_GetWeightsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWeights(
    argument: _tessera_v1_GetWeightsRequest,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWeights(
    argument: _tessera_v1_GetWeightsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWeights(
    argument: _tessera_v1_GetWeightsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWeights(
    argument: _tessera_v1_GetWeightsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWeights(
    argument: _tessera_v1_GetWeightsRequest,
    callback: grpc.requestCallback<_tessera_v1_GetWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Kills one task of a framework for an operator, with the task's own kill
   * policy. Authorised by the ACL `kill_tasks` on the framework's principal.
   * (A framework kills its own tasks through Scheduler.Kill, unasked.)
   */
  KillTask(
    argument: _tessera_v1_KillTaskRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillTask(
    argument: _tessera_v1_KillTaskRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillTask(
    argument: _tessera_v1_KillTaskRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillTask(
    argument: _tessera_v1_KillTaskRequest,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Kills one task of a framework for an operator, with the task's own kill
   * policy. Authorised by the ACL `kill_tasks` on the framework's principal.
   * (A framework kills its own tasks through Scheduler.Kill, unasked.)
   */
  killTask(
    argument: _tessera_v1_KillTaskRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;
  killTask(
    argument: _tessera_v1_KillTaskRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;
  killTask(
    argument: _tessera_v1_KillTaskRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;
  killTask(
    argument: _tessera_v1_KillTaskRequest,
    callback: grpc.requestCallback<_tessera_v1_KillTaskResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Ends draining: the agent gets offers again.
   */
  ReactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Ends draining: the agent gets offers again.
   */
  reactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  reactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  reactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;
  reactivateAgent(
    argument: _tessera_v1_ReactivateAgentRequest,
    callback: grpc.requestCallback<_tessera_v1_ReactivateAgentResponse__Output>,
  ): grpc.ClientUnaryCall;

  RemoveQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  RemoveQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  RemoveQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  RemoveQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  removeQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  removeQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  removeQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  removeQuota(
    argument: _tessera_v1_RemoveQuotaRequest,
    callback: grpc.requestCallback<_tessera_v1_RemoveQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Dynamically reserves unreserved resources of an agent for a role. Refused,
   * changing nothing, unless the agent has them unreserved and unallocated.
   */
  ReserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Dynamically reserves unreserved resources of an agent for a role. Refused,
   * changing nothing, unless the agent has them unreserved and unallocated.
   */
  reserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  reserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  reserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  reserveResources(
    argument: _tessera_v1_ReserveResourcesRequest,
    callback: grpc.requestCallback<_tessera_v1_ReserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Sets (replaces) a role's quota. Refused with INVALID_ARGUMENT, changing
   * nothing, for a negative or non-scalar resource, a limit below the guarantee,
   * or a guarantee beyond an ancestor's limit.
   */
  SetQuota(
    argument: _tessera_v1_SetQuotaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetQuota(
    argument: _tessera_v1_SetQuotaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetQuota(
    argument: _tessera_v1_SetQuotaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetQuota(
    argument: _tessera_v1_SetQuotaRequest,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Sets (replaces) a role's quota. Refused with INVALID_ARGUMENT, changing
   * nothing, for a negative or non-scalar resource, a limit below the guarantee,
   * or a guarantee beyond an ancestor's limit.
   */
  setQuota(
    argument: _tessera_v1_SetQuotaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  setQuota(
    argument: _tessera_v1_SetQuotaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  setQuota(
    argument: _tessera_v1_SetQuotaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;
  setQuota(
    argument: _tessera_v1_SetQuotaRequest,
    callback: grpc.requestCallback<_tessera_v1_SetQuotaResponse__Output>,
  ): grpc.ClientUnaryCall;

  SetRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;
  setRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;
  setRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;
  setRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;
  setRolePolicy(
    argument: _tessera_v1_SetRolePolicyRequest,
    callback: grpc.requestCallback<_tessera_v1_SetRolePolicyResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Tears a framework down for an operator: its tasks are killed, its offers
   * rescinded, and its ID may not subscribe again. Authorised by the ACL
   * `teardown_frameworks` on the framework's principal. (A framework tears
   * itself down through Scheduler.Teardown on its own session, unasked.)
   * An unknown or already removed framework is refused, changing nothing.
   */
  TeardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  TeardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  TeardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  TeardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Tears a framework down for an operator: its tasks are killed, its offers
   * rescinded, and its ID may not subscribe again. Authorised by the ACL
   * `teardown_frameworks` on the framework's principal. (A framework tears
   * itself down through Scheduler.Teardown on its own session, unasked.)
   * An unknown or already removed framework is refused, changing nothing.
   */
  teardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  teardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  teardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  teardownFramework(
    argument: _tessera_v1_TeardownFrameworkRequest,
    callback: grpc.requestCallback<_tessera_v1_TeardownFrameworkResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Makes dynamically reserved resources unreserved again (unallocated ones only).
   */
  UnreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Makes dynamically reserved resources unreserved again (unallocated ones only).
   */
  unreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  unreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  unreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;
  unreserveResources(
    argument: _tessera_v1_UnreserveResourcesRequest,
    callback: grpc.requestCallback<_tessera_v1_UnreserveResourcesResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Sets the weights of the named roles (> 0). All or nothing.
   */
  UpdateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpdateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpdateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpdateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Sets the weights of the named roles (> 0). All or nothing.
   */
  updateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  updateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  updateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
  updateWeights(
    argument: _tessera_v1_UpdateWeightsRequest,
    callback: grpc.requestCallback<_tessera_v1_UpdateWeightsResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface OperatorHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops new tasks on the agent and kills its running ones with their grace
   * period; the agent's state becomes DRAINING, then DRAINED.
   */
  DrainAgent: grpc.handleUnaryCall<_tessera_v1_DrainAgentRequest__Output, _tessera_v1_DrainAgentResponse>;

  /**
   * Why a framework or a role gets no offers.
   */
  ExplainAllocation: grpc.handleUnaryCall<_tessera_v1_ExplainRequest__Output, _tessera_v1_ExplainResponse>;

  GetAgents: grpc.handleUnaryCall<_tessera_v1_GetAgentsRequest__Output, _tessera_v1_GetAgentsResponse>;

  GetFrameworks: grpc.handleUnaryCall<_tessera_v1_GetFrameworksRequest__Output, _tessera_v1_GetFrameworksResponse>;

  GetQuota: grpc.handleUnaryCall<_tessera_v1_GetQuotaRequest__Output, _tessera_v1_GetQuotaResponse>;

  GetRoles: grpc.handleUnaryCall<_tessera_v1_GetRolesRequest__Output, _tessera_v1_GetRolesResponse>;

  GetState: grpc.handleUnaryCall<_tessera_v1_GetStateRequest__Output, _tessera_v1_GetStateResponse>;

  GetTasks: grpc.handleUnaryCall<_tessera_v1_GetTasksRequest__Output, _tessera_v1_GetTasksResponse>;

  GetWeights: grpc.handleUnaryCall<_tessera_v1_GetWeightsRequest__Output, _tessera_v1_GetWeightsResponse>;

  /**
   * Kills one task of a framework for an operator, with the task's own kill
   * policy. Authorised by the ACL `kill_tasks` on the framework's principal.
   * (A framework kills its own tasks through Scheduler.Kill, unasked.)
   */
  KillTask: grpc.handleUnaryCall<_tessera_v1_KillTaskRequest__Output, _tessera_v1_KillTaskResponse>;

  /**
   * Ends draining: the agent gets offers again.
   */
  ReactivateAgent: grpc.handleUnaryCall<
    _tessera_v1_ReactivateAgentRequest__Output,
    _tessera_v1_ReactivateAgentResponse
  >;

  RemoveQuota: grpc.handleUnaryCall<_tessera_v1_RemoveQuotaRequest__Output, _tessera_v1_RemoveQuotaResponse>;

  /**
   * Dynamically reserves unreserved resources of an agent for a role. Refused,
   * changing nothing, unless the agent has them unreserved and unallocated.
   */
  ReserveResources: grpc.handleUnaryCall<
    _tessera_v1_ReserveResourcesRequest__Output,
    _tessera_v1_ReserveResourcesResponse
  >;

  /**
   * Sets (replaces) a role's quota. Refused with INVALID_ARGUMENT, changing
   * nothing, for a negative or non-scalar resource, a limit below the guarantee,
   * or a guarantee beyond an ancestor's limit.
   */
  SetQuota: grpc.handleUnaryCall<_tessera_v1_SetQuotaRequest__Output, _tessera_v1_SetQuotaResponse>;

  SetRolePolicy: grpc.handleUnaryCall<_tessera_v1_SetRolePolicyRequest__Output, _tessera_v1_SetRolePolicyResponse>;

  /**
   * Tears a framework down for an operator: its tasks are killed, its offers
   * rescinded, and its ID may not subscribe again. Authorised by the ACL
   * `teardown_frameworks` on the framework's principal. (A framework tears
   * itself down through Scheduler.Teardown on its own session, unasked.)
   * An unknown or already removed framework is refused, changing nothing.
   */
  TeardownFramework: grpc.handleUnaryCall<
    _tessera_v1_TeardownFrameworkRequest__Output,
    _tessera_v1_TeardownFrameworkResponse
  >;

  /**
   * Makes dynamically reserved resources unreserved again (unallocated ones only).
   */
  UnreserveResources: grpc.handleUnaryCall<
    _tessera_v1_UnreserveResourcesRequest__Output,
    _tessera_v1_UnreserveResourcesResponse
  >;

  /**
   * Sets the weights of the named roles (> 0). All or nothing.
   */
  UpdateWeights: grpc.handleUnaryCall<_tessera_v1_UpdateWeightsRequest__Output, _tessera_v1_UpdateWeightsResponse>;
}

export interface OperatorDefinition extends grpc.ServiceDefinition {
  DrainAgent: MethodDefinition<
    _tessera_v1_DrainAgentRequest,
    _tessera_v1_DrainAgentResponse,
    _tessera_v1_DrainAgentRequest__Output,
    _tessera_v1_DrainAgentResponse__Output
  >;
  ExplainAllocation: MethodDefinition<
    _tessera_v1_ExplainRequest,
    _tessera_v1_ExplainResponse,
    _tessera_v1_ExplainRequest__Output,
    _tessera_v1_ExplainResponse__Output
  >;
  GetAgents: MethodDefinition<
    _tessera_v1_GetAgentsRequest,
    _tessera_v1_GetAgentsResponse,
    _tessera_v1_GetAgentsRequest__Output,
    _tessera_v1_GetAgentsResponse__Output
  >;
  GetFrameworks: MethodDefinition<
    _tessera_v1_GetFrameworksRequest,
    _tessera_v1_GetFrameworksResponse,
    _tessera_v1_GetFrameworksRequest__Output,
    _tessera_v1_GetFrameworksResponse__Output
  >;
  GetQuota: MethodDefinition<
    _tessera_v1_GetQuotaRequest,
    _tessera_v1_GetQuotaResponse,
    _tessera_v1_GetQuotaRequest__Output,
    _tessera_v1_GetQuotaResponse__Output
  >;
  GetRoles: MethodDefinition<
    _tessera_v1_GetRolesRequest,
    _tessera_v1_GetRolesResponse,
    _tessera_v1_GetRolesRequest__Output,
    _tessera_v1_GetRolesResponse__Output
  >;
  GetState: MethodDefinition<
    _tessera_v1_GetStateRequest,
    _tessera_v1_GetStateResponse,
    _tessera_v1_GetStateRequest__Output,
    _tessera_v1_GetStateResponse__Output
  >;
  GetTasks: MethodDefinition<
    _tessera_v1_GetTasksRequest,
    _tessera_v1_GetTasksResponse,
    _tessera_v1_GetTasksRequest__Output,
    _tessera_v1_GetTasksResponse__Output
  >;
  GetWeights: MethodDefinition<
    _tessera_v1_GetWeightsRequest,
    _tessera_v1_GetWeightsResponse,
    _tessera_v1_GetWeightsRequest__Output,
    _tessera_v1_GetWeightsResponse__Output
  >;
  KillTask: MethodDefinition<
    _tessera_v1_KillTaskRequest,
    _tessera_v1_KillTaskResponse,
    _tessera_v1_KillTaskRequest__Output,
    _tessera_v1_KillTaskResponse__Output
  >;
  ReactivateAgent: MethodDefinition<
    _tessera_v1_ReactivateAgentRequest,
    _tessera_v1_ReactivateAgentResponse,
    _tessera_v1_ReactivateAgentRequest__Output,
    _tessera_v1_ReactivateAgentResponse__Output
  >;
  RemoveQuota: MethodDefinition<
    _tessera_v1_RemoveQuotaRequest,
    _tessera_v1_RemoveQuotaResponse,
    _tessera_v1_RemoveQuotaRequest__Output,
    _tessera_v1_RemoveQuotaResponse__Output
  >;
  ReserveResources: MethodDefinition<
    _tessera_v1_ReserveResourcesRequest,
    _tessera_v1_ReserveResourcesResponse,
    _tessera_v1_ReserveResourcesRequest__Output,
    _tessera_v1_ReserveResourcesResponse__Output
  >;
  SetQuota: MethodDefinition<
    _tessera_v1_SetQuotaRequest,
    _tessera_v1_SetQuotaResponse,
    _tessera_v1_SetQuotaRequest__Output,
    _tessera_v1_SetQuotaResponse__Output
  >;
  SetRolePolicy: MethodDefinition<
    _tessera_v1_SetRolePolicyRequest,
    _tessera_v1_SetRolePolicyResponse,
    _tessera_v1_SetRolePolicyRequest__Output,
    _tessera_v1_SetRolePolicyResponse__Output
  >;
  TeardownFramework: MethodDefinition<
    _tessera_v1_TeardownFrameworkRequest,
    _tessera_v1_TeardownFrameworkResponse,
    _tessera_v1_TeardownFrameworkRequest__Output,
    _tessera_v1_TeardownFrameworkResponse__Output
  >;
  UnreserveResources: MethodDefinition<
    _tessera_v1_UnreserveResourcesRequest,
    _tessera_v1_UnreserveResourcesResponse,
    _tessera_v1_UnreserveResourcesRequest__Output,
    _tessera_v1_UnreserveResourcesResponse__Output
  >;
  UpdateWeights: MethodDefinition<
    _tessera_v1_UpdateWeightsRequest,
    _tessera_v1_UpdateWeightsResponse,
    _tessera_v1_UpdateWeightsRequest__Output,
    _tessera_v1_UpdateWeightsResponse__Output
  >;
}
