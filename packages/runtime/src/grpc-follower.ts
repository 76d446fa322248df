/**
 * gRPC services of a process that runs as one of several with one leader (the
 * master): the server is up from the start, and each service's handlers are
 * swapped in when the process is elected. Until then every call is refused with
 * the follower's answer (see leader-endpoints.ts).
 */
import type * as grpc from '@grpc/grpc-js';

/** A server call of any of the four kinds, and a handler of any kind, as service wrappers see them. */
export type AnyCall = grpc.ServerUnaryCall<unknown, unknown> & grpc.ServerWritableStream<unknown, unknown>;
export type AnyHandler = (call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => void;

/**
 * Ends a call of any kind at once with `status`: unary and client-streaming calls through their callback,
 * server-streaming and bidirectional ones with an error status.
 */
export function refuseCall(
  call: AnyCall,
  callback: grpc.sendUnaryData<unknown> | undefined,
  status: Partial<grpc.ServiceError>,
): void {
  if (callback !== undefined) return callback(status);
  // NOTE: emit('error') sends the status; destroy(error) would end the call without one (grpc-js 1.14).
  call.emit('error', Object.assign(new Error(status.details ?? 'refused'), status));
}

/**
 * An implementation of `definition` whose every method calls the same method of
 * `current()` at the time the call arrives, or, while `current()` is undefined,
 * ends the call at once with `refusal()` (unary and client-streaming calls
 * through their callback; server-streaming and bidirectional ones with an error
 * status). A call keeps the implementation it started with.
 */
export function switchableImplementation(
  definition: grpc.ServiceDefinition,
  current: () => grpc.UntypedServiceImplementation | undefined,
  refusal: () => Partial<grpc.ServiceError>,
): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    const handler: AnyHandler = (call, callback) => {
      const target = current()?.[name] as AnyHandler | undefined;
      if (target !== undefined) return target(call, callback);
      refuseCall(call, callback, refusal());
    };
    implementation[name] = handler as grpc.UntypedHandleCall;
  }
  return implementation;
}
