// Original file: proto/tessera/v1/marathon.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  CancelDeploymentRequest as _tessera_v1_CancelDeploymentRequest,
  CancelDeploymentRequest__Output as _tessera_v1_CancelDeploymentRequest__Output,
} from '../../tessera/v1/CancelDeploymentRequest.js';
import type {
  CancelDeploymentResponse as _tessera_v1_CancelDeploymentResponse,
  CancelDeploymentResponse__Output as _tessera_v1_CancelDeploymentResponse__Output,
} from '../../tessera/v1/CancelDeploymentResponse.js';
import type {
  CreateAppRequest as _tessera_v1_CreateAppRequest,
  CreateAppRequest__Output as _tessera_v1_CreateAppRequest__Output,
} from '../../tessera/v1/CreateAppRequest.js';
import type {
  DeleteAppRequest as _tessera_v1_DeleteAppRequest,
  DeleteAppRequest__Output as _tessera_v1_DeleteAppRequest__Output,
} from '../../tessera/v1/DeleteAppRequest.js';
import type {
  DeleteGroupRequest as _tessera_v1_DeleteGroupRequest,
  DeleteGroupRequest__Output as _tessera_v1_DeleteGroupRequest__Output,
} from '../../tessera/v1/DeleteGroupRequest.js';
import type {
  DeploymentResult as _tessera_v1_DeploymentResult,
  DeploymentResult__Output as _tessera_v1_DeploymentResult__Output,
} from '../../tessera/v1/DeploymentResult.js';
import type {
  GetAppRequest as _tessera_v1_GetAppRequest,
  GetAppRequest__Output as _tessera_v1_GetAppRequest__Output,
} from '../../tessera/v1/GetAppRequest.js';
import type {
  GetAppResponse as _tessera_v1_GetAppResponse,
  GetAppResponse__Output as _tessera_v1_GetAppResponse__Output,
} from '../../tessera/v1/GetAppResponse.js';
import type {
  GetGroupRequest as _tessera_v1_GetGroupRequest,
  GetGroupRequest__Output as _tessera_v1_GetGroupRequest__Output,
} from '../../tessera/v1/GetGroupRequest.js';
import type {
  GetGroupResponse as _tessera_v1_GetGroupResponse,
  GetGroupResponse__Output as _tessera_v1_GetGroupResponse__Output,
} from '../../tessera/v1/GetGroupResponse.js';
import type {
  GetInfoRequest as _tessera_v1_GetInfoRequest,
  GetInfoRequest__Output as _tessera_v1_GetInfoRequest__Output,
} from '../../tessera/v1/GetInfoRequest.js';
import type {
  GetQueueRequest as _tessera_v1_GetQueueRequest,
  GetQueueRequest__Output as _tessera_v1_GetQueueRequest__Output,
} from '../../tessera/v1/GetQueueRequest.js';
import type {
  GetQueueResponse as _tessera_v1_GetQueueResponse,
  GetQueueResponse__Output as _tessera_v1_GetQueueResponse__Output,
} from '../../tessera/v1/GetQueueResponse.js';
import type {
  KillTasksRequest as _tessera_v1_KillTasksRequest,
  KillTasksRequest__Output as _tessera_v1_KillTasksRequest__Output,
} from '../../tessera/v1/KillTasksRequest.js';
import type {
  KillTasksResponse as _tessera_v1_KillTasksResponse,
  KillTasksResponse__Output as _tessera_v1_KillTasksResponse__Output,
} from '../../tessera/v1/KillTasksResponse.js';
import type {
  ListAppVersionsRequest as _tessera_v1_ListAppVersionsRequest,
  ListAppVersionsRequest__Output as _tessera_v1_ListAppVersionsRequest__Output,
} from '../../tessera/v1/ListAppVersionsRequest.js';
import type {
  ListAppVersionsResponse as _tessera_v1_ListAppVersionsResponse,
  ListAppVersionsResponse__Output as _tessera_v1_ListAppVersionsResponse__Output,
} from '../../tessera/v1/ListAppVersionsResponse.js';
import type {
  ListAppsRequest as _tessera_v1_ListAppsRequest,
  ListAppsRequest__Output as _tessera_v1_ListAppsRequest__Output,
} from '../../tessera/v1/ListAppsRequest.js';
import type {
  ListAppsResponse as _tessera_v1_ListAppsResponse,
  ListAppsResponse__Output as _tessera_v1_ListAppsResponse__Output,
} from '../../tessera/v1/ListAppsResponse.js';
import type {
  ListDeploymentsRequest as _tessera_v1_ListDeploymentsRequest,
  ListDeploymentsRequest__Output as _tessera_v1_ListDeploymentsRequest__Output,
} from '../../tessera/v1/ListDeploymentsRequest.js';
import type {
  ListDeploymentsResponse as _tessera_v1_ListDeploymentsResponse,
  ListDeploymentsResponse__Output as _tessera_v1_ListDeploymentsResponse__Output,
} from '../../tessera/v1/ListDeploymentsResponse.js';
import type {
  ListTasksRequest as _tessera_v1_ListTasksRequest,
  ListTasksRequest__Output as _tessera_v1_ListTasksRequest__Output,
} from '../../tessera/v1/ListTasksRequest.js';
import type {
  ListTasksResponse as _tessera_v1_ListTasksResponse,
  ListTasksResponse__Output as _tessera_v1_ListTasksResponse__Output,
} from '../../tessera/v1/ListTasksResponse.js';
import type {
  MarathonEvent as _tessera_v1_MarathonEvent,
  MarathonEvent__Output as _tessera_v1_MarathonEvent__Output,
} from '../../tessera/v1/MarathonEvent.js';
import type {
  MarathonInfo as _tessera_v1_MarathonInfo,
  MarathonInfo__Output as _tessera_v1_MarathonInfo__Output,
} from '../../tessera/v1/MarathonInfo.js';
import type {
  PutGroupRequest as _tessera_v1_PutGroupRequest,
  PutGroupRequest__Output as _tessera_v1_PutGroupRequest__Output,
} from '../../tessera/v1/PutGroupRequest.js';
import type {
  ResetDelayRequest as _tessera_v1_ResetDelayRequest,
  ResetDelayRequest__Output as _tessera_v1_ResetDelayRequest__Output,
} from '../../tessera/v1/ResetDelayRequest.js';
import type {
  ResetDelayResponse as _tessera_v1_ResetDelayResponse,
  ResetDelayResponse__Output as _tessera_v1_ResetDelayResponse__Output,
} from '../../tessera/v1/ResetDelayResponse.js';
import type {
  RestartAppRequest as _tessera_v1_RestartAppRequest,
  RestartAppRequest__Output as _tessera_v1_RestartAppRequest__Output,
} from '../../tessera/v1/RestartAppRequest.js';
import type {
  RollbackAppRequest as _tessera_v1_RollbackAppRequest,
  RollbackAppRequest__Output as _tessera_v1_RollbackAppRequest__Output,
} from '../../tessera/v1/RollbackAppRequest.js';
import type {
  StreamEventsRequest as _tessera_v1_StreamEventsRequest,
  StreamEventsRequest__Output as _tessera_v1_StreamEventsRequest__Output,
} from '../../tessera/v1/StreamEventsRequest.js';
import type {
  UpdateAppRequest as _tessera_v1_UpdateAppRequest,
  UpdateAppRequest__Output as _tessera_v1_UpdateAppRequest__Output,
} from '../../tessera/v1/UpdateAppRequest.js';

export interface MarathonClient extends grpc.Client {
  /**
   * Without `force`: rolls the deployment back (a new deployment to the
   * previous state). With `force`: only stops it where it is.
   */
  CancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;
  CancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;
  CancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;
  CancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Without `force`: rolls the deployment back (a new deployment to the
   * previous state). With `force`: only stops it where it is.
   */
  cancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;
  cancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;
  cancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;
  cancelDeployment(
    argument: _tessera_v1_CancelDeploymentRequest,
    callback: grpc.requestCallback<_tessera_v1_CancelDeploymentResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Creates an app (with its missing groups). ALREADY_EXISTS if the id is taken.
   */
  CreateApp(
    argument: _tessera_v1_CreateAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  CreateApp(
    argument: _tessera_v1_CreateAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  CreateApp(
    argument: _tessera_v1_CreateAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  CreateApp(
    argument: _tessera_v1_CreateAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Creates an app (with its missing groups). ALREADY_EXISTS if the id is taken.
   */
  createApp(
    argument: _tessera_v1_CreateAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  createApp(
    argument: _tessera_v1_CreateAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  createApp(
    argument: _tessera_v1_CreateAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  createApp(
    argument: _tessera_v1_CreateAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Stops and removes an app. Forced by default, as Marathon's DELETE.
   */
  DeleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  DeleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  DeleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  DeleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Stops and removes an app. Forced by default, as Marathon's DELETE.
   */
  deleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  deleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  deleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  deleteApp(
    argument: _tessera_v1_DeleteAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;

  DeleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  DeleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  DeleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  DeleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  deleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  deleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  deleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  deleteGroup(
    argument: _tessera_v1_DeleteGroupRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;

  GetApp(
    argument: _tessera_v1_GetAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetApp(
    argument: _tessera_v1_GetAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetApp(
    argument: _tessera_v1_GetAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetApp(
    argument: _tessera_v1_GetAppRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;
  getApp(
    argument: _tessera_v1_GetAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;
  getApp(
    argument: _tessera_v1_GetAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;
  getApp(
    argument: _tessera_v1_GetAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;
  getApp(
    argument: _tessera_v1_GetAppRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAppResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetGroup(
    argument: _tessera_v1_GetGroupRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetGroup(
    argument: _tessera_v1_GetGroupRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetGroup(
    argument: _tessera_v1_GetGroupRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetGroup(
    argument: _tessera_v1_GetGroupRequest,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;
  getGroup(
    argument: _tessera_v1_GetGroupRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;
  getGroup(
    argument: _tessera_v1_GetGroupRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;
  getGroup(
    argument: _tessera_v1_GetGroupRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;
  getGroup(
    argument: _tessera_v1_GetGroupRequest,
    callback: grpc.requestCallback<_tessera_v1_GetGroupResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetInfo(
    argument: _tessera_v1_GetInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetInfo(
    argument: _tessera_v1_GetInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetInfo(
    argument: _tessera_v1_GetInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetInfo(
    argument: _tessera_v1_GetInfoRequest,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetInfoRequest,
    callback: grpc.requestCallback<_tessera_v1_MarathonInfo__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Apps waiting to launch instances, with their launch delay and why offers did not fit.
   */
  GetQueue(
    argument: _tessera_v1_GetQueueRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetQueue(
    argument: _tessera_v1_GetQueueRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetQueue(
    argument: _tessera_v1_GetQueueRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetQueue(
    argument: _tessera_v1_GetQueueRequest,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Apps waiting to launch instances, with their launch delay and why offers did not fit.
   */
  getQueue(
    argument: _tessera_v1_GetQueueRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;
  getQueue(
    argument: _tessera_v1_GetQueueRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;
  getQueue(
    argument: _tessera_v1_GetQueueRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;
  getQueue(
    argument: _tessera_v1_GetQueueRequest,
    callback: grpc.requestCallback<_tessera_v1_GetQueueResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Kills tasks. Without `scale` each killed instance is launched again; with
   * `scale` the app's `instances` is lowered by a deployment.
   */
  KillTasks(
    argument: _tessera_v1_KillTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillTasks(
    argument: _tessera_v1_KillTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillTasks(
    argument: _tessera_v1_KillTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillTasks(
    argument: _tessera_v1_KillTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Kills tasks. Without `scale` each killed instance is launched again; with
   * `scale` the app's `instances` is lowered by a deployment.
   */
  killTasks(
    argument: _tessera_v1_KillTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  killTasks(
    argument: _tessera_v1_KillTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  killTasks(
    argument: _tessera_v1_KillTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  killTasks(
    argument: _tessera_v1_KillTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_KillTasksResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listAppVersions(
    argument: _tessera_v1_ListAppVersionsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListAppVersionsResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListApps(
    argument: _tessera_v1_ListAppsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListApps(
    argument: _tessera_v1_ListAppsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListApps(
    argument: _tessera_v1_ListAppsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListApps(
    argument: _tessera_v1_ListAppsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listApps(
    argument: _tessera_v1_ListAppsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listApps(
    argument: _tessera_v1_ListAppsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listApps(
    argument: _tessera_v1_ListAppsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listApps(
    argument: _tessera_v1_ListAppsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListAppsResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listDeployments(
    argument: _tessera_v1_ListDeploymentsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListDeploymentsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * The tasks of one app (`app_id` set) or of every app.
   */
  ListTasks(
    argument: _tessera_v1_ListTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListTasks(
    argument: _tessera_v1_ListTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListTasks(
    argument: _tessera_v1_ListTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListTasks(
    argument: _tessera_v1_ListTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * The tasks of one app (`app_id` set) or of every app.
   */
  listTasks(
    argument: _tessera_v1_ListTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  listTasks(
    argument: _tessera_v1_ListTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  listTasks(
    argument: _tessera_v1_ListTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  listTasks(
    argument: _tessera_v1_ListTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_ListTasksResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Creates or replaces a group with its apps and groups (REST POST/PUT /v2/groups).
   */
  PutGroup(
    argument: _tessera_v1_PutGroupRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  PutGroup(
    argument: _tessera_v1_PutGroupRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  PutGroup(
    argument: _tessera_v1_PutGroupRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  PutGroup(
    argument: _tessera_v1_PutGroupRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Creates or replaces a group with its apps and groups (REST POST/PUT /v2/groups).
   */
  putGroup(
    argument: _tessera_v1_PutGroupRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  putGroup(
    argument: _tessera_v1_PutGroupRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  putGroup(
    argument: _tessera_v1_PutGroupRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  putGroup(
    argument: _tessera_v1_PutGroupRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Resets an app's launch delay (REST DELETE /v2/queue/{id}/delay).
   */
  ResetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Resets an app's launch delay (REST DELETE /v2/queue/{id}/delay).
   */
  resetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;
  resetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;
  resetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;
  resetDelay(
    argument: _tessera_v1_ResetDelayRequest,
    callback: grpc.requestCallback<_tessera_v1_ResetDelayResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Replaces every instance of the app, honouring its upgrade strategy.
   */
  RestartApp(
    argument: _tessera_v1_RestartAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  RestartApp(
    argument: _tessera_v1_RestartAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  RestartApp(
    argument: _tessera_v1_RestartAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  RestartApp(
    argument: _tessera_v1_RestartAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Replaces every instance of the app, honouring its upgrade strategy.
   */
  restartApp(
    argument: _tessera_v1_RestartAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  restartApp(
    argument: _tessera_v1_RestartAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  restartApp(
    argument: _tessera_v1_RestartAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  restartApp(
    argument: _tessera_v1_RestartAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Deploys a stored version of the app again (rollback).
   */
  RollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  RollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  RollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  RollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Deploys a stored version of the app again (rollback).
   */
  rollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  rollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  rollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  rollbackApp(
    argument: _tessera_v1_RollbackAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Events from now on, as REST /v2/events sends them (optionally of some types only).
   */
  StreamEvents(
    argument: _tessera_v1_StreamEventsRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_MarathonEvent__Output>;
  StreamEvents(
    argument: _tessera_v1_StreamEventsRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_MarathonEvent__Output>;
  /**
   * Events from now on, as REST /v2/events sends them (optionally of some types only).
   */
  streamEvents(
    argument: _tessera_v1_StreamEventsRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_MarathonEvent__Output>;
  streamEvents(
    argument: _tessera_v1_StreamEventsRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_MarathonEvent__Output>;

  /**
   * Replaces an app's definition (creates it if missing), or with `partial`
   * changes only the fields set (as REST PATCH).
   */
  UpdateApp(
    argument: _tessera_v1_UpdateAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  UpdateApp(
    argument: _tessera_v1_UpdateAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  UpdateApp(
    argument: _tessera_v1_UpdateAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  UpdateApp(
    argument: _tessera_v1_UpdateAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Replaces an app's definition (creates it if missing), or with `partial`
   * changes only the fields set (as REST PATCH).
   */
  updateApp(
    argument: _tessera_v1_UpdateAppRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  updateApp(
    argument: _tessera_v1_UpdateAppRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  updateApp(
    argument: _tessera_v1_UpdateAppRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
  updateApp(
    argument: _tessera_v1_UpdateAppRequest,
    callback: grpc.requestCallback<_tessera_v1_DeploymentResult__Output>,
  ): grpc.ClientUnaryCall;
}

export interface MarathonHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Without `force`: rolls the deployment back (a new deployment to the
   * previous state). With `force`: only stops it where it is.
   */
  CancelDeployment: grpc.handleUnaryCall<
    _tessera_v1_CancelDeploymentRequest__Output,
    _tessera_v1_CancelDeploymentResponse
  >;

  /**
   * Creates an app (with its missing groups). ALREADY_EXISTS if the id is taken.
   */
  CreateApp: grpc.handleUnaryCall<_tessera_v1_CreateAppRequest__Output, _tessera_v1_DeploymentResult>;

  /**
   * Stops and removes an app. Forced by default, as Marathon's DELETE.
   */
  DeleteApp: grpc.handleUnaryCall<_tessera_v1_DeleteAppRequest__Output, _tessera_v1_DeploymentResult>;

  DeleteGroup: grpc.handleUnaryCall<_tessera_v1_DeleteGroupRequest__Output, _tessera_v1_DeploymentResult>;

  GetApp: grpc.handleUnaryCall<_tessera_v1_GetAppRequest__Output, _tessera_v1_GetAppResponse>;

  GetGroup: grpc.handleUnaryCall<_tessera_v1_GetGroupRequest__Output, _tessera_v1_GetGroupResponse>;

  GetInfo: grpc.handleUnaryCall<_tessera_v1_GetInfoRequest__Output, _tessera_v1_MarathonInfo>;

  /**
   * Apps waiting to launch instances, with their launch delay and why offers did not fit.
   */
  GetQueue: grpc.handleUnaryCall<_tessera_v1_GetQueueRequest__Output, _tessera_v1_GetQueueResponse>;

  /**
   * Kills tasks. Without `scale` each killed instance is launched again; with
   * `scale` the app's `instances` is lowered by a deployment.
   */
  KillTasks: grpc.handleUnaryCall<_tessera_v1_KillTasksRequest__Output, _tessera_v1_KillTasksResponse>;

  ListAppVersions: grpc.handleUnaryCall<
    _tessera_v1_ListAppVersionsRequest__Output,
    _tessera_v1_ListAppVersionsResponse
  >;

  ListApps: grpc.handleUnaryCall<_tessera_v1_ListAppsRequest__Output, _tessera_v1_ListAppsResponse>;

  ListDeployments: grpc.handleUnaryCall<
    _tessera_v1_ListDeploymentsRequest__Output,
    _tessera_v1_ListDeploymentsResponse
  >;

  /**
   * The tasks of one app (`app_id` set) or of every app.
   */
  ListTasks: grpc.handleUnaryCall<_tessera_v1_ListTasksRequest__Output, _tessera_v1_ListTasksResponse>;

  /**
   * Creates or replaces a group with its apps and groups (REST POST/PUT /v2/groups).
   */
  PutGroup: grpc.handleUnaryCall<_tessera_v1_PutGroupRequest__Output, _tessera_v1_DeploymentResult>;

  /**
   * Resets an app's launch delay (REST DELETE /v2/queue/{id}/delay).
   */
  ResetDelay: grpc.handleUnaryCall<_tessera_v1_ResetDelayRequest__Output, _tessera_v1_ResetDelayResponse>;

  /**
   * Replaces every instance of the app, honouring its upgrade strategy.
   */
  RestartApp: grpc.handleUnaryCall<_tessera_v1_RestartAppRequest__Output, _tessera_v1_DeploymentResult>;

  /**
   * Deploys a stored version of the app again (rollback).
   */
  RollbackApp: grpc.handleUnaryCall<_tessera_v1_RollbackAppRequest__Output, _tessera_v1_DeploymentResult>;

  /**
   * Events from now on, as REST /v2/events sends them (optionally of some types only).
   */
  StreamEvents: grpc.handleServerStreamingCall<_tessera_v1_StreamEventsRequest__Output, _tessera_v1_MarathonEvent>;

  /**
   * Replaces an app's definition (creates it if missing), or with `partial`
   * changes only the fields set (as REST PATCH).
   */
  UpdateApp: grpc.handleUnaryCall<_tessera_v1_UpdateAppRequest__Output, _tessera_v1_DeploymentResult>;
}

export interface MarathonDefinition extends grpc.ServiceDefinition {
  CancelDeployment: MethodDefinition<
    _tessera_v1_CancelDeploymentRequest,
    _tessera_v1_CancelDeploymentResponse,
    _tessera_v1_CancelDeploymentRequest__Output,
    _tessera_v1_CancelDeploymentResponse__Output
  >;
  CreateApp: MethodDefinition<
    _tessera_v1_CreateAppRequest,
    _tessera_v1_DeploymentResult,
    _tessera_v1_CreateAppRequest__Output,
    _tessera_v1_DeploymentResult__Output
  >;
  DeleteApp: MethodDefinition<
    _tessera_v1_DeleteAppRequest,
    _tessera_v1_DeploymentResult,
    _tessera_v1_DeleteAppRequest__Output,
    _tessera_v1_DeploymentResult__Output
  >;
  DeleteGroup: MethodDefinition<
    _tessera_v1_DeleteGroupRequest,
    _tessera_v1_DeploymentResult,
    _tessera_v1_DeleteGroupRequest__Output,
    _tessera_v1_DeploymentResult__Output
  >;
  GetApp: MethodDefinition<
    _tessera_v1_GetAppRequest,
    _tessera_v1_GetAppResponse,
    _tessera_v1_GetAppRequest__Output,
    _tessera_v1_GetAppResponse__Output
  >;
  GetGroup: MethodDefinition<
    _tessera_v1_GetGroupRequest,
    _tessera_v1_GetGroupResponse,
    _tessera_v1_GetGroupRequest__Output,
    _tessera_v1_GetGroupResponse__Output
  >;
  GetInfo: MethodDefinition<
    _tessera_v1_GetInfoRequest,
    _tessera_v1_MarathonInfo,
    _tessera_v1_GetInfoRequest__Output,
    _tessera_v1_MarathonInfo__Output
  >;
  GetQueue: MethodDefinition<
    _tessera_v1_GetQueueRequest,
    _tessera_v1_GetQueueResponse,
    _tessera_v1_GetQueueRequest__Output,
    _tessera_v1_GetQueueResponse__Output
  >;
  KillTasks: MethodDefinition<
    _tessera_v1_KillTasksRequest,
    _tessera_v1_KillTasksResponse,
    _tessera_v1_KillTasksRequest__Output,
    _tessera_v1_KillTasksResponse__Output
  >;
  ListAppVersions: MethodDefinition<
    _tessera_v1_ListAppVersionsRequest,
    _tessera_v1_ListAppVersionsResponse,
    _tessera_v1_ListAppVersionsRequest__Output,
    _tessera_v1_ListAppVersionsResponse__Output
  >;
  ListApps: MethodDefinition<
    _tessera_v1_ListAppsRequest,
    _tessera_v1_ListAppsResponse,
    _tessera_v1_ListAppsRequest__Output,
    _tessera_v1_ListAppsResponse__Output
  >;
  ListDeployments: MethodDefinition<
    _tessera_v1_ListDeploymentsRequest,
    _tessera_v1_ListDeploymentsResponse,
    _tessera_v1_ListDeploymentsRequest__Output,
    _tessera_v1_ListDeploymentsResponse__Output
  >;
  ListTasks: MethodDefinition<
    _tessera_v1_ListTasksRequest,
    _tessera_v1_ListTasksResponse,
    _tessera_v1_ListTasksRequest__Output,
    _tessera_v1_ListTasksResponse__Output
  >;
  PutGroup: MethodDefinition<
    _tessera_v1_PutGroupRequest,
    _tessera_v1_DeploymentResult,
    _tessera_v1_PutGroupRequest__Output,
    _tessera_v1_DeploymentResult__Output
  >;
  ResetDelay: MethodDefinition<
    _tessera_v1_ResetDelayRequest,
    _tessera_v1_ResetDelayResponse,
    _tessera_v1_ResetDelayRequest__Output,
    _tessera_v1_ResetDelayResponse__Output
  >;
  RestartApp: MethodDefinition<
    _tessera_v1_RestartAppRequest,
    _tessera_v1_DeploymentResult,
    _tessera_v1_RestartAppRequest__Output,
    _tessera_v1_DeploymentResult__Output
  >;
  RollbackApp: MethodDefinition<
    _tessera_v1_RollbackAppRequest,
    _tessera_v1_DeploymentResult,
    _tessera_v1_RollbackAppRequest__Output,
    _tessera_v1_DeploymentResult__Output
  >;
  StreamEvents: MethodDefinition<
    _tessera_v1_StreamEventsRequest,
    _tessera_v1_MarathonEvent,
    _tessera_v1_StreamEventsRequest__Output,
    _tessera_v1_MarathonEvent__Output
  >;
  UpdateApp: MethodDefinition<
    _tessera_v1_UpdateAppRequest,
    _tessera_v1_DeploymentResult,
    _tessera_v1_UpdateAppRequest__Output,
    _tessera_v1_DeploymentResult__Output
  >;
}
