import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { App as _tessera_v1_App, App__Output as _tessera_v1_App__Output } from './tessera/v1/App.js';
import type {
  AppConstraint as _tessera_v1_AppConstraint,
  AppConstraint__Output as _tessera_v1_AppConstraint__Output,
} from './tessera/v1/AppConstraint.js';
import type {
  AppHealthCheck as _tessera_v1_AppHealthCheck,
  AppHealthCheck__Output as _tessera_v1_AppHealthCheck__Output,
} from './tessera/v1/AppHealthCheck.js';
import type {
  AppStatus as _tessera_v1_AppStatus,
  AppStatus__Output as _tessera_v1_AppStatus__Output,
} from './tessera/v1/AppStatus.js';
import type {
  CancelDeploymentRequest as _tessera_v1_CancelDeploymentRequest,
  CancelDeploymentRequest__Output as _tessera_v1_CancelDeploymentRequest__Output,
} from './tessera/v1/CancelDeploymentRequest.js';
import type {
  CancelDeploymentResponse as _tessera_v1_CancelDeploymentResponse,
  CancelDeploymentResponse__Output as _tessera_v1_CancelDeploymentResponse__Output,
} from './tessera/v1/CancelDeploymentResponse.js';
import type {
  CreateAppRequest as _tessera_v1_CreateAppRequest,
  CreateAppRequest__Output as _tessera_v1_CreateAppRequest__Output,
} from './tessera/v1/CreateAppRequest.js';
import type {
  DelayInfo as _tessera_v1_DelayInfo,
  DelayInfo__Output as _tessera_v1_DelayInfo__Output,
} from './tessera/v1/DelayInfo.js';
import type {
  DeleteAppRequest as _tessera_v1_DeleteAppRequest,
  DeleteAppRequest__Output as _tessera_v1_DeleteAppRequest__Output,
} from './tessera/v1/DeleteAppRequest.js';
import type {
  DeleteGroupRequest as _tessera_v1_DeleteGroupRequest,
  DeleteGroupRequest__Output as _tessera_v1_DeleteGroupRequest__Output,
} from './tessera/v1/DeleteGroupRequest.js';
import type {
  DeploymentAction as _tessera_v1_DeploymentAction,
  DeploymentAction__Output as _tessera_v1_DeploymentAction__Output,
} from './tessera/v1/DeploymentAction.js';
import type {
  DeploymentInfo as _tessera_v1_DeploymentInfo,
  DeploymentInfo__Output as _tessera_v1_DeploymentInfo__Output,
} from './tessera/v1/DeploymentInfo.js';
import type {
  DeploymentResult as _tessera_v1_DeploymentResult,
  DeploymentResult__Output as _tessera_v1_DeploymentResult__Output,
} from './tessera/v1/DeploymentResult.js';
import type {
  DeploymentStepInfo as _tessera_v1_DeploymentStepInfo,
  DeploymentStepInfo__Output as _tessera_v1_DeploymentStepInfo__Output,
} from './tessera/v1/DeploymentStepInfo.js';
import type {
  FetchUri as _tessera_v1_FetchUri,
  FetchUri__Output as _tessera_v1_FetchUri__Output,
} from './tessera/v1/FetchUri.js';
import type {
  GetAppRequest as _tessera_v1_GetAppRequest,
  GetAppRequest__Output as _tessera_v1_GetAppRequest__Output,
} from './tessera/v1/GetAppRequest.js';
import type {
  GetAppResponse as _tessera_v1_GetAppResponse,
  GetAppResponse__Output as _tessera_v1_GetAppResponse__Output,
} from './tessera/v1/GetAppResponse.js';
import type {
  GetGroupRequest as _tessera_v1_GetGroupRequest,
  GetGroupRequest__Output as _tessera_v1_GetGroupRequest__Output,
} from './tessera/v1/GetGroupRequest.js';
import type {
  GetGroupResponse as _tessera_v1_GetGroupResponse,
  GetGroupResponse__Output as _tessera_v1_GetGroupResponse__Output,
} from './tessera/v1/GetGroupResponse.js';
import type {
  GetInfoRequest as _tessera_v1_GetInfoRequest,
  GetInfoRequest__Output as _tessera_v1_GetInfoRequest__Output,
} from './tessera/v1/GetInfoRequest.js';
import type {
  GetQueueRequest as _tessera_v1_GetQueueRequest,
  GetQueueRequest__Output as _tessera_v1_GetQueueRequest__Output,
} from './tessera/v1/GetQueueRequest.js';
import type {
  GetQueueResponse as _tessera_v1_GetQueueResponse,
  GetQueueResponse__Output as _tessera_v1_GetQueueResponse__Output,
} from './tessera/v1/GetQueueResponse.js';
import type { Group as _tessera_v1_Group, Group__Output as _tessera_v1_Group__Output } from './tessera/v1/Group.js';
import type {
  HealthCheckResult as _tessera_v1_HealthCheckResult,
  HealthCheckResult__Output as _tessera_v1_HealthCheckResult__Output,
} from './tessera/v1/HealthCheckResult.js';
import type {
  KillTasksRequest as _tessera_v1_KillTasksRequest,
  KillTasksRequest__Output as _tessera_v1_KillTasksRequest__Output,
} from './tessera/v1/KillTasksRequest.js';
import type {
  KillTasksResponse as _tessera_v1_KillTasksResponse,
  KillTasksResponse__Output as _tessera_v1_KillTasksResponse__Output,
} from './tessera/v1/KillTasksResponse.js';
import type {
  ListAppVersionsRequest as _tessera_v1_ListAppVersionsRequest,
  ListAppVersionsRequest__Output as _tessera_v1_ListAppVersionsRequest__Output,
} from './tessera/v1/ListAppVersionsRequest.js';
import type {
  ListAppVersionsResponse as _tessera_v1_ListAppVersionsResponse,
  ListAppVersionsResponse__Output as _tessera_v1_ListAppVersionsResponse__Output,
} from './tessera/v1/ListAppVersionsResponse.js';
import type {
  ListAppsRequest as _tessera_v1_ListAppsRequest,
  ListAppsRequest__Output as _tessera_v1_ListAppsRequest__Output,
} from './tessera/v1/ListAppsRequest.js';
import type {
  ListAppsResponse as _tessera_v1_ListAppsResponse,
  ListAppsResponse__Output as _tessera_v1_ListAppsResponse__Output,
} from './tessera/v1/ListAppsResponse.js';
import type {
  ListDeploymentsRequest as _tessera_v1_ListDeploymentsRequest,
  ListDeploymentsRequest__Output as _tessera_v1_ListDeploymentsRequest__Output,
} from './tessera/v1/ListDeploymentsRequest.js';
import type {
  ListDeploymentsResponse as _tessera_v1_ListDeploymentsResponse,
  ListDeploymentsResponse__Output as _tessera_v1_ListDeploymentsResponse__Output,
} from './tessera/v1/ListDeploymentsResponse.js';
import type {
  ListTasksRequest as _tessera_v1_ListTasksRequest,
  ListTasksRequest__Output as _tessera_v1_ListTasksRequest__Output,
} from './tessera/v1/ListTasksRequest.js';
import type {
  ListTasksResponse as _tessera_v1_ListTasksResponse,
  ListTasksResponse__Output as _tessera_v1_ListTasksResponse__Output,
} from './tessera/v1/ListTasksResponse.js';
import type {
  MarathonClient as _tessera_v1_MarathonClient,
  MarathonDefinition as _tessera_v1_MarathonDefinition,
} from './tessera/v1/Marathon.js';
import type {
  MarathonEvent as _tessera_v1_MarathonEvent,
  MarathonEvent__Output as _tessera_v1_MarathonEvent__Output,
} from './tessera/v1/MarathonEvent.js';
import type {
  MarathonInfo as _tessera_v1_MarathonInfo,
  MarathonInfo__Output as _tessera_v1_MarathonInfo__Output,
} from './tessera/v1/MarathonInfo.js';
import type {
  MarathonTask as _tessera_v1_MarathonTask,
  MarathonTask__Output as _tessera_v1_MarathonTask__Output,
} from './tessera/v1/MarathonTask.js';
import type {
  PortDefinition as _tessera_v1_PortDefinition,
  PortDefinition__Output as _tessera_v1_PortDefinition__Output,
} from './tessera/v1/PortDefinition.js';
import type {
  PutGroupRequest as _tessera_v1_PutGroupRequest,
  PutGroupRequest__Output as _tessera_v1_PutGroupRequest__Output,
} from './tessera/v1/PutGroupRequest.js';
import type {
  QueueEntry as _tessera_v1_QueueEntry,
  QueueEntry__Output as _tessera_v1_QueueEntry__Output,
} from './tessera/v1/QueueEntry.js';
import type {
  ReadinessCheck as _tessera_v1_ReadinessCheck,
  ReadinessCheck__Output as _tessera_v1_ReadinessCheck__Output,
} from './tessera/v1/ReadinessCheck.js';
import type {
  RejectCount as _tessera_v1_RejectCount,
  RejectCount__Output as _tessera_v1_RejectCount__Output,
} from './tessera/v1/RejectCount.js';
import type {
  ResetDelayRequest as _tessera_v1_ResetDelayRequest,
  ResetDelayRequest__Output as _tessera_v1_ResetDelayRequest__Output,
} from './tessera/v1/ResetDelayRequest.js';
import type {
  ResetDelayResponse as _tessera_v1_ResetDelayResponse,
  ResetDelayResponse__Output as _tessera_v1_ResetDelayResponse__Output,
} from './tessera/v1/ResetDelayResponse.js';
import type {
  RestartAppRequest as _tessera_v1_RestartAppRequest,
  RestartAppRequest__Output as _tessera_v1_RestartAppRequest__Output,
} from './tessera/v1/RestartAppRequest.js';
import type {
  RollbackAppRequest as _tessera_v1_RollbackAppRequest,
  RollbackAppRequest__Output as _tessera_v1_RollbackAppRequest__Output,
} from './tessera/v1/RollbackAppRequest.js';
import type {
  StreamEventsRequest as _tessera_v1_StreamEventsRequest,
  StreamEventsRequest__Output as _tessera_v1_StreamEventsRequest__Output,
} from './tessera/v1/StreamEventsRequest.js';
import type {
  UnreachableStrategy as _tessera_v1_UnreachableStrategy,
  UnreachableStrategy__Output as _tessera_v1_UnreachableStrategy__Output,
} from './tessera/v1/UnreachableStrategy.js';
import type {
  UpdateAppRequest as _tessera_v1_UpdateAppRequest,
  UpdateAppRequest__Output as _tessera_v1_UpdateAppRequest__Output,
} from './tessera/v1/UpdateAppRequest.js';
import type {
  UpgradeStrategy as _tessera_v1_UpgradeStrategy,
  UpgradeStrategy__Output as _tessera_v1_UpgradeStrategy__Output,
} from './tessera/v1/UpgradeStrategy.js';
import type {
  ValidationProblem as _tessera_v1_ValidationProblem,
  ValidationProblem__Output as _tessera_v1_ValidationProblem__Output,
} from './tessera/v1/ValidationProblem.js';
import type {
  ValidationProblems as _tessera_v1_ValidationProblems,
  ValidationProblems__Output as _tessera_v1_ValidationProblems__Output,
} from './tessera/v1/ValidationProblems.js';
import type {
  VersionInfo as _tessera_v1_VersionInfo,
  VersionInfo__Output as _tessera_v1_VersionInfo__Output,
} from './tessera/v1/VersionInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      App: MessageTypeDefinition<_tessera_v1_App, _tessera_v1_App__Output>;
      AppConstraint: MessageTypeDefinition<_tessera_v1_AppConstraint, _tessera_v1_AppConstraint__Output>;
      AppHealthCheck: MessageTypeDefinition<_tessera_v1_AppHealthCheck, _tessera_v1_AppHealthCheck__Output>;
      AppStatus: MessageTypeDefinition<_tessera_v1_AppStatus, _tessera_v1_AppStatus__Output>;
      CancelDeploymentRequest: MessageTypeDefinition<
        _tessera_v1_CancelDeploymentRequest,
        _tessera_v1_CancelDeploymentRequest__Output
      >;
      CancelDeploymentResponse: MessageTypeDefinition<
        _tessera_v1_CancelDeploymentResponse,
        _tessera_v1_CancelDeploymentResponse__Output
      >;
      CreateAppRequest: MessageTypeDefinition<_tessera_v1_CreateAppRequest, _tessera_v1_CreateAppRequest__Output>;
      DelayInfo: MessageTypeDefinition<_tessera_v1_DelayInfo, _tessera_v1_DelayInfo__Output>;
      DeleteAppRequest: MessageTypeDefinition<_tessera_v1_DeleteAppRequest, _tessera_v1_DeleteAppRequest__Output>;
      DeleteGroupRequest: MessageTypeDefinition<_tessera_v1_DeleteGroupRequest, _tessera_v1_DeleteGroupRequest__Output>;
      DeploymentAction: MessageTypeDefinition<_tessera_v1_DeploymentAction, _tessera_v1_DeploymentAction__Output>;
      DeploymentInfo: MessageTypeDefinition<_tessera_v1_DeploymentInfo, _tessera_v1_DeploymentInfo__Output>;
      DeploymentResult: MessageTypeDefinition<_tessera_v1_DeploymentResult, _tessera_v1_DeploymentResult__Output>;
      DeploymentStepInfo: MessageTypeDefinition<_tessera_v1_DeploymentStepInfo, _tessera_v1_DeploymentStepInfo__Output>;
      FetchUri: MessageTypeDefinition<_tessera_v1_FetchUri, _tessera_v1_FetchUri__Output>;
      GetAppRequest: MessageTypeDefinition<_tessera_v1_GetAppRequest, _tessera_v1_GetAppRequest__Output>;
      GetAppResponse: MessageTypeDefinition<_tessera_v1_GetAppResponse, _tessera_v1_GetAppResponse__Output>;
      GetGroupRequest: MessageTypeDefinition<_tessera_v1_GetGroupRequest, _tessera_v1_GetGroupRequest__Output>;
      GetGroupResponse: MessageTypeDefinition<_tessera_v1_GetGroupResponse, _tessera_v1_GetGroupResponse__Output>;
      GetInfoRequest: MessageTypeDefinition<_tessera_v1_GetInfoRequest, _tessera_v1_GetInfoRequest__Output>;
      GetQueueRequest: MessageTypeDefinition<_tessera_v1_GetQueueRequest, _tessera_v1_GetQueueRequest__Output>;
      GetQueueResponse: MessageTypeDefinition<_tessera_v1_GetQueueResponse, _tessera_v1_GetQueueResponse__Output>;
      Group: MessageTypeDefinition<_tessera_v1_Group, _tessera_v1_Group__Output>;
      HealthCheckResult: MessageTypeDefinition<_tessera_v1_HealthCheckResult, _tessera_v1_HealthCheckResult__Output>;
      KillSelection: EnumTypeDefinition;
      KillTasksRequest: MessageTypeDefinition<_tessera_v1_KillTasksRequest, _tessera_v1_KillTasksRequest__Output>;
      KillTasksResponse: MessageTypeDefinition<_tessera_v1_KillTasksResponse, _tessera_v1_KillTasksResponse__Output>;
      ListAppVersionsRequest: MessageTypeDefinition<
        _tessera_v1_ListAppVersionsRequest,
        _tessera_v1_ListAppVersionsRequest__Output
      >;
      ListAppVersionsResponse: MessageTypeDefinition<
        _tessera_v1_ListAppVersionsResponse,
        _tessera_v1_ListAppVersionsResponse__Output
      >;
      ListAppsRequest: MessageTypeDefinition<_tessera_v1_ListAppsRequest, _tessera_v1_ListAppsRequest__Output>;
      ListAppsResponse: MessageTypeDefinition<_tessera_v1_ListAppsResponse, _tessera_v1_ListAppsResponse__Output>;
      ListDeploymentsRequest: MessageTypeDefinition<
        _tessera_v1_ListDeploymentsRequest,
        _tessera_v1_ListDeploymentsRequest__Output
      >;
      ListDeploymentsResponse: MessageTypeDefinition<
        _tessera_v1_ListDeploymentsResponse,
        _tessera_v1_ListDeploymentsResponse__Output
      >;
      ListTasksRequest: MessageTypeDefinition<_tessera_v1_ListTasksRequest, _tessera_v1_ListTasksRequest__Output>;
      ListTasksResponse: MessageTypeDefinition<_tessera_v1_ListTasksResponse, _tessera_v1_ListTasksResponse__Output>;
      Marathon: SubtypeConstructor<typeof grpc.Client, _tessera_v1_MarathonClient> & {
        service: _tessera_v1_MarathonDefinition;
      };
      MarathonEvent: MessageTypeDefinition<_tessera_v1_MarathonEvent, _tessera_v1_MarathonEvent__Output>;
      MarathonInfo: MessageTypeDefinition<_tessera_v1_MarathonInfo, _tessera_v1_MarathonInfo__Output>;
      MarathonTask: MessageTypeDefinition<_tessera_v1_MarathonTask, _tessera_v1_MarathonTask__Output>;
      PortDefinition: MessageTypeDefinition<_tessera_v1_PortDefinition, _tessera_v1_PortDefinition__Output>;
      PutGroupRequest: MessageTypeDefinition<_tessera_v1_PutGroupRequest, _tessera_v1_PutGroupRequest__Output>;
      QueueEntry: MessageTypeDefinition<_tessera_v1_QueueEntry, _tessera_v1_QueueEntry__Output>;
      ReadinessCheck: MessageTypeDefinition<_tessera_v1_ReadinessCheck, _tessera_v1_ReadinessCheck__Output>;
      RejectCount: MessageTypeDefinition<_tessera_v1_RejectCount, _tessera_v1_RejectCount__Output>;
      ResetDelayRequest: MessageTypeDefinition<_tessera_v1_ResetDelayRequest, _tessera_v1_ResetDelayRequest__Output>;
      ResetDelayResponse: MessageTypeDefinition<_tessera_v1_ResetDelayResponse, _tessera_v1_ResetDelayResponse__Output>;
      RestartAppRequest: MessageTypeDefinition<_tessera_v1_RestartAppRequest, _tessera_v1_RestartAppRequest__Output>;
      RollbackAppRequest: MessageTypeDefinition<_tessera_v1_RollbackAppRequest, _tessera_v1_RollbackAppRequest__Output>;
      StreamEventsRequest: MessageTypeDefinition<
        _tessera_v1_StreamEventsRequest,
        _tessera_v1_StreamEventsRequest__Output
      >;
      UnreachableStrategy: MessageTypeDefinition<
        _tessera_v1_UnreachableStrategy,
        _tessera_v1_UnreachableStrategy__Output
      >;
      UpdateAppRequest: MessageTypeDefinition<_tessera_v1_UpdateAppRequest, _tessera_v1_UpdateAppRequest__Output>;
      UpgradeStrategy: MessageTypeDefinition<_tessera_v1_UpgradeStrategy, _tessera_v1_UpgradeStrategy__Output>;
      ValidationProblem: MessageTypeDefinition<_tessera_v1_ValidationProblem, _tessera_v1_ValidationProblem__Output>;
      ValidationProblems: MessageTypeDefinition<_tessera_v1_ValidationProblems, _tessera_v1_ValidationProblems__Output>;
      VersionInfo: MessageTypeDefinition<_tessera_v1_VersionInfo, _tessera_v1_VersionInfo__Output>;
    };
  };
}
