import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AgentProto } from './generated/agent.js';
import type { ProtoGrpcType as AgentRegistryProto } from './generated/agent_registry.js';
import type { ProtoGrpcType as AllocatorProto } from './generated/allocator.js';
import type { ProtoGrpcType as ChronosProto } from './generated/chronos.js';
import type { ProtoGrpcType as MarathonProto } from './generated/marathon.js';
import type { ProtoGrpcType as OperatorProto } from './generated/operator.js';
import type { ProtoGrpcType as SchedulerProto } from './generated/scheduler.js';
import { LOADER_OPTIONS, PROTO_FILES } from './loader-options.js';

/** Every tessera.v1 service constructor and message definition, as `grpc.loadPackageDefinition` returns them. */
export type TesseraGrpc = AgentProto &
  AgentRegistryProto &
  AllocatorProto &
  ChronosProto &
  MarathonProto &
  OperatorProto &
  SchedulerProto;

let definition: protoLoader.PackageDefinition | undefined;
let grpcObject: TesseraGrpc | undefined;

/** The package definition of all of tessera.v1 (loaded once, then cached). */
export function tesseraPackageDefinition(): protoLoader.PackageDefinition {
  definition ??= protoLoader.loadSync([...PROTO_FILES], {
    ...LOADER_OPTIONS,
    includeDirs: [...LOADER_OPTIONS.includeDirs],
  });
  return definition;
}

/** Service constructors (clients) and service definitions (servers) of tessera.v1. */
export function tesseraGrpc(): TesseraGrpc {
  grpcObject ??= grpc.loadPackageDefinition(tesseraPackageDefinition()) as unknown as TesseraGrpc;
  return grpcObject;
}

/** Fully qualified names of the gRPC services, e.g. for health and reflection. */
export const SERVICE_NAMES = {
  scheduler: 'tessera.v1.Scheduler',
  agentRegistry: 'tessera.v1.AgentRegistry',
  operator: 'tessera.v1.Operator',
  allocator: 'tessera.v1.Allocator',
  agent: 'tessera.v1.Agent',
  marathon: 'tessera.v1.Marathon',
  chronos: 'tessera.v1.Chronos',
} as const;
