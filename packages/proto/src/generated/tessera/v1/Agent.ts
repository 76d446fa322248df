// Original file: proto/tessera/v1/agent.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  GetAgentStateRequest as _tessera_v1_GetAgentStateRequest,
  GetAgentStateRequest__Output as _tessera_v1_GetAgentStateRequest__Output,
} from '../../tessera/v1/GetAgentStateRequest.js';
import type {
  GetAgentStateResponse as _tessera_v1_GetAgentStateResponse,
  GetAgentStateResponse__Output as _tessera_v1_GetAgentStateResponse__Output,
} from '../../tessera/v1/GetAgentStateResponse.js';
import type {
  GetAgentTasksRequest as _tessera_v1_GetAgentTasksRequest,
  GetAgentTasksRequest__Output as _tessera_v1_GetAgentTasksRequest__Output,
} from '../../tessera/v1/GetAgentTasksRequest.js';
import type {
  GetAgentTasksResponse as _tessera_v1_GetAgentTasksResponse,
  GetAgentTasksResponse__Output as _tessera_v1_GetAgentTasksResponse__Output,
} from '../../tessera/v1/GetAgentTasksResponse.js';
import type {
  GetContainersRequest as _tessera_v1_GetContainersRequest,
  GetContainersRequest__Output as _tessera_v1_GetContainersRequest__Output,
} from '../../tessera/v1/GetContainersRequest.js';
import type {
  GetContainersResponse as _tessera_v1_GetContainersResponse,
  GetContainersResponse__Output as _tessera_v1_GetContainersResponse__Output,
} from '../../tessera/v1/GetContainersResponse.js';
import type {
  ListFilesRequest as _tessera_v1_ListFilesRequest,
  ListFilesRequest__Output as _tessera_v1_ListFilesRequest__Output,
} from '../../tessera/v1/ListFilesRequest.js';
import type {
  ListFilesResponse as _tessera_v1_ListFilesResponse,
  ListFilesResponse__Output as _tessera_v1_ListFilesResponse__Output,
} from '../../tessera/v1/ListFilesResponse.js';
import type {
  ReadFileRequest as _tessera_v1_ReadFileRequest,
  ReadFileRequest__Output as _tessera_v1_ReadFileRequest__Output,
} from '../../tessera/v1/ReadFileRequest.js';
import type {
  ReadFileResponse as _tessera_v1_ReadFileResponse,
  ReadFileResponse__Output as _tessera_v1_ReadFileResponse__Output,
} from '../../tessera/v1/ReadFileResponse.js';

export interface AgentClient extends grpc.Client {
  GetContainers(
    argument: _tessera_v1_GetContainersRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetContainers(
    argument: _tessera_v1_GetContainersRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetContainers(
    argument: _tessera_v1_GetContainersRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetContainers(
    argument: _tessera_v1_GetContainersRequest,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;
  getContainers(
    argument: _tessera_v1_GetContainersRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;
  getContainers(
    argument: _tessera_v1_GetContainersRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;
  getContainers(
    argument: _tessera_v1_GetContainersRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;
  getContainers(
    argument: _tessera_v1_GetContainersRequest,
    callback: grpc.requestCallback<_tessera_v1_GetContainersResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetState(
    argument: _tessera_v1_GetAgentStateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetState(
    argument: _tessera_v1_GetAgentStateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetState(
    argument: _tessera_v1_GetAgentStateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetState(
    argument: _tessera_v1_GetAgentStateRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetAgentStateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetAgentStateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetAgentStateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  getState(
    argument: _tessera_v1_GetAgentStateRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAgentStateResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  getTasks(
    argument: _tessera_v1_GetAgentTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_GetAgentTasksResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListFiles(
    argument: _tessera_v1_ListFilesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListFiles(
    argument: _tessera_v1_ListFilesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListFiles(
    argument: _tessera_v1_ListFilesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListFiles(
    argument: _tessera_v1_ListFilesRequest,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listFiles(
    argument: _tessera_v1_ListFilesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listFiles(
    argument: _tessera_v1_ListFilesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listFiles(
    argument: _tessera_v1_ListFilesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listFiles(
    argument: _tessera_v1_ListFilesRequest,
    callback: grpc.requestCallback<_tessera_v1_ListFilesResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Reads up to `length` bytes from `offset`; answers the file's current size so
   * that callers can tail it.
   */
  ReadFile(
    argument: _tessera_v1_ReadFileRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReadFile(
    argument: _tessera_v1_ReadFileRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReadFile(
    argument: _tessera_v1_ReadFileRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReadFile(
    argument: _tessera_v1_ReadFileRequest,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Reads up to `length` bytes from `offset`; answers the file's current size so
   * that callers can tail it.
   */
  readFile(
    argument: _tessera_v1_ReadFileRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
  readFile(
    argument: _tessera_v1_ReadFileRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
  readFile(
    argument: _tessera_v1_ReadFileRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
  readFile(
    argument: _tessera_v1_ReadFileRequest,
    callback: grpc.requestCallback<_tessera_v1_ReadFileResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface AgentHandlers extends grpc.UntypedServiceImplementation {
  GetContainers: grpc.handleUnaryCall<_tessera_v1_GetContainersRequest__Output, _tessera_v1_GetContainersResponse>;

  GetState: grpc.handleUnaryCall<_tessera_v1_GetAgentStateRequest__Output, _tessera_v1_GetAgentStateResponse>;

  GetTasks: grpc.handleUnaryCall<_tessera_v1_GetAgentTasksRequest__Output, _tessera_v1_GetAgentTasksResponse>;

  ListFiles: grpc.handleUnaryCall<_tessera_v1_ListFilesRequest__Output, _tessera_v1_ListFilesResponse>;

  /**
   * Reads up to `length` bytes from `offset`; answers the file's current size so
   * that callers can tail it.
   */
  ReadFile: grpc.handleUnaryCall<_tessera_v1_ReadFileRequest__Output, _tessera_v1_ReadFileResponse>;
}

export interface AgentDefinition extends grpc.ServiceDefinition {
  GetContainers: MethodDefinition<
    _tessera_v1_GetContainersRequest,
    _tessera_v1_GetContainersResponse,
    _tessera_v1_GetContainersRequest__Output,
    _tessera_v1_GetContainersResponse__Output
  >;
  GetState: MethodDefinition<
    _tessera_v1_GetAgentStateRequest,
    _tessera_v1_GetAgentStateResponse,
    _tessera_v1_GetAgentStateRequest__Output,
    _tessera_v1_GetAgentStateResponse__Output
  >;
  GetTasks: MethodDefinition<
    _tessera_v1_GetAgentTasksRequest,
    _tessera_v1_GetAgentTasksResponse,
    _tessera_v1_GetAgentTasksRequest__Output,
    _tessera_v1_GetAgentTasksResponse__Output
  >;
  ListFiles: MethodDefinition<
    _tessera_v1_ListFilesRequest,
    _tessera_v1_ListFilesResponse,
    _tessera_v1_ListFilesRequest__Output,
    _tessera_v1_ListFilesResponse__Output
  >;
  ReadFile: MethodDefinition<
    _tessera_v1_ReadFileRequest,
    _tessera_v1_ReadFileResponse,
    _tessera_v1_ReadFileRequest__Output,
    _tessera_v1_ReadFileResponse__Output
  >;
}
