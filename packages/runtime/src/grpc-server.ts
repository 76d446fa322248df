import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import type * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { fileDescriptorProtos, tesseraFileDescriptorProtos } from '@tessera/proto';
import type { Logger } from './logging.js';
import { traceImplementation } from './tracing.js';
import { grpcErrorFrom, isAddressInUse, PortInUseError, SlowEventConsumerError, type ErrorTable } from './errors.js';
import { refuseCall, type AnyHandler } from './grpc-follower.js';
import { peerPrincipal, serverCredentials, type GrpcTls, type PrincipalKind } from './tls.js';

export interface GrpcServiceRegistration {
  /** Fully qualified name, e.g. "tessera.v1.Scheduler"; reported SERVING by the health service. */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
  /**
   * Over mutual TLS, the kinds of principal whose certificates may call this service (the allocator: masters
   * only); a client whose certificate names another kind, or no principal, is refused PERMISSION_DENIED
   * (`tessera-error: CallerKindError`) before any handler runs. Absent: any certificate of the CA. Plaintext
   * servers have no certificates to check.
   */
  callerKinds?: readonly PrincipalKind[];
}

export interface StartGrpcServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The configuration field that set `port`, named when the port is in use (default "port": `--port`, `TESSERA_PORT`). */
  portSetting?: string;
  logger: Logger;
  services: readonly GrpcServiceRegistration[];
  /** How long shutdown waits for calls in flight before cancelling them. Default 5000 ms. */
  shutdownGraceMs?: number;
  /**
   * Mutual TLS (see `loadTls`): every client must present a certificate that
   * chains to `tls.ca`, and handlers read its principal with `peerPrincipal`.
   * Default: plaintext.
   */
  tls?: GrpcTls | undefined;
  /**
   * The largest message a client may send, in bytes. Default 16 MiB (SERVER_CHANNEL_OPTIONS). Raised only by a
   * server whose callers legitimately send more (the allocator, which receives the master's whole snapshot).
   */
  maxReceiveMessageBytes?: number;
}

export interface RunningGrpcServer {
  server: grpc.Server;
  port: number;
  /** "host:port" */
  address: string;
  health: HealthImplementation;
  /** Marks every service NOT_SERVING, stops accepting calls, waits for calls in flight up to the grace period, then forces. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Server keepalive: ping idle clients every 30 s, allow client pings every 10 s.
 * A received message over 16 MiB is refused RESOURCE_EXHAUSTED ("Received
 * message larger than max (N vs 16777216)") before it is decoded, unless the
 * server raises it (`maxReceiveMessageBytes`).
 */
export const SERVER_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  'grpc.max_send_message_length': 64 * 1024 * 1024,
};

let discoverable: protoLoader.PackageDefinition | undefined;
/**
 * tessera.v1 plus grpc.health.v1, for server reflection: the `.proto` files as
 * written (their names, imports and snake_case fields), not as proto-loader
 * renames and merges them. `ReflectionService` reads only `fileDescriptorProtos`.
 */
function discoverableDefinition(): protoLoader.PackageDefinition {
  if (discoverable === undefined) {
    const files = [
      ...tesseraFileDescriptorProtos(),
      ...fileDescriptorProtos([{ name: 'grpc/health/v1/health.proto', path: healthProtoPath }]),
    ].map((bytes) => Buffer.from(bytes));
    discoverable = {
      'tessera.v1 and grpc.health.v1 files': {
        format: 'Protocol Buffer 3 FileDescriptorProto',
        type: {},
        fileDescriptorProtos: files,
      } as unknown as protoLoader.MessageTypeDefinition<object, object>,
    };
  }
  return discoverable;
}

/**
 * Starts a gRPC server with the given services, the standard health service
 * (grpc.health.v1.Health: "" and every service SERVING) and server reflection
 * (v1 and v1alpha), every handler traced. The one place that binds a gRPC port.
 * Plaintext, or mutual TLS with `tls` (health and reflection too: a client
 * without a certificate gets nothing). Rejects with PortInUseError when the
 * port is taken.
 */
export async function startGrpcServer(options: StartGrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new grpc.Server({
    ...SERVER_CHANNEL_OPTIONS,
    ...(options.maxReceiveMessageBytes === undefined
      ? {}
      : { 'grpc.max_receive_message_length': options.maxReceiveMessageBytes }),
  });
  const health = new HealthImplementation({ '': 'SERVING' });
  for (const service of options.services) {
    const implementation =
      options.tls === undefined || service.callerKinds === undefined
        ? service.implementation
        : kindGuardedImplementation(service, service.callerKinds);
    server.addService(service.definition, traceImplementation(service.name, implementation));
    health.setStatus(service.name, 'SERVING');
  }
  health.addToServer(server);
  // Reflection lists exactly what this server serves.
  new ReflectionService(discoverableDefinition(), {
    services: [...options.services.map((s) => s.name), 'grpc.health.v1.Health'],
  }).addToServer(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, serverCredentials(options.tls), (error, bound) => {
      if (error === null) return resolve(bound);
      server.forceShutdown();
      reject(
        isAddressInUse(error)
          ? new PortInUseError(options.host, options.port, options.portSetting ?? 'port', { cause: error })
          : error,
      );
    });
  });
  const address = `${options.host}:${port}`;
  options.logger.info(
    {
      address,
      services: options.services.map((s) => s.name),
      tls: options.tls === undefined ? false : { principal: options.tls.principal },
    },
    'gRPC server listening',
  );
  let stopping: Promise<void> | undefined;
  return {
    server,
    port,
    address,
    health,
    shutdown() {
      stopping ??= new Promise<void>((resolve) => {
        health.setStatus('', 'NOT_SERVING');
        for (const service of options.services) health.setStatus(service.name, 'NOT_SERVING');
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, options.shutdownGraceMs ?? 5000);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return stopping;
    },
  };
}

/**
 * `service`'s implementation behind a check of the caller's certificate: a handler runs only for a client whose
 * certificate names a principal of one of `kinds`; any other call is answered PERMISSION_DENIED, naming the
 * service, the kinds it serves and what the certificate names.
 */
export function kindGuardedImplementation(
  service: Pick<GrpcServiceRegistration, 'name' | 'definition' | 'implementation'>,
  kinds: readonly PrincipalKind[],
): grpc.UntypedServiceImplementation {
  const guarded: grpc.UntypedServiceImplementation = {};
  for (const [method, target] of Object.entries(service.implementation)) {
    const handler: AnyHandler = (call, callback) => {
      const caller = peerPrincipal(call);
      if (caller !== undefined && kinds.includes(caller.kind)) return (target as AnyHandler)(call, callback);
      const details = `${service.name} serves only principals of kind ${kinds.join(' or ')}; the client certificate names ${caller === undefined ? 'no Tessera principal' : `${caller.kind} "${caller.name}"`}`;
      const metadata = new grpc.Metadata();
      metadata.set('tessera-error', 'CallerKindError');
      refuseCall(call, callback, { code: grpc.status.PERMISSION_DENIED, details, metadata });
    };
    guarded[method] = handler as grpc.UntypedHandleCall;
  }
  return guarded;
}

/**
 * How a service answers a failed call: the status (code, details, trailers)
 * for what its handler threw. `grpcErrorFrom` with the service's table is the
 * usual one; a service whose contract adds trailers wraps it.
 */
export type GrpcErrorAnswer = (error: unknown) => Partial<grpc.ServiceError>;

/**
 * Adapts an async handler to a gRPC unary handler: the returned value is the
 * response; a thrown error is answered by `errors` (an error table, mapped by
 * `grpcErrorFrom`, or a GrpcErrorAnswer). Errors answered INTERNAL are logged
 * (when a logger is given).
 */
export function unary<Req, Res>(
  errors: ErrorTable | GrpcErrorAnswer,
  logger: Logger | undefined,
  handler: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res> | Res,
): grpc.handleUnaryCall<Req, Res> {
  const answer = answerOf(errors);
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request, call))
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          const status = answer(error);
          if (status.code === grpc.status.INTERNAL)
            logger?.error({ err: error, method: call.getPath() }, 'call failed');
          callback(status);
        },
      );
  };
}

export interface GrpcEventStreamOptions<Event, Message> {
  /** Subscribes `listener` to the events; returns the unsubscribe. What it throws ends the call with its status. */
  readonly subscribe: (listener: (event: Event) => void) => () => void;
  /** Whether the client asked for `event` (the request's filter). Default: every event. */
  readonly accepts?: (event: Event) => boolean;
  readonly toMessage: (event: Event) => Message;
  /** An event finding this many messages still waiting to be sent ends the call with SlowEventConsumerError. */
  readonly maxBufferedEvents: number;
  /** The status a failure ends the call with (see `unary`). */
  readonly errors: ErrorTable | GrpcErrorAnswer;
  /** Where a failure answered INTERNAL is logged. */
  readonly logger?: Logger;
}

/**
 * Serves a server-streaming call from a subscription: subscribes once, writes
 * each accepted event as a message, and unsubscribes when the client cancels,
 * the call closes or fails. A client that does not keep up (`maxBufferedEvents`
 * messages waiting) is ended with RESOURCE_EXHAUSTED (SlowEventConsumerError).
 * Returns a function that sends one more event down the same path (filter,
 * buffer check), e.g. a greeting; it does nothing once the call has ended.
 */
export function serveGrpcEventStream<Event, Message>(
  call: grpc.ServerWritableStream<unknown, Message>,
  options: GrpcEventStreamOptions<Event, Message>,
): (event: Event) => void {
  const answer = answerOf(options.errors);
  let unsubscribe: (() => void) | undefined;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe?.();
  };
  const fail = (error: unknown): void => {
    end();
    const status = answer(error);
    if (status.code === grpc.status.INTERNAL)
      options.logger?.error({ err: error, method: call.getPath() }, 'event stream failed');
    // NOTE: emit('error') sends the status; destroy(error) ends the call without one (grpc-js 1.14).
    call.emit('error', Object.assign(new Error(status.details), status));
  };
  const send = (event: Event): void => {
    if (ended || (options.accepts !== undefined && !options.accepts(event))) return;
    if (call.writableLength >= options.maxBufferedEvents)
      return fail(new SlowEventConsumerError(options.maxBufferedEvents));
    call.write(options.toMessage(event));
  };
  call.on('cancelled', end);
  call.on('close', end);
  call.on('error', end);
  try {
    const subscription = options.subscribe(send);
    // NOTE: a failure while subscribing (a listener called at once) may already have ended the call.
    if (ended) subscription();
    else unsubscribe = subscription;
  } catch (error) {
    fail(error);
  }
  return send;
}

function answerOf(errors: ErrorTable | GrpcErrorAnswer): GrpcErrorAnswer {
  return typeof errors === 'function' ? errors : (error) => grpcErrorFrom(error, errors);
}
