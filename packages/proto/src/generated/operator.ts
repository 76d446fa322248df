import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from './tessera/v1/AgentID.js';
import type {
  AgentInfo as _tessera_v1_AgentInfo,
  AgentInfo__Output as _tessera_v1_AgentInfo__Output,
} from './tessera/v1/AgentInfo.js';
import type {
  AgentState as _tessera_v1_AgentState,
  AgentState__Output as _tessera_v1_AgentState__Output,
} from './tessera/v1/AgentState.js';
import type {
  AllocatedResources as _tessera_v1_AllocatedResources,
  AllocatedResources__Output as _tessera_v1_AllocatedResources__Output,
} from './tessera/v1/AllocatedResources.js';
import type {
  Allocation as _tessera_v1_Allocation,
  Allocation__Output as _tessera_v1_Allocation__Output,
} from './tessera/v1/Allocation.js';
import type {
  AllocatorClient as _tessera_v1_AllocatorClient,
  AllocatorDefinition as _tessera_v1_AllocatorDefinition,
} from './tessera/v1/Allocator.js';
import type {
  AllocatorAgent as _tessera_v1_AllocatorAgent,
  AllocatorAgent__Output as _tessera_v1_AllocatorAgent__Output,
} from './tessera/v1/AllocatorAgent.js';
import type {
  AllocatorFramework as _tessera_v1_AllocatorFramework,
  AllocatorFramework__Output as _tessera_v1_AllocatorFramework__Output,
} from './tessera/v1/AllocatorFramework.js';
import type {
  AllocatorRequest as _tessera_v1_AllocatorRequest,
  AllocatorRequest__Output as _tessera_v1_AllocatorRequest__Output,
} from './tessera/v1/AllocatorRequest.js';
import type {
  AllocatorResponse as _tessera_v1_AllocatorResponse,
  AllocatorResponse__Output as _tessera_v1_AllocatorResponse__Output,
} from './tessera/v1/AllocatorResponse.js';
import type {
  AllocatorSnapshot as _tessera_v1_AllocatorSnapshot,
  AllocatorSnapshot__Output as _tessera_v1_AllocatorSnapshot__Output,
} from './tessera/v1/AllocatorSnapshot.js';
import type {
  Attribute as _tessera_v1_Attribute,
  Attribute__Output as _tessera_v1_Attribute__Output,
} from './tessera/v1/Attribute.js';
import type {
  CommandInfo as _tessera_v1_CommandInfo,
  CommandInfo__Output as _tessera_v1_CommandInfo__Output,
} from './tessera/v1/CommandInfo.js';
import type {
  DrainAgentRequest as _tessera_v1_DrainAgentRequest,
  DrainAgentRequest__Output as _tessera_v1_DrainAgentRequest__Output,
} from './tessera/v1/DrainAgentRequest.js';
import type {
  DrainAgentResponse as _tessera_v1_DrainAgentResponse,
  DrainAgentResponse__Output as _tessera_v1_DrainAgentResponse__Output,
} from './tessera/v1/DrainAgentResponse.js';
import type {
  Environment as _tessera_v1_Environment,
  Environment__Output as _tessera_v1_Environment__Output,
} from './tessera/v1/Environment.js';
import type {
  ExecutorID as _tessera_v1_ExecutorID,
  ExecutorID__Output as _tessera_v1_ExecutorID__Output,
} from './tessera/v1/ExecutorID.js';
import type {
  ExplainRequest as _tessera_v1_ExplainRequest,
  ExplainRequest__Output as _tessera_v1_ExplainRequest__Output,
} from './tessera/v1/ExplainRequest.js';
import type {
  ExplainResponse as _tessera_v1_ExplainResponse,
  ExplainResponse__Output as _tessera_v1_ExplainResponse__Output,
} from './tessera/v1/ExplainResponse.js';
import type {
  Filters as _tessera_v1_Filters,
  Filters__Output as _tessera_v1_Filters__Output,
} from './tessera/v1/Filters.js';
import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from './tessera/v1/FrameworkID.js';
import type {
  FrameworkInfo as _tessera_v1_FrameworkInfo,
  FrameworkInfo__Output as _tessera_v1_FrameworkInfo__Output,
} from './tessera/v1/FrameworkInfo.js';
import type {
  FrameworkState as _tessera_v1_FrameworkState,
  FrameworkState__Output as _tessera_v1_FrameworkState__Output,
} from './tessera/v1/FrameworkState.js';
import type {
  GetAgentsRequest as _tessera_v1_GetAgentsRequest,
  GetAgentsRequest__Output as _tessera_v1_GetAgentsRequest__Output,
} from './tessera/v1/GetAgentsRequest.js';
import type {
  GetAgentsResponse as _tessera_v1_GetAgentsResponse,
  GetAgentsResponse__Output as _tessera_v1_GetAgentsResponse__Output,
} from './tessera/v1/GetAgentsResponse.js';
import type {
  GetFrameworksRequest as _tessera_v1_GetFrameworksRequest,
  GetFrameworksRequest__Output as _tessera_v1_GetFrameworksRequest__Output,
} from './tessera/v1/GetFrameworksRequest.js';
import type {
  GetFrameworksResponse as _tessera_v1_GetFrameworksResponse,
  GetFrameworksResponse__Output as _tessera_v1_GetFrameworksResponse__Output,
} from './tessera/v1/GetFrameworksResponse.js';
import type {
  GetQuotaRequest as _tessera_v1_GetQuotaRequest,
  GetQuotaRequest__Output as _tessera_v1_GetQuotaRequest__Output,
} from './tessera/v1/GetQuotaRequest.js';
import type {
  GetQuotaResponse as _tessera_v1_GetQuotaResponse,
  GetQuotaResponse__Output as _tessera_v1_GetQuotaResponse__Output,
} from './tessera/v1/GetQuotaResponse.js';
import type {
  GetRolesRequest as _tessera_v1_GetRolesRequest,
  GetRolesRequest__Output as _tessera_v1_GetRolesRequest__Output,
} from './tessera/v1/GetRolesRequest.js';
import type {
  GetRolesResponse as _tessera_v1_GetRolesResponse,
  GetRolesResponse__Output as _tessera_v1_GetRolesResponse__Output,
} from './tessera/v1/GetRolesResponse.js';
import type {
  GetStateRequest as _tessera_v1_GetStateRequest,
  GetStateRequest__Output as _tessera_v1_GetStateRequest__Output,
} from './tessera/v1/GetStateRequest.js';
import type {
  GetStateResponse as _tessera_v1_GetStateResponse,
  GetStateResponse__Output as _tessera_v1_GetStateResponse__Output,
} from './tessera/v1/GetStateResponse.js';
import type {
  GetTasksRequest as _tessera_v1_GetTasksRequest,
  GetTasksRequest__Output as _tessera_v1_GetTasksRequest__Output,
} from './tessera/v1/GetTasksRequest.js';
import type {
  GetTasksResponse as _tessera_v1_GetTasksResponse,
  GetTasksResponse__Output as _tessera_v1_GetTasksResponse__Output,
} from './tessera/v1/GetTasksResponse.js';
import type {
  GetWeightsRequest as _tessera_v1_GetWeightsRequest,
  GetWeightsRequest__Output as _tessera_v1_GetWeightsRequest__Output,
} from './tessera/v1/GetWeightsRequest.js';
import type {
  GetWeightsResponse as _tessera_v1_GetWeightsResponse,
  GetWeightsResponse__Output as _tessera_v1_GetWeightsResponse__Output,
} from './tessera/v1/GetWeightsResponse.js';
import type {
  HealthCheck as _tessera_v1_HealthCheck,
  HealthCheck__Output as _tessera_v1_HealthCheck__Output,
} from './tessera/v1/HealthCheck.js';
import type {
  KillPolicy as _tessera_v1_KillPolicy,
  KillPolicy__Output as _tessera_v1_KillPolicy__Output,
} from './tessera/v1/KillPolicy.js';
import type {
  KillTaskRequest as _tessera_v1_KillTaskRequest,
  KillTaskRequest__Output as _tessera_v1_KillTaskRequest__Output,
} from './tessera/v1/KillTaskRequest.js';
import type {
  KillTaskResponse as _tessera_v1_KillTaskResponse,
  KillTaskResponse__Output as _tessera_v1_KillTaskResponse__Output,
} from './tessera/v1/KillTaskResponse.js';
import type { Label as _tessera_v1_Label, Label__Output as _tessera_v1_Label__Output } from './tessera/v1/Label.js';
import type {
  MasterInfo as _tessera_v1_MasterInfo,
  MasterInfo__Output as _tessera_v1_MasterInfo__Output,
} from './tessera/v1/MasterInfo.js';
import type { Offer as _tessera_v1_Offer, Offer__Output as _tessera_v1_Offer__Output } from './tessera/v1/Offer.js';
import type {
  OfferID as _tessera_v1_OfferID,
  OfferID__Output as _tessera_v1_OfferID__Output,
} from './tessera/v1/OfferID.js';
import type {
  Operation as _tessera_v1_Operation,
  Operation__Output as _tessera_v1_Operation__Output,
} from './tessera/v1/Operation.js';
import type {
  OperatorClient as _tessera_v1_OperatorClient,
  OperatorDefinition as _tessera_v1_OperatorDefinition,
} from './tessera/v1/Operator.js';
import type { Quota as _tessera_v1_Quota, Quota__Output as _tessera_v1_Quota__Output } from './tessera/v1/Quota.js';
import type { Range as _tessera_v1_Range, Range__Output as _tessera_v1_Range__Output } from './tessera/v1/Range.js';
import type {
  ReactivateAgentRequest as _tessera_v1_ReactivateAgentRequest,
  ReactivateAgentRequest__Output as _tessera_v1_ReactivateAgentRequest__Output,
} from './tessera/v1/ReactivateAgentRequest.js';
import type {
  ReactivateAgentResponse as _tessera_v1_ReactivateAgentResponse,
  ReactivateAgentResponse__Output as _tessera_v1_ReactivateAgentResponse__Output,
} from './tessera/v1/ReactivateAgentResponse.js';
import type {
  RemoveQuotaRequest as _tessera_v1_RemoveQuotaRequest,
  RemoveQuotaRequest__Output as _tessera_v1_RemoveQuotaRequest__Output,
} from './tessera/v1/RemoveQuotaRequest.js';
import type {
  RemoveQuotaResponse as _tessera_v1_RemoveQuotaResponse,
  RemoveQuotaResponse__Output as _tessera_v1_RemoveQuotaResponse__Output,
} from './tessera/v1/RemoveQuotaResponse.js';
import type {
  Reservation as _tessera_v1_Reservation,
  Reservation__Output as _tessera_v1_Reservation__Output,
} from './tessera/v1/Reservation.js';
import type {
  ReserveResourcesRequest as _tessera_v1_ReserveResourcesRequest,
  ReserveResourcesRequest__Output as _tessera_v1_ReserveResourcesRequest__Output,
} from './tessera/v1/ReserveResourcesRequest.js';
import type {
  ReserveResourcesResponse as _tessera_v1_ReserveResourcesResponse,
  ReserveResourcesResponse__Output as _tessera_v1_ReserveResourcesResponse__Output,
} from './tessera/v1/ReserveResourcesResponse.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from './tessera/v1/Resource.js';
import type {
  Revocation as _tessera_v1_Revocation,
  Revocation__Output as _tessera_v1_Revocation__Output,
} from './tessera/v1/Revocation.js';
import type {
  RolePolicy as _tessera_v1_RolePolicy,
  RolePolicy__Output as _tessera_v1_RolePolicy__Output,
} from './tessera/v1/RolePolicy.js';
import type {
  RoleState as _tessera_v1_RoleState,
  RoleState__Output as _tessera_v1_RoleState__Output,
} from './tessera/v1/RoleState.js';
import type {
  SetQuotaRequest as _tessera_v1_SetQuotaRequest,
  SetQuotaRequest__Output as _tessera_v1_SetQuotaRequest__Output,
} from './tessera/v1/SetQuotaRequest.js';
import type {
  SetQuotaResponse as _tessera_v1_SetQuotaResponse,
  SetQuotaResponse__Output as _tessera_v1_SetQuotaResponse__Output,
} from './tessera/v1/SetQuotaResponse.js';
import type {
  SetRolePolicyRequest as _tessera_v1_SetRolePolicyRequest,
  SetRolePolicyRequest__Output as _tessera_v1_SetRolePolicyRequest__Output,
} from './tessera/v1/SetRolePolicyRequest.js';
import type {
  SetRolePolicyResponse as _tessera_v1_SetRolePolicyResponse,
  SetRolePolicyResponse__Output as _tessera_v1_SetRolePolicyResponse__Output,
} from './tessera/v1/SetRolePolicyResponse.js';
import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from './tessera/v1/TaskID.js';
import type {
  TaskInfo as _tessera_v1_TaskInfo,
  TaskInfo__Output as _tessera_v1_TaskInfo__Output,
} from './tessera/v1/TaskInfo.js';
import type {
  TaskRecord as _tessera_v1_TaskRecord,
  TaskRecord__Output as _tessera_v1_TaskRecord__Output,
} from './tessera/v1/TaskRecord.js';
import type {
  TaskStatus as _tessera_v1_TaskStatus,
  TaskStatus__Output as _tessera_v1_TaskStatus__Output,
} from './tessera/v1/TaskStatus.js';
import type {
  TeardownFrameworkRequest as _tessera_v1_TeardownFrameworkRequest,
  TeardownFrameworkRequest__Output as _tessera_v1_TeardownFrameworkRequest__Output,
} from './tessera/v1/TeardownFrameworkRequest.js';
import type {
  TeardownFrameworkResponse as _tessera_v1_TeardownFrameworkResponse,
  TeardownFrameworkResponse__Output as _tessera_v1_TeardownFrameworkResponse__Output,
} from './tessera/v1/TeardownFrameworkResponse.js';
import type {
  UnreserveResourcesRequest as _tessera_v1_UnreserveResourcesRequest,
  UnreserveResourcesRequest__Output as _tessera_v1_UnreserveResourcesRequest__Output,
} from './tessera/v1/UnreserveResourcesRequest.js';
import type {
  UnreserveResourcesResponse as _tessera_v1_UnreserveResourcesResponse,
  UnreserveResourcesResponse__Output as _tessera_v1_UnreserveResourcesResponse__Output,
} from './tessera/v1/UnreserveResourcesResponse.js';
import type {
  UpdateWeightsRequest as _tessera_v1_UpdateWeightsRequest,
  UpdateWeightsRequest__Output as _tessera_v1_UpdateWeightsRequest__Output,
} from './tessera/v1/UpdateWeightsRequest.js';
import type {
  UpdateWeightsResponse as _tessera_v1_UpdateWeightsResponse,
  UpdateWeightsResponse__Output as _tessera_v1_UpdateWeightsResponse__Output,
} from './tessera/v1/UpdateWeightsResponse.js';
import type {
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from './tessera/v1/WeightInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      AgentID: MessageTypeDefinition<_tessera_v1_AgentID, _tessera_v1_AgentID__Output>;
      AgentInfo: MessageTypeDefinition<_tessera_v1_AgentInfo, _tessera_v1_AgentInfo__Output>;
      AgentState: MessageTypeDefinition<_tessera_v1_AgentState, _tessera_v1_AgentState__Output>;
      AllocatedResources: MessageTypeDefinition<_tessera_v1_AllocatedResources, _tessera_v1_AllocatedResources__Output>;
      Allocation: MessageTypeDefinition<_tessera_v1_Allocation, _tessera_v1_Allocation__Output>;
      Allocator: SubtypeConstructor<typeof grpc.Client, _tessera_v1_AllocatorClient> & {
        service: _tessera_v1_AllocatorDefinition;
      };
      AllocatorAgent: MessageTypeDefinition<_tessera_v1_AllocatorAgent, _tessera_v1_AllocatorAgent__Output>;
      AllocatorFramework: MessageTypeDefinition<_tessera_v1_AllocatorFramework, _tessera_v1_AllocatorFramework__Output>;
      AllocatorRequest: MessageTypeDefinition<_tessera_v1_AllocatorRequest, _tessera_v1_AllocatorRequest__Output>;
      AllocatorResponse: MessageTypeDefinition<_tessera_v1_AllocatorResponse, _tessera_v1_AllocatorResponse__Output>;
      AllocatorSnapshot: MessageTypeDefinition<_tessera_v1_AllocatorSnapshot, _tessera_v1_AllocatorSnapshot__Output>;
      Attribute: MessageTypeDefinition<_tessera_v1_Attribute, _tessera_v1_Attribute__Output>;
      CommandInfo: MessageTypeDefinition<_tessera_v1_CommandInfo, _tessera_v1_CommandInfo__Output>;
      DrainAgentRequest: MessageTypeDefinition<_tessera_v1_DrainAgentRequest, _tessera_v1_DrainAgentRequest__Output>;
      DrainAgentResponse: MessageTypeDefinition<_tessera_v1_DrainAgentResponse, _tessera_v1_DrainAgentResponse__Output>;
      Environment: MessageTypeDefinition<_tessera_v1_Environment, _tessera_v1_Environment__Output>;
      ExecutorID: MessageTypeDefinition<_tessera_v1_ExecutorID, _tessera_v1_ExecutorID__Output>;
      ExplainRequest: MessageTypeDefinition<_tessera_v1_ExplainRequest, _tessera_v1_ExplainRequest__Output>;
      ExplainResponse: MessageTypeDefinition<_tessera_v1_ExplainResponse, _tessera_v1_ExplainResponse__Output>;
      Filters: MessageTypeDefinition<_tessera_v1_Filters, _tessera_v1_Filters__Output>;
      FrameworkID: MessageTypeDefinition<_tessera_v1_FrameworkID, _tessera_v1_FrameworkID__Output>;
      FrameworkInfo: MessageTypeDefinition<_tessera_v1_FrameworkInfo, _tessera_v1_FrameworkInfo__Output>;
      FrameworkState: MessageTypeDefinition<_tessera_v1_FrameworkState, _tessera_v1_FrameworkState__Output>;
      GetAgentsRequest: MessageTypeDefinition<_tessera_v1_GetAgentsRequest, _tessera_v1_GetAgentsRequest__Output>;
      GetAgentsResponse: MessageTypeDefinition<_tessera_v1_GetAgentsResponse, _tessera_v1_GetAgentsResponse__Output>;
      GetFrameworksRequest: MessageTypeDefinition<
        _tessera_v1_GetFrameworksRequest,
        _tessera_v1_GetFrameworksRequest__Output
      >;
      GetFrameworksResponse: MessageTypeDefinition<
        _tessera_v1_GetFrameworksResponse,
        _tessera_v1_GetFrameworksResponse__Output
      >;
      GetQuotaRequest: MessageTypeDefinition<_tessera_v1_GetQuotaRequest, _tessera_v1_GetQuotaRequest__Output>;
      GetQuotaResponse: MessageTypeDefinition<_tessera_v1_GetQuotaResponse, _tessera_v1_GetQuotaResponse__Output>;
      GetRolesRequest: MessageTypeDefinition<_tessera_v1_GetRolesRequest, _tessera_v1_GetRolesRequest__Output>;
      GetRolesResponse: MessageTypeDefinition<_tessera_v1_GetRolesResponse, _tessera_v1_GetRolesResponse__Output>;
      GetStateRequest: MessageTypeDefinition<_tessera_v1_GetStateRequest, _tessera_v1_GetStateRequest__Output>;
      GetStateResponse: MessageTypeDefinition<_tessera_v1_GetStateResponse, _tessera_v1_GetStateResponse__Output>;
      GetTasksRequest: MessageTypeDefinition<_tessera_v1_GetTasksRequest, _tessera_v1_GetTasksRequest__Output>;
      GetTasksResponse: MessageTypeDefinition<_tessera_v1_GetTasksResponse, _tessera_v1_GetTasksResponse__Output>;
      GetWeightsRequest: MessageTypeDefinition<_tessera_v1_GetWeightsRequest, _tessera_v1_GetWeightsRequest__Output>;
      GetWeightsResponse: MessageTypeDefinition<_tessera_v1_GetWeightsResponse, _tessera_v1_GetWeightsResponse__Output>;
      HealthCheck: MessageTypeDefinition<_tessera_v1_HealthCheck, _tessera_v1_HealthCheck__Output>;
      KillPolicy: MessageTypeDefinition<_tessera_v1_KillPolicy, _tessera_v1_KillPolicy__Output>;
      KillTaskRequest: MessageTypeDefinition<_tessera_v1_KillTaskRequest, _tessera_v1_KillTaskRequest__Output>;
      KillTaskResponse: MessageTypeDefinition<_tessera_v1_KillTaskResponse, _tessera_v1_KillTaskResponse__Output>;
      Label: MessageTypeDefinition<_tessera_v1_Label, _tessera_v1_Label__Output>;
      MasterInfo: MessageTypeDefinition<_tessera_v1_MasterInfo, _tessera_v1_MasterInfo__Output>;
      Offer: MessageTypeDefinition<_tessera_v1_Offer, _tessera_v1_Offer__Output>;
      OfferID: MessageTypeDefinition<_tessera_v1_OfferID, _tessera_v1_OfferID__Output>;
      Operation: MessageTypeDefinition<_tessera_v1_Operation, _tessera_v1_Operation__Output>;
      Operator: SubtypeConstructor<typeof grpc.Client, _tessera_v1_OperatorClient> & {
        service: _tessera_v1_OperatorDefinition;
      };
      QueuePolicy: EnumTypeDefinition;
      Quota: MessageTypeDefinition<_tessera_v1_Quota, _tessera_v1_Quota__Output>;
      Range: MessageTypeDefinition<_tessera_v1_Range, _tessera_v1_Range__Output>;
      ReactivateAgentRequest: MessageTypeDefinition<
        _tessera_v1_ReactivateAgentRequest,
        _tessera_v1_ReactivateAgentRequest__Output
      >;
      ReactivateAgentResponse: MessageTypeDefinition<
        _tessera_v1_ReactivateAgentResponse,
        _tessera_v1_ReactivateAgentResponse__Output
      >;
      RemoveQuotaRequest: MessageTypeDefinition<_tessera_v1_RemoveQuotaRequest, _tessera_v1_RemoveQuotaRequest__Output>;
      RemoveQuotaResponse: MessageTypeDefinition<
        _tessera_v1_RemoveQuotaResponse,
        _tessera_v1_RemoveQuotaResponse__Output
      >;
      Reservation: MessageTypeDefinition<_tessera_v1_Reservation, _tessera_v1_Reservation__Output>;
      ReserveResourcesRequest: MessageTypeDefinition<
        _tessera_v1_ReserveResourcesRequest,
        _tessera_v1_ReserveResourcesRequest__Output
      >;
      ReserveResourcesResponse: MessageTypeDefinition<
        _tessera_v1_ReserveResourcesResponse,
        _tessera_v1_ReserveResourcesResponse__Output
      >;
      Resource: MessageTypeDefinition<_tessera_v1_Resource, _tessera_v1_Resource__Output>;
      Revocation: MessageTypeDefinition<_tessera_v1_Revocation, _tessera_v1_Revocation__Output>;
      RolePolicy: MessageTypeDefinition<_tessera_v1_RolePolicy, _tessera_v1_RolePolicy__Output>;
      RoleState: MessageTypeDefinition<_tessera_v1_RoleState, _tessera_v1_RoleState__Output>;
      SetQuotaRequest: MessageTypeDefinition<_tessera_v1_SetQuotaRequest, _tessera_v1_SetQuotaRequest__Output>;
      SetQuotaResponse: MessageTypeDefinition<_tessera_v1_SetQuotaResponse, _tessera_v1_SetQuotaResponse__Output>;
      SetRolePolicyRequest: MessageTypeDefinition<
        _tessera_v1_SetRolePolicyRequest,
        _tessera_v1_SetRolePolicyRequest__Output
      >;
      SetRolePolicyResponse: MessageTypeDefinition<
        _tessera_v1_SetRolePolicyResponse,
        _tessera_v1_SetRolePolicyResponse__Output
      >;
      TaskID: MessageTypeDefinition<_tessera_v1_TaskID, _tessera_v1_TaskID__Output>;
      TaskInfo: MessageTypeDefinition<_tessera_v1_TaskInfo, _tessera_v1_TaskInfo__Output>;
      TaskRecord: MessageTypeDefinition<_tessera_v1_TaskRecord, _tessera_v1_TaskRecord__Output>;
      TaskState: EnumTypeDefinition;
      TaskStatus: MessageTypeDefinition<_tessera_v1_TaskStatus, _tessera_v1_TaskStatus__Output>;
      TeardownFrameworkRequest: MessageTypeDefinition<
        _tessera_v1_TeardownFrameworkRequest,
        _tessera_v1_TeardownFrameworkRequest__Output
      >;
      TeardownFrameworkResponse: MessageTypeDefinition<
        _tessera_v1_TeardownFrameworkResponse,
        _tessera_v1_TeardownFrameworkResponse__Output
      >;
      UnreserveResourcesRequest: MessageTypeDefinition<
        _tessera_v1_UnreserveResourcesRequest,
        _tessera_v1_UnreserveResourcesRequest__Output
      >;
      UnreserveResourcesResponse: MessageTypeDefinition<
        _tessera_v1_UnreserveResourcesResponse,
        _tessera_v1_UnreserveResourcesResponse__Output
      >;
      UpdateWeightsRequest: MessageTypeDefinition<
        _tessera_v1_UpdateWeightsRequest,
        _tessera_v1_UpdateWeightsRequest__Output
      >;
      UpdateWeightsResponse: MessageTypeDefinition<
        _tessera_v1_UpdateWeightsResponse,
        _tessera_v1_UpdateWeightsResponse__Output
      >;
      ValueType: EnumTypeDefinition;
      WeightInfo: MessageTypeDefinition<_tessera_v1_WeightInfo, _tessera_v1_WeightInfo__Output>;
    };
  };
}
