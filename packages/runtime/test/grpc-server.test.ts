import { createServer } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkGrpcHealth,
  createGrpcClient,
  createLogger,
  createMetricsRegistry,
  grpcErrorFrom,
  InvalidArgumentError,
  MAX_ERROR_DETAILS_LENGTH,
  PortInUseError,
  startGrpcServer,
  startHttpServer,
  unary,
  type RunningGrpcServer,
} from '../src/index.js';

const logger = createLogger('test', { level: 'silent' });

describe('startGrpcServer', () => {
  let server: RunningGrpcServer;
  beforeAll(async () => {
    const Operator = tesseraGrpc().tessera.v1.Operator;
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      services: [
        {
          name: 'tessera.v1.Operator',
          definition: Operator.service,
          implementation: {
            GetWeights: unary<v1.GetWeightsRequest__Output, v1.GetWeightsResponse>([], logger, () => ({
              weights: [{ role: 'eng', weight: 2 }],
            })),
            RemoveQuota: unary<v1.RemoveQuotaRequest__Output, v1.RemoveQuotaResponse>([], logger, (request) => {
              throw new InvalidArgumentError(`no quota for ${request.role}`);
            }),
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await server?.shutdown();
  });

  it('serves calls, and maps errors through the table with the class name in a trailer', async () => {
    const client = createGrpcClient(tesseraGrpc().tessera.v1.Operator, server.address);
    const weights = await new Promise<v1.GetWeightsResponse__Output | undefined>((resolve, reject) =>
      client.GetWeights({}, (error, response) => (error ? reject(error) : resolve(response))),
    );
    expect(weights?.weights).toEqual([{ role: 'eng', weight: 2 }]);
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      client.RemoveQuota({ role: 'ops' }, (e) => resolve(e as grpc.ServiceError)),
    );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toBe('no quota for ops');
    expect(error.metadata.get('tessera-error')).toEqual(['InvalidArgumentError']);
    client.close();
  });

  it('cuts an error message of 100,000 characters so that the status still reaches the client', async () => {
    const client = createGrpcClient(tesseraGrpc().tessera.v1.Operator, server.address);
    const role = 'r'.repeat(100_000);
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      client.RemoveQuota({ role }, { deadline: Date.now() + 10_000 }, (e) => resolve(e as grpc.ServiceError)),
    );
    // Without the cut the trailers exceed the peer's limit and the call ends without this status.
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details.startsWith('no quota for rrr')).toBe(true);
    expect(error.details.length).toBeLessThan(MAX_ERROR_DETAILS_LENGTH + 100);
    expect(error.details).toMatch(/more characters\)$/);
    client.close();
  });

  it('answers an error whose message quotes a lone surrogate, and keeps serving', async () => {
    // Found by the fuzz suite: grpc-js's encodeURI of such details threw outside the handler and the process died.
    // RemoveQuotaRequest{role: "eng" + the UTF-8-like bytes of U+D800}, which protobufjs decodes to a lone surrogate.
    const request = Buffer.from([0x0a, 6, ...Buffer.from('eng'), 0xed, 0xa0, 0x80]);
    const raw = new grpc.Client(server.address, grpc.credentials.createInsecure());
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      raw.makeUnaryRequest<Buffer, Buffer>(
        '/tessera.v1.Operator/RemoveQuota',
        (value) => value,
        (value) => value,
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + 10_000 },
        (e) => resolve(e as grpc.ServiceError),
      ),
    );
    raw.close();
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details.startsWith('no quota for eng')).toBe(true);
  });

  it('makes error details well-formed: a lone surrogate becomes U+FFFD, a pair is kept, a pair cut in two too', () => {
    expect(grpcErrorFrom(new Error('a\uD800b\uDC00c'), []).details).toBe('a\uFFFDb\uFFFDc');
    expect(grpcErrorFrom(new Error('ok 😀'), []).details).toBe('ok 😀');
    const cut = grpcErrorFrom(new Error(`${'x'.repeat(MAX_ERROR_DETAILS_LENGTH - 1)}😀`), []).details ?? '';
    expect(() => encodeURI(cut)).not.toThrow();
  });

  it('refuses a message over 16 MiB with RESOURCE_EXHAUSTED, naming the limit, and keeps serving', async () => {
    const client = createGrpcClient(tesseraGrpc().tessera.v1.Operator, server.address);
    const role = 'r'.repeat(16 * 1024 * 1024);
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      client.RemoveQuota({ role }, { deadline: Date.now() + 20_000 }, (e) => resolve(e as grpc.ServiceError)),
    );
    expect(error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // grpc-js's words: "Received message larger than max (16777221 vs 16777216)".
    expect(error.details).toMatch(/larger than max \(\d+ vs 16777216\)/);
    const weights = await new Promise<v1.GetWeightsResponse__Output | undefined>((resolve, reject) =>
      client.GetWeights({}, (e, response) => (e ? reject(e) : resolve(response))),
    );
    expect(weights?.weights).toHaveLength(1);
    client.close();
  });

  it('answers the standard health check', async () => {
    const check = (service: string) => checkGrpcHealth(server.address, service);
    expect(await check('')).toBe('SERVING');
    expect(await check('tessera.v1.Operator')).toBe('SERVING');
    await expect(check('tessera.v1.Nothing')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });
});

describe('a port in use', () => {
  it('names the port and the flag and variable that change it, for gRPC and HTTP servers', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const grpcError = await startGrpcServer({ host: '127.0.0.1', port, logger, services: [] }).catch(
        (e: unknown) => e,
      );
      expect(grpcError).toBeInstanceOf(PortInUseError);
      expect((grpcError as Error).message).toBe(`port ${port} is in use on 127.0.0.1 (set --port or TESSERA_PORT)`);
      const httpError = await startHttpServer({
        host: '127.0.0.1',
        port,
        logger,
        metrics: createMetricsRegistry('test'),
        health: () => ({ ok: true }),
      }).catch((e: unknown) => e);
      expect((httpError as Error).message).toBe(
        `port ${port} is in use on 127.0.0.1 (set --http-port or TESSERA_HTTP_PORT)`,
      );
      const named = await startGrpcServer({
        host: '127.0.0.1',
        port,
        portSetting: 'agentPort',
        logger,
        services: [],
      }).catch((e: unknown) => e);
      expect((named as Error).message).toContain('(set --agent-port or TESSERA_AGENT_PORT)');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
