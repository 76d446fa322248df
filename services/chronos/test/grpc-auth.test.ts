/**
 * Chronos's gRPC door with credentials, ACLs and an audit log: the same rules
 * as the REST door (rest-auth.test.ts). Callers without a credential or with a
 * wrong one are refused UNAUTHENTICATED; reads are filtered by view_jobs on the
 * job's owner (a hidden job is NOT_FOUND); changes are checked by change_jobs
 * on the stored and the new owner (PERMISSION_DENIED naming the rule, nothing
 * changed) and audited; StreamRunEvents sends each caller only the runs of
 * jobs it may view.
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
import type { ChronosApi } from '../src/api.js';
import { chronosGrpcService } from '../src/grpc/service.js';
import { A_JOB, B_JOB, secureChronosAuth } from './auth-fixtures.js';
import { FakeChronosApi } from './fake-api.js';

type ServiceError = typeof isGrpcError extends (error: unknown) => error is infer E ? E : never;
type Callback<Res> = (error: ServiceError | null, response?: Res) => void;
type ChronosClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Chronos']>;

const logger = createLogger('test', { level: 'silent' });

const answerOf = <Res>(start: (callback: Callback<Res>) => void): Promise<Res> => unaryAnswer(start);
const refusalOf = <Res>(start: (callback: Callback<Res>) => void): Promise<ServiceError> => unaryRefusal(start);

/** A child of each team's job: the graph has a-job → a-child and b-job → b-child. */
const A_CHILD = { name: 'a-child', command: 'true', parents: ['a-job'], owner: 'team-a' };
const B_CHILD = { name: 'b-child', command: 'true', parents: ['b-job'], owner: 'team-b' };

describe('tessera.v1.Chronos with credentials and ACLs', () => {
  let fake = new FakeChronosApi();
  let auth: ServiceAuth;
  let auditFile: string;
  let server: RunningGrpcServer;
  const clients: ChronosClient[] = [];
  /** A client that sends `token` as `authorization: Bearer <token>` on every call; none: anonymous. */
  const clientAs = (token?: string): ChronosClient => {
    const client = createGrpcClient(tesseraGrpc().tessera.v1.Chronos, server.address, {
      ...(token === undefined ? {} : { interceptors: [bearerTokenInterceptor(token)] }),
    });
    clients.push(client);
    return client;
  };
  let anonymous: ChronosClient;
  let alice: ChronosClient;
  let ops: ChronosClient;

  beforeAll(async () => {
    ({ auth, auditFile } = await secureChronosAuth());
    // The server's api: whatever `fake` is now (each test starts with a new one).
    const api = switchableFacade<ChronosApi>(() => fake);
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      services: [chronosGrpcService(api, { logger, auth })],
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
    fake = new FakeChronosApi();
    for (const job of [A_JOB, B_JOB, A_CHILD, B_CHILD]) fake.seed(job);
  });

  it('refuses an anonymous caller and a wrong token UNAUTHENTICATED, calls nothing, and audits both', async () => {
    const before = auditLines(auditFile).length;
    const refusal = await refusalOf((done) => anonymous.ListJobs({}, done));
    expect(refusal.code).toBe(GrpcCode.UNAUTHENTICATED);
    expect(refusal.details).toMatch(
      /^this chronos requires authentication: .*authorization metadata "Bearer <secret>"/,
    );
    expect(refusal.metadata.get('tessera-error')).toEqual(['AnonymousCallerError']);
    const wrong = await refusalOf((done) => clientAs('not-a-secret').RunJob({ name: 'a-job' }, done));
    expect(wrong.code).toBe(GrpcCode.UNAUTHENTICATED);
    expect(wrong.details).toBe('the bearer token matches no credential');
    expect(fake.calls).toEqual([]);
    await auth.audit.flush();
    expect(auditLines(auditFile).slice(before)).toMatchObject([
      { service: 'chronos', principal: '', action: 'authenticate', allowed: false },
      {
        service: 'chronos',
        action: 'authenticate',
        allowed: false,
        rule: expect.stringMatching(/matches no credential/),
      },
    ]);
  });

  it('filters ListJobs and GetGraph by view_jobs; GetJob, ListRuns and GetJobStats of a hidden job are NOT_FOUND', async () => {
    const jobs = await answerOf<v1.ListJobsResponse__Output>((done) => alice.ListJobs({}, done));
    expect(jobs.jobs.map((job) => job.job?.name)).toEqual(['a-child', 'a-job']);
    const graph = await answerOf<v1.JobGraph__Output>((done) => alice.GetGraph({}, done));
    expect(graph.nodes.map((node) => node.name)).toEqual(['a-child', 'a-job']);
    expect(graph.edges).toEqual([{ parent: 'a-job', child: 'a-child' }]);
    const everything = await answerOf<v1.ListJobsResponse__Output>((done) => ops.ListJobs({}, done));
    expect(everything.jobs).toHaveLength(4);

    for (const start of [
      (done: Callback<unknown>) => alice.GetJob({ name: 'b-job' }, done),
      (done: Callback<unknown>) => alice.ListRuns({ job: 'b-job' }, done),
      (done: Callback<unknown>) => alice.GetJobStats({ job: 'b-job' }, done),
    ]) {
      const hidden = await refusalOf(start);
      expect(hidden.code).toBe(GrpcCode.NOT_FOUND);
      expect(hidden.metadata.get('tessera-error')).toEqual(['UnknownJobError']);
    }
    expect(fake.callsOf('listRuns')).toEqual([]);
    expect(fake.callsOf('jobStats')).toEqual([]);
  });

  it('checks change_jobs on the stored and the new owner: PERMISSION_DENIED naming the rule, nothing changed, audited', async () => {
    const before = auditLines(auditFile).length;
    const refusals = [
      // Taking over team-b's job, giving hers away, deleting, running, disabling or killing team-b's.
      await refusalOf((done) => alice.PutJob({ job: { ...B_JOB, owner: 'team-a' } }, done)),
      await refusalOf((done) => alice.PutJob({ job: { ...A_JOB, owner: 'team-b' } }, done)),
      await refusalOf((done) => alice.DeleteJob({ name: 'b-job' }, done)),
      await refusalOf((done) => alice.RunJob({ name: 'b-job' }, done)),
      await refusalOf((done) => alice.SetJobDisabled({ name: 'b-job', disabled: true }, done)),
      await refusalOf((done) => alice.KillJobTasks({ name: 'b-job' }, done)),
    ];
    for (const refusal of refusals) {
      expect(refusal.code).toBe(GrpcCode.PERMISSION_DENIED);
      expect(refusal.details).toMatch(/^principal "alice" may not change_jobs "team-b": refused by .*acls\.json/);
      expect(refusal.metadata.get('tessera-error')).toEqual(['PermissionDeniedError']);
    }
    for (const operation of ['putJob', 'deleteJob', 'runJob', 'setJobDisabled', 'killJobTasks'] as const)
      expect(fake.callsOf(operation)).toEqual([]);
    const stored = await answerOf<v1.GetJobResponse__Output>((done) => ops.GetJob({ name: 'b-job' }, done));
    expect(stored.job?.job).toMatchObject({ owner: 'team-b', disabled: false });
    await auth.audit.flush();
    const records = auditLines(auditFile).slice(before);
    expect(records.map((r) => [r['principal'], r['action'], r['allowed']])).toEqual(
      refusals.map(() => ['alice', 'change_jobs', false]),
    );
  });

  it('lets alice change and run her own job, and audits it', async () => {
    const before = auditLines(auditFile).length;
    const put = await answerOf<v1.PutJobResponse__Output>((done) =>
      alice.PutJob({ job: { ...A_JOB, command: 'echo changed' } }, done),
    );
    expect(put.job?.job?.command).toBe('echo changed');
    const ran = await answerOf<v1.RunJobResponse__Output>((done) => alice.RunJob({ name: 'a-job' }, done));
    expect(ran.run?.job).toBe('a-job');
    await auth.audit.flush();
    expect(auditLines(auditFile).slice(before)).toMatchObject([
      { principal: 'alice', action: 'change_jobs', object: 'team-a', allowed: true },
      { principal: 'alice', action: 'change_jobs', object: 'team-a', allowed: true },
    ]);
  });

  describe('StreamRunEvents', () => {
    /** Reads a stream's messages until `count` arrived. */
    function take(stream: ReturnType<ChronosClient['StreamRunEvents']>, count: number): Promise<v1.RunEvent__Output[]> {
      const events: v1.RunEvent__Output[] = [];
      return new Promise((resolve, reject) => {
        const onData = (event: v1.RunEvent__Output) => {
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

    it('sends alice only the runs of jobs she may view, and ops every one', async () => {
      const aliceStream = alice.StreamRunEvents({});
      const opsStream = ops.StreamRunEvents({});
      const aliceEvents = take(aliceStream, 1);
      const opsEvents = take(opsStream, 2);
      await fake.subscribersBecome(2);
      // Each manual run emits its `scheduled` event: first team-b's, then team-a's.
      await answerOf((done) => ops.RunJob({ name: 'b-job' }, done));
      await answerOf((done) => ops.RunJob({ name: 'a-job' }, done));
      // In order: had alice been sent b-job's run, her first event would be it.
      expect((await aliceEvents).map((e) => e.run?.job)).toEqual(['a-job']);
      expect((await opsEvents).map((e) => e.run?.job)).toEqual(['b-job', 'a-job']);
      for (const stream of [aliceStream, opsStream]) {
        stream.on('error', () => undefined);
        stream.cancel();
      }
      await fake.subscribersBecome(0);
    });

    it('ends an anonymous stream UNAUTHENTICATED without subscribing', async () => {
      const stream = anonymous.StreamRunEvents({});
      const error = await new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      expect(error.code).toBe(GrpcCode.UNAUTHENTICATED);
      expect(fake.subscriberCount).toBe(0);
    });
  });
});
