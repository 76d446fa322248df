/**
 * A whole Marathon process's doors (startMarathon, in this process, with the
 * in-memory store and bus) given `--credentials`, `--acls` and `--audit-log`:
 * the REST and the gRPC door apply the same files. No master runs: the
 * leader serves its (empty) state while it waits for one.
 */
import { createMemoryBus, type BusMessage } from '@tessera/bus';
import { marathonClient, type MarathonClient } from '@tessera/client';
import { decodeMessage, type v1 } from '@tessera/proto';
import { createLogger, GrpcCode, type isGrpcError } from '@tessera/runtime';
import { basic, unaryAnswer, unaryRefusal, waitFor, writeAuthFiles } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marathonConfigSchema } from '../src/config.js';
import { startMarathon, type RunningMarathon } from '../src/server.js';
import { MARATHON_ACLS } from './auth-fixtures.js';

type ServiceError = typeof isGrpcError extends (error: unknown) => error is infer E ? E : never;
type Callback<Res> = (error: ServiceError | null, response?: Res) => void;

describe('startMarathon with credentials and ACLs', () => {
  let marathon: RunningMarathon;
  const clients: MarathonClient[] = [];
  const facts: BusMessage[] = [];
  beforeAll(async () => {
    const bus = createMemoryBus();
    bus.subscribe('tessera.audit.>', (message) => void facts.push(message));
    const files = writeAuthFiles(MARATHON_ACLS);
    const config = marathonConfigSchema.parse({
      host: '127.0.0.1',
      httpPort: 0,
      port: 0,
      // Nothing listens there: the leader keeps waiting for a master.
      master: '127.0.0.1:1',
      logLevel: 'silent',
      ...files,
    });
    marathon = await startMarathon(config, {
      bus,
      logger: createLogger('test', { level: 'silent' }),
      onDeposed: () => undefined,
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await marathon?.stop();
  });

  it('refuses anonymous REST and gRPC callers, and answers alice through both', async () => {
    const rest = `http://${marathon.httpAddress}/v2/apps`;
    expect((await fetch(rest)).status).toBe(401);
    const anonymous = marathonClient(marathon.grpcAddress);
    const alice = marathonClient(marathon.grpcAddress, { token: 'alice-secret' });
    clients.push(anonymous, alice);
    const refusal = await unaryRefusal((done: Callback<unknown>) => anonymous.ListApps({}, done));
    expect(refusal.code).toBe(GrpcCode.UNAUTHENTICATED);
    // Once this process leads (it answers from its state before a master is found).
    await waitFor(async () => (await fetch(rest, { headers: basic('alice', 'alice-secret') })).status === 200);
    const apps = await unaryAnswer((done: Callback<{ apps: unknown[] }>) => alice.ListApps({}, done));
    expect(apps.apps).toEqual([]);
    const denied = await unaryRefusal((done: Callback<unknown>) => alice.DeleteApp({ appId: '/team-b/web' }, done));
    expect(denied.code).toBe(GrpcCode.PERMISSION_DENIED);
    // Each decision, and the refused anonymous callers, also published as tessera.v1.AuditRecord facts.
    await waitFor(() => facts.some((f) => f.subject === 'tessera.audit.change_apps'), {
      what: 'the refused change published',
    });
    const change = facts.find((f) => f.subject === 'tessera.audit.change_apps')!;
    expect(decodeMessage<v1.AuditRecord__Output>('tessera.v1.AuditRecord', change.data)).toMatchObject({
      service: 'marathon',
      principal: 'alice',
      action: 'change_apps',
      allowed: false,
    });
    expect(facts.some((f) => f.subject === 'tessera.audit.authenticate')).toBe(true);
  });
});
