import type * as grpc from '@grpc/grpc-js';
import { tracingInterceptor } from './tracing.js';
import { channelCredentials, SERVER_KINDS, type GrpcTls } from './tls.js';

/** Client keepalive: ping every 20 s (above the servers' 10 s minimum), give up after 10 s without an answer; reconnect backoff 250 ms to 5 s. */
export const CLIENT_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 20_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
  'grpc.max_send_message_length': 64 * 1024 * 1024,
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 5_000,
};

type ClientConstructor<C> = (new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ClientOptions,
) => C) & { readonly service?: grpc.ServiceDefinition };

export interface CreateGrpcClientOptions extends grpc.ClientOptions {
  /**
   * Mutual TLS (see `loadTls`): present `tls.cert` and accept only a server
   * whose certificate chains to `tls.ca` and names the host of `address` in its
   * DNS or IP SANs, and, for a service of SERVER_KINDS, that names a principal
   * of the kind that serves it. Default: plaintext.
   */
  tls?: GrpcTls | undefined;
}

/**
 * A gRPC client for `address` ("host:port") with keepalive and trace-context
 * propagation: plaintext, or mutual TLS with `options.tls`. Other options are
 * channel options over CLIENT_CHANNEL_OPTIONS.
 */
export function createGrpcClient<C>(
  Ctor: ClientConstructor<C>,
  address: string,
  options: CreateGrpcClientOptions = {},
): C {
  const { tls, ...channelOptions } = options;
  const serverKind = SERVER_KINDS[serviceNameOf(Ctor.service) ?? ''];
  return new Ctor(address, channelCredentials(tls, serverKind), {
    ...CLIENT_CHANNEL_OPTIONS,
    ...channelOptions,
    interceptors: [tracingInterceptor, ...(channelOptions.interceptors ?? [])],
  });
}

/** The fully qualified name of a service ("tessera.v1.Scheduler"), from its methods' paths ("/tessera.v1.Scheduler/Subscribe"). */
export function serviceNameOf(definition: grpc.ServiceDefinition | undefined): string | undefined {
  const path = definition === undefined ? undefined : Object.values(definition)[0]?.path;
  return path?.split('/')[1];
}

/** Call options with a deadline `ms` from now. */
export function deadline(ms: number): grpc.CallOptions {
  return { deadline: new Date(Date.now() + ms) };
}

/** Resolves once the client's channel is ready, or rejects after `ms`. */
export function waitForReady(client: grpc.Client, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.waitForReady(new Date(Date.now() + ms), (error) => (error ? reject(error) : resolve()));
  });
}
