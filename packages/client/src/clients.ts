import * as grpc from '@grpc/grpc-js';
import { tesseraGrpc } from '@tessera/proto';
import { createGrpcClient, type GrpcTls } from '@tessera/runtime';

type V1 = ReturnType<typeof tesseraGrpc>['tessera']['v1'];
export type SchedulerClient = InstanceType<V1['Scheduler']>;
export type OperatorClient = InstanceType<V1['Operator']>;
export type AgentClient = InstanceType<V1['Agent']>;
export type MarathonClient = InstanceType<V1['Marathon']>;

/** How a client reaches a server and who it says it is. */
export interface ClientOptions {
  /** Mutual TLS: the client's certificate and the CA the server's must chain to (see `loadTls`). Default: plaintext. */
  readonly tls?: GrpcTls | undefined;
  /**
   * A secret from the server's credentials file, sent as `authorization: Bearer <token>`
   * metadata on every call (streams included), on plaintext and TLS channels alike.
   */
  readonly token?: string | undefined;
}

/**
 * An interceptor that adds `authorization: Bearer <token>` to every call's
 * metadata. NOTE: an interceptor rather than call credentials, which grpc-js
 * only sends over TLS; a token on a plaintext channel is the operator's choice
 * (a development cluster, a proxy that terminates TLS).
 */
export function bearerTokenInterceptor(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

function clientOf<C>(
  Ctor: new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => C,
  address: string,
  options: ClientOptions,
): C {
  return createGrpcClient(Ctor, address, {
    tls: options.tls,
    ...(options.token === undefined ? {} : { interceptors: [bearerTokenInterceptor(options.token)] }),
  });
}

export function schedulerClient(address: string, options: ClientOptions = {}): SchedulerClient {
  return clientOf(tesseraGrpc().tessera.v1.Scheduler, address, options);
}
export function operatorClient(address: string, options: ClientOptions = {}): OperatorClient {
  return clientOf(tesseraGrpc().tessera.v1.Operator, address, options);
}
export function agentClient(address: string, options: ClientOptions = {}): AgentClient {
  return clientOf(tesseraGrpc().tessera.v1.Agent, address, options);
}
/** Marathon's typed API (`tessera.v1.Marathon`, the same operations as its REST API v2). */
export function marathonClient(address: string, options: ClientOptions = {}): MarathonClient {
  return clientOf(tesseraGrpc().tessera.v1.Marathon, address, options);
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
