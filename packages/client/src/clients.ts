import type * as grpc from '@grpc/grpc-js';
import { tesseraGrpc } from '@tessera/proto';
import { createGrpcClient } from '@tessera/runtime';

type V1 = ReturnType<typeof tesseraGrpc>['tessera']['v1'];
export type SchedulerClient = InstanceType<V1['Scheduler']>;
export type OperatorClient = InstanceType<V1['Operator']>;
export type AgentClient = InstanceType<V1['Agent']>;
export type MarathonClient = InstanceType<V1['Marathon']>;

export function schedulerClient(address: string): SchedulerClient {
  return createGrpcClient(tesseraGrpc().tessera.v1.Scheduler, address);
}
export function operatorClient(address: string): OperatorClient {
  return createGrpcClient(tesseraGrpc().tessera.v1.Operator, address);
}
export function agentClient(address: string): AgentClient {
  return createGrpcClient(tesseraGrpc().tessera.v1.Agent, address);
}
/** Marathon's typed API (`tessera.v1.Marathon`, the same operations as its REST API v2). */
export function marathonClient(address: string): MarathonClient {
  return createGrpcClient(tesseraGrpc().tessera.v1.Marathon, address);
}

type Callback<Res> = (error: grpc.ServiceError | null, response?: Res) => void;

type WithMetadata<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: Callback<Res>,
) => unknown;

/** Calls a unary method as a promise, with a deadline (default 10 s) and, when given, request metadata. */
export function call<Req, Res>(
  method: (request: Req, options: grpc.CallOptions, callback: Callback<Res>) => unknown,
  request: Req,
  timeoutMs = 10_000,
  metadata?: grpc.Metadata,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const options = { deadline: new Date(Date.now() + timeoutMs) };
    const callback: Callback<Res> = (error, response) => {
      if (error) reject(error);
      else if (response === undefined) reject(new Error('empty response'));
      else resolve(response);
    };
    // NOTE: generated client methods take (request, [metadata], [options], callback).
    if (metadata === undefined) method(request, options, callback);
    else (method as unknown as WithMetadata<Req, Res>)(request, metadata, options, callback);
  });
}
