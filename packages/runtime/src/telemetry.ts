import { context, propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface Telemetry {
  /** Whether spans are exported (OTEL_EXPORTER_OTLP_ENDPOINT was set). */
  exporting: boolean;
  /** Flushes and stops the exporter. Idempotent. */
  shutdown(): Promise<void>;
}

let installed: Telemetry | undefined;

/**
 * Sets up tracing once per process. Trace context always propagates (W3C
 * traceparent in gRPC metadata and NATS headers); spans are exported over OTLP
 * (HTTP/protobuf) only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, following the
 * standard OpenTelemetry environment variables.
 */
export function initTelemetry(
  serviceName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Telemetry {
  if (installed) return installed;
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const exporting = endpoint !== undefined && endpoint !== '';
  if (!exporting) {
    // NOTE: without an exporter no tracer provider is installed: spans are
    // non-recording (no cost per call), yet the caller's trace context still
    // propagates through gRPC metadata and NATS headers.
    const contextManager = new AsyncLocalStorageContextManager();
    contextManager.enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    installed = { exporting, shutdown: () => Promise.resolve() };
    return installed;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
  let stopped: Promise<void> | undefined;
  installed = {
    exporting,
    shutdown: () => (stopped ??= provider.shutdown()),
  };
  return installed;
}

export { context, propagation };
