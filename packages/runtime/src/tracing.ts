import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import type * as grpc from '@grpc/grpc-js';
import type { Metadata } from '@grpc/grpc-js';
import { InterceptingCall, status as grpcStatus } from '@grpc/grpc-js';

const tracer = () => trace.getTracer('tessera');

const metadataGetter = {
  keys: (carrier: Metadata) => Object.keys(carrier.getMap()),
  get: (carrier: Metadata, key: string) => {
    const values = carrier.get(key);
    return values.length === 0 ? undefined : values.map(String);
  },
};
const metadataSetter = { set: (carrier: Metadata, key: string, value: string) => carrier.set(key, value) };

/** The trace context a caller sent in gRPC metadata (W3C traceparent). */
export function contextFromMetadata(metadata: Metadata): Context {
  return propagation.extract(ROOT_CONTEXT, metadata, metadataGetter);
}

/** A client interceptor that sends the active trace context with every call and records a client span. */
export const tracingInterceptor: grpc.Interceptor = (options, nextCall) => {
  const path = options.method_definition.path;
  const span = tracer().startSpan(path.slice(1), {
    kind: SpanKind.CLIENT,
    attributes: { 'rpc.system': 'grpc', 'rpc.method': path },
  });
  const spanContext = trace.setSpan(context.active(), span);
  return new InterceptingCall(nextCall(options), {
    start(metadata, _listener, next) {
      propagation.inject(spanContext, metadata, metadataSetter);
      // A partial listener: grpc-js passes everything else through to `listener`.
      next(metadata, {
        onReceiveStatus(status, nextStatus) {
          span.setAttribute('rpc.grpc.status_code', status.code);
          if (status.code !== grpcStatus.OK) span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
          span.end();
          nextStatus(status);
        },
      });
    },
  });
};

type AnyHandler = (
  call: { metadata: Metadata; on?: (event: string, cb: () => void) => unknown },
  callback?: grpc.sendUnaryData<unknown>,
) => void;

/**
 * Wraps every handler of a service implementation in a server span whose parent is
 * the caller's trace context, so handlers' own spans and published events join the
 * caller's trace. Unary spans end with the callback; streaming spans when the call ends.
 */
export function traceImplementation<T extends grpc.UntypedServiceImplementation>(
  serviceName: string,
  implementation: T,
): T {
  const wrapped: Record<string, AnyHandler> = {};
  for (const [method, handler] of Object.entries(implementation as unknown as Record<string, AnyHandler>)) {
    wrapped[method] = (call, callback) => {
      const parent = contextFromMetadata(call.metadata);
      const span = tracer().startSpan(
        `${serviceName}/${method}`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'rpc.system': 'grpc', 'rpc.service': serviceName, 'rpc.method': method },
        },
        parent,
      );
      const active = trace.setSpan(parent, span);
      if (callback !== undefined) {
        context.with(active, () =>
          handler(call, (error, value, trailer, flags) => {
            if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error.details ?? '') });
            span.end();
            callback(error, value, trailer, flags);
          }),
        );
      } else {
        let ended = false;
        const end = () => {
          if (!ended) {
            ended = true;
            span.end();
          }
        };
        call.on?.('finish', end);
        call.on?.('cancelled', end);
        call.on?.('close', end);
        call.on?.('error', end);
        context.with(active, () => handler(call));
      }
    };
  }
  return wrapped as unknown as T;
}
