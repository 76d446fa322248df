import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGrpcClient,
  createLogger,
  initTelemetry,
  startGrpcServer,
  unary,
  type RunningGrpcServer,
} from '../src/index.js';

const logger = createLogger('test', { level: 'silent' });

describe('trace context over gRPC, without an exporter', () => {
  let server: RunningGrpcServer;
  let seenTraceId: string | undefined;

  beforeAll(async () => {
    expect(initTelemetry('test', {}).exporting).toBe(false);
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      services: [
        {
          name: 'tessera.v1.Operator',
          definition: tesseraGrpc().tessera.v1.Operator.service,
          implementation: {
            GetQuota: unary<v1.GetQuotaRequest__Output, v1.GetQuotaResponse>([], logger, () => {
              seenTraceId = trace.getSpanContext(context.active())?.traceId;
              return { quotas: [] };
            }),
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await server?.shutdown();
  });

  it("reaches the handler with the caller's trace ID", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const caller = trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    const client = createGrpcClient(tesseraGrpc().tessera.v1.Operator, server.address);
    await context.with(
      caller,
      () => new Promise<void>((resolve, reject) => client.GetQuota({}, (error) => (error ? reject(error) : resolve()))),
    );
    client.close();
    expect(seenTraceId).toBe(traceId);
  });
});
