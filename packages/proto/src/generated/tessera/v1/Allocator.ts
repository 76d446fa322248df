// Original file: proto/tessera/v1/allocator.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  AllocatorRequest as _tessera_v1_AllocatorRequest,
  AllocatorRequest__Output as _tessera_v1_AllocatorRequest__Output,
} from '../../tessera/v1/AllocatorRequest.js';
import type {
  AllocatorResponse as _tessera_v1_AllocatorResponse,
  AllocatorResponse__Output as _tessera_v1_AllocatorResponse__Output,
} from '../../tessera/v1/AllocatorResponse.js';
import type {
  ExplainRequest as _tessera_v1_ExplainRequest,
  ExplainRequest__Output as _tessera_v1_ExplainRequest__Output,
} from '../../tessera/v1/ExplainRequest.js';
import type {
  ExplainResponse as _tessera_v1_ExplainResponse,
  ExplainResponse__Output as _tessera_v1_ExplainResponse__Output,
} from '../../tessera/v1/ExplainResponse.js';

export interface AllocatorClient extends grpc.Client {
  /**
   * One stream per master connection. The first request must be a Snapshot; a
   * new Snapshot at any time replaces the whole model.
   */
  Connect(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AllocatorRequest, _tessera_v1_AllocatorResponse__Output>;
  Connect(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AllocatorRequest, _tessera_v1_AllocatorResponse__Output>;
  /**
   * One stream per master connection. The first request must be a Snapshot; a
   * new Snapshot at any time replaces the whole model.
   */
  connect(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AllocatorRequest, _tessera_v1_AllocatorResponse__Output>;
  connect(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AllocatorRequest, _tessera_v1_AllocatorResponse__Output>;

  /**
   * Why a framework (or a role) is or is not getting offers (see later issues).
   */
  Explain(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  Explain(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  Explain(
    argument: _tessera_v1_ExplainRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  Explain(
    argument: _tessera_v1_ExplainRequest,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Why a framework (or a role) is or is not getting offers (see later issues).
   */
  explain(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  explain(
    argument: _tessera_v1_ExplainRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  explain(
    argument: _tessera_v1_ExplainRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
  explain(
    argument: _tessera_v1_ExplainRequest,
    callback: grpc.requestCallback<_tessera_v1_ExplainResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface AllocatorHandlers extends grpc.UntypedServiceImplementation {
  /**
   * One stream per master connection. The first request must be a Snapshot; a
   * new Snapshot at any time replaces the whole model.
   */
  Connect: grpc.handleBidiStreamingCall<_tessera_v1_AllocatorRequest__Output, _tessera_v1_AllocatorResponse>;

  /**
   * Why a framework (or a role) is or is not getting offers (see later issues).
   */
  Explain: grpc.handleUnaryCall<_tessera_v1_ExplainRequest__Output, _tessera_v1_ExplainResponse>;
}

export interface AllocatorDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<
    _tessera_v1_AllocatorRequest,
    _tessera_v1_AllocatorResponse,
    _tessera_v1_AllocatorRequest__Output,
    _tessera_v1_AllocatorResponse__Output
  >;
  Explain: MethodDefinition<
    _tessera_v1_ExplainRequest,
    _tessera_v1_ExplainResponse,
    _tessera_v1_ExplainRequest__Output,
    _tessera_v1_ExplainResponse__Output
  >;
}
