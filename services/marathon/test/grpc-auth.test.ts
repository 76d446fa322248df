/**
 * Marathon's gRPC door with credentials, ACLs and an audit log: the same
 * rules as the REST door (rest-auth.test.ts). Callers without a credential or
 * with a wrong one are refused UNAUTHENTICATED; reads are filtered by
 * view_apps (a hidden app is NOT_FOUND); changes are checked by change_apps
 * (PERMISSION_DENIED naming the rule, the API not called) and audited;
 * StreamEvents sends each caller only the events of apps it may view.
 */
import { bearerTokenInterceptor } from '@tessera/client';
import type { ServiceAuth } from '@tessera/framework/service';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import {
  createGrpcClient,
  createLogger,
  GrpcCode,
  type isGrpcError,
  startGrpcServer,
  type RunningGrpcServer,
  switchableFacade,
} from '@tessera/runtime';
import { auditLines, unaryAnswer, unaryRefusal } from '@tessera/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonEventJson } from '../src/events.js';
import { marathonGrpcService } from '../src/grpc/service.js';
import { secureMarathonAuth, TEAM_A, TEAM_B } from './auth-fixtures.js';
import { FakeMarathonApi, task } from './fake-api.js';

type ServiceError = typeof isGrpcError extends (error: unknown) => error is infer E ? E : never;
type Callback<Res> = (error: ServiceError | null, response?: Res) => void;
type MarathonClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Marathon']>;

const logger = createLogger('test', { level: 'silent' });

const answerOf = <Res>(start: (callback: Callback<Res>) => void): Promise<Res> => unaryAnswer(start);
const refusalOf = <Res>(start: (callback: Callback<Res>) => void): Promise<ServiceError> => unaryRefusal(start);

describe('tessera.v1.Marathon with credentials and ACLs', () => {
  let api = new FakeMarathonApi();
  let auth: ServiceAuth;
  let auditFile: string;
  let server: RunningGrpcServer;
  const clients: MarathonClient[] = [];
  /** A client that sends `token` as `authorization: Bearer <token>` on every call; none: anonymous. */
  const clientAs = (token?: string): MarathonClient => {
    const client = createGrpcClient(tesseraGrpc().tessera.v1.Marathon, server.address, {
      ...(token === undefined ? {} : { interceptors: [bearerTokenInterceptor(token)] }),
    });
    clients.push(client);
    return client;
  };
  let anonymous: MarathonClient;
  let alice: MarathonClient;
  let ops: MarathonClient;

  beforeAll(async () => {
    ({ auth, auditFile } = await secureMarathonAuth());
    // The server's api: whatever `api` is now (each test starts with a new one).
    const current = switchableFacade<FakeMarathonApi>(() => api);
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      services: [marathonGrpcService(current, { logger, auth })],
    });
    anonymous = clientAs();
    alice = clientAs('alice-secret');
    ops = clientAs('ops-secret');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.shutdown();
  });
  beforeEach(() => {
    api = new FakeMarathonApi();
  });

  it('refuses an anonymous caller UNAUTHENTICATED, saying how to authenticate, calls nothing, and audits it', async () => {
    const before = auditLines(auditFile).length;
    const refusal = await refusalOf((done) => anonymous.ListApps({}, done));
    expect(refusal.code).toBe(GrpcCode.UNAUTHENTICATED);
    expect(refusal.details).toMatch(
      /^this marathon requires authentication: .*authorization metadata "Bearer <secret>"/,
    );
    expect(refusal.metadata.get('tessera-error')).toEqual(['AnonymousCallerError']);
    const info = await refusalOf((done) => anonymous.GetInfo({}, done));
    expect(info.code).toBe(GrpcCode.UNAUTHENTICATED);
    expect(api.calls).toEqual([]);
    await auth.audit.flush();
    expect(auditLines(auditFile).slice(before)).toMatchObject([
      { service: 'marathon', principal: '', via: 'anonymous', action: 'authenticate', allowed: false },
      { service: 'marathon', principal: '', action: 'authenticate', allowed: false },
    ]);
  });

  it('refuses a wrong token UNAUTHENTICATED (never as anonymous), and calls nothing', async () => {
    const wrong = clientAs('not-a-secret');
    const refusal = await refusalOf((done) => wrong.DeleteApp({ appId: '/team-a/web' }, done));
    expect(refusal.code).toBe(GrpcCode.UNAUTHENTICATED);
    expect(refusal.details).toBe('the bearer token matches no credential');
    expect(api.calls).toEqual([]);
  });

  it('filters ListApps, ListTasks and GetQueue by view_apps; GetApp of a hidden app is NOT_FOUND', async () => {
    api
      .answer('listApps', [TEAM_A, TEAM_B])
      .answer('listTasks', [task({ id: 'a.1', appId: '/team-a/web' }), task({ id: 'b.1', appId: '/team-b/web' })])
      .answer('queue', {
        queue: [TEAM_A, TEAM_B].map((app) => ({
          app,
          count: 1,
          delay: { timeLeftSeconds: 0, overdue: false },
          since: '2026-12-02T10:00:00.000Z',
          processedOffersSummary: {
            processedOffersCount: 0,
            unusedOffersCount: 0,
            rejectSummaryLastOffers: [],
            rejectSummaryLaunchAttempt: [],
          },
        })),
      });
    const apps = await answerOf<v1.ListAppsResponse__Output>((done) => alice.ListApps({}, done));
    expect(apps.apps.map((app) => app.app?.id)).toEqual(['/team-a/web']);
    const tasks = await answerOf<v1.ListTasksResponse__Output>((done) => alice.ListTasks({}, done));
    expect(tasks.tasks.map((t) => t.id)).toEqual(['a.1']);
    const queue = await answerOf<v1.GetQueueResponse__Output>((done) => alice.GetQueue({}, done));
    expect(queue.queue.map((entry) => entry.appId)).toEqual(['/team-a/web']);
    const everything = await answerOf<v1.ListAppsResponse__Output>((done) => ops.ListApps({}, done));
    expect(everything.apps).toHaveLength(2);

    const hidden = await refusalOf((done) => alice.GetApp({ appId: '/team-b/web' }, done));
    expect(hidden.code).toBe(GrpcCode.NOT_FOUND);
    expect(hidden.metadata.get('tessera-error')).toEqual(['UnknownAppError']);
    const hiddenTasks = await refusalOf((done) => alice.ListTasks({ appId: 'team-b/web' }, done));
    expect(hiddenTasks.code).toBe(GrpcCode.NOT_FOUND);
    expect(api.calls.filter((call) => call.operation === 'getApp' || call.operation === 'appTasks')).toEqual([]);
  });

  it('refuses a change outside change_apps PERMISSION_DENIED naming principal, action, object and rule; calls nothing; audits it', async () => {
    const before = auditLines(auditFile).length;
    const refusal = await refusalOf((done) =>
      alice.UpdateApp({ app: { id: '/team-b/web', instances: 3 }, partial: true }, done),
    );
    expect(refusal.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(refusal.details).toMatch(/^principal "alice" may not change_apps "\/team-b\/web": refused by .*acls\.json/);
    expect(refusal.metadata.get('tessera-error')).toEqual(['PermissionDeniedError']);
    for (const start of [
      (done: Callback<unknown>) => alice.DeleteApp({ appId: '/team-b/web' }, done),
      (done: Callback<unknown>) => alice.CreateApp({ app: { id: '/team-b/api', cmd: 'sleep 1' } }, done),
      (done: Callback<unknown>) => alice.DeleteGroup({ groupId: '/team-b' }, done),
      (done: Callback<unknown>) => alice.ResetDelay({ appId: '/team-b/web' }, done),
    ])
      expect((await refusalOf(start)).code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(api.calls).toEqual([]);
    await auth.audit.flush();
    expect(auditLines(auditFile).slice(before)).toMatchObject([
      { principal: 'alice', via: 'token', action: 'change_apps', object: '/team-b/web', allowed: false },
      { principal: 'alice', object: '/team-b/web', allowed: false },
      { principal: 'alice', object: '/team-b/api', allowed: false },
      { principal: 'alice', object: '/team-b', allowed: false },
      { principal: 'alice', object: '/team-b/web', allowed: false },
    ]);
  });

  it('lets an allowed change through and audits it: update, and a kill of her own task by id', async () => {
    const before = auditLines(auditFile).length;
    api.answer('listTasks', [task({ id: 'a.1', appId: '/team-a/web' }), task({ id: 'b.1', appId: '/team-b/web' })]);
    const result = await answerOf<v1.DeploymentResult__Output>((done) =>
      alice.UpdateApp({ app: { id: '/team-a/web', instances: 3 }, partial: true }, done),
    );
    expect(result.deploymentId).toBe('d-1');
    expect(api.onlyCall('updateApp')[0]).toBe('/team-a/web');
    await answerOf((done) => alice.KillTasks({ taskIds: ['a.1'] }, done));
    expect(api.onlyCall('killTasks')[0]).toEqual(['a.1']);
    // Another team's task, named by id: refused, not killed.
    const refusal = await refusalOf((done) => alice.KillTasks({ taskIds: ['b.1'] }, done));
    expect(refusal.code).toBe(GrpcCode.PERMISSION_DENIED);
    expect(api.calls.filter((call) => call.operation === 'killTasks')).toHaveLength(1);
    await auth.audit.flush();
    expect(
      auditLines(auditFile)
        .slice(before)
        .map((r) => [r['object'], r['allowed']]),
    ).toEqual([
      ['/team-a/web', true],
      ['/team-a/web', true],
      ['/team-b/web', false],
    ]);
  });

  describe('StreamEvents', () => {
    /** Reads a stream's messages until `count` arrived. */
    function take(
      stream: ReturnType<MarathonClient['StreamEvents']>,
      count: number,
    ): Promise<v1.MarathonEvent__Output[]> {
      const events: v1.MarathonEvent__Output[] = [];
      return new Promise((resolve, reject) => {
        const onData = (event: v1.MarathonEvent__Output) => {
          events.push(event);
          if (events.length === count) {
            stream.off('data', onData);
            resolve(events);
          }
        };
        stream.on('data', onData);
        stream.once('error', reject);
      });
    }

    const teamB: MarathonEventJson = { eventType: 'status_update_event', timestamp: 't1', appId: '/team-b/web' };
    const both: MarathonEventJson = {
      eventType: 'deployment_success',
      timestamp: 't2',
      id: 'd-2',
      plan: { id: 'd-2', affectedApps: ['/team-a/web', '/team-b/web'] },
    };
    const root: MarathonEventJson = { eventType: 'group_change_success', timestamp: 't3', groupId: '/' };
    const teamA: MarathonEventJson = { eventType: 'status_update_event', timestamp: 't4', appId: '/team-a/web' };

    it('sends alice only the events of apps she may view, and ops every one', async () => {
      const aliceStream = alice.StreamEvents({});
      const opsStream = ops.StreamEvents({});
      const aliceEvents = take(aliceStream, 2);
      const opsEvents = take(opsStream, 5);
      while (api.subscriberCount < 2) await new Promise((resolve) => setImmediate(resolve));
      for (const event of [teamB, both, root, teamA]) api.emit(event);
      // In order: had alice been sent any of the first three, her second message would not be teamA's.
      expect((await aliceEvents).map((e) => [e.eventType, e.timestamp])).toEqual([
        ['event_stream_attached', expect.any(String)],
        ['status_update_event', 't4'],
      ]);
      expect((await opsEvents).map((e) => e.timestamp).slice(1)).toEqual(['t1', 't2', 't3', 't4']);
      for (const stream of [aliceStream, opsStream]) {
        stream.on('error', () => undefined);
        stream.cancel();
      }
      while (api.subscriberCount > 0) await new Promise((resolve) => setImmediate(resolve));
    });

    it('ends an anonymous stream UNAUTHENTICATED without subscribing', async () => {
      const stream = anonymous.StreamEvents({});
      const error = await new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      expect(error.code).toBe(GrpcCode.UNAUTHENTICATED);
      expect(api.subscriberCount).toBe(0);
    });
  });
});
