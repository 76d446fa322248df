// Original file: proto/tessera/v1/agent_registry.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  AgentMessage as _tessera_v1_AgentMessage,
  AgentMessage__Output as _tessera_v1_AgentMessage__Output,
} from '../../tessera/v1/AgentMessage.js';
import type {
  MasterMessage as _tessera_v1_MasterMessage,
  MasterMessage__Output as _tessera_v1_MasterMessage__Output,
} from '../../tessera/v1/MasterMessage.js';

export interface AgentRegistryClient extends grpc.Client {
  Connect(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AgentMessage, _tessera_v1_MasterMessage__Output>;
  Connect(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AgentMessage, _tessera_v1_MasterMessage__Output>;
  connect(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AgentMessage, _tessera_v1_MasterMessage__Output>;
  connect(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_tessera_v1_AgentMessage, _tessera_v1_MasterMessage__Output>;
}

export interface AgentRegistryHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_tessera_v1_AgentMessage__Output, _tessera_v1_MasterMessage>;
}

export interface AgentRegistryDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<
    _tessera_v1_AgentMessage,
    _tessera_v1_MasterMessage,
    _tessera_v1_AgentMessage__Output,
    _tessera_v1_MasterMessage__Output
  >;
}
