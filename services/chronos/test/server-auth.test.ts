/**
 * A whole Chronos process's doors (startChronos, in this process, with the
 * in-memory store and bus) given `--credentials`, `--acls` and `--audit-log`:
 * the REST and the gRPC door apply the same files. No master runs: the
 * leader serves its (empty) state while it waits for one.
 */
import { bearerTokenInterceptor } from '@tessera/client';
import { tesseraGrpc } from '@tessera/proto';
import { createGrpcClient, createLogger, GrpcCode, type isGrpcError } from '@tessera/runtime';
import { basic, unaryAnswer, unaryRefusal, waitFor, writeAuthFiles } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chronosConfigSchema } from '../src/config.js';
import { startChronos, type RunningChronos } from '../src/server.js';
import { CHRONOS_ACLS } from './auth-fixtures.js';

type ServiceError = typeof isGrpcError extends (error: unknown) => error is infer E ? E : never;
type Callback<Res> = (error: ServiceError | null, response?: Res) => void;
type ChronosClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Chronos']>;

describe('startChronos with credentials and ACLs', () => {
  let chronos: RunningChronos;
  const clients: ChronosClient[] = [];
  const clientAs = (token?: string): ChronosClient => {
    const client = createGrpcClient(tesseraGrpc().tessera.v1.Chronos, chronos.grpcAddress, {
      ...(token === undefined ? {} : { interceptors: [bearerTokenInterceptor(token)] }),
    });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    const files = writeAuthFiles(CHRONOS_ACLS);
    const config = chronosConfigSchema.parse({
      host: '127.0.0.1',
      httpPort: 0,
      port: 0,
      // Nothing listens there: the leader keeps waiting for a master.
      master: '127.0.0.1:1',
      logLevel: 'silent',
      ...files,
    });
    chronos = await startChronos(config, {
      logger: createLogger('test', { level: 'silent' }),
      onDeposed: () => undefined,
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await chronos?.stop();
  });

  it('refuses anonymous REST and gRPC callers, and answers alice through both', async () => {
    const rest = `http://${chronos.httpAddress}/v1/scheduler/jobs`;
    expect((await fetch(rest)).status).toBe(401);
    const refusal = await unaryRefusal((done: Callback<unknown>) => clientAs().ListJobs({}, done));
    expect(refusal.code).toBe(GrpcCode.UNAUTHENTICATED);
    // Once this process leads (it answers from its state before a master is found).
    await waitFor(async () => (await fetch(rest, { headers: basic('alice', 'alice-secret') })).status === 200);
    const alice = clientAs('alice-secret');
    const jobs = await unaryAnswer((done: Callback<{ jobs: unknown[] }>) => alice.ListJobs({}, done));
    expect(jobs.jobs).toEqual([]);
    const denied = await unaryRefusal((done: Callback<unknown>) =>
      alice.PutJob(
        { job: { name: 'b-job', command: 'true', schedule: 'R/2026-12-03T02:00:00Z/P1D', owner: 'team-b' } },
        done,
      ),
    );
    expect(denied.code).toBe(GrpcCode.PERMISSION_DENIED);
  });
});
