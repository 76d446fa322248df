import { tesseraGrpc, type v1 } from '@tessera/proto';
import type { isGrpcError } from '@tessera/runtime';
import {
  createGrpcClient,
  createLogger,
  GrpcCode,
  startGrpcServer,
  type Logger,
  type RunningGrpcServer,
  switchableFacade,
} from '@tessera/runtime';
import { unaryAnswer, unaryRefusal } from '@tessera/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as apiExports from '../src/api.js';
import { JobValidationError, NotLeaderError, UnknownJobError, type ChronosApi, type RunEventJson } from '../src/api.js';
import { CHRONOS_ERRORS } from '../src/errors.js';
import { chronosGrpcService } from '../src/grpc/service.js';
import { FakeChronosApi, LEADER, NOW, run, ZERO_PERCENTILES } from './fake-api.js';

type ServiceError = typeof isGrpcError extends (error: unknown) => error is infer E ? E : never;
type Callback<Res> = (error: ServiceError | null, response?: Res) => void;
type ChronosClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Chronos']>;

const logger = createLogger('test', { level: 'silent' });

/** The answer of a unary call. */
const answerOf = <Res>(start: (callback: Callback<Res>) => void): Promise<Res> => unaryAnswer(start);

/** The error a unary call ends with; fails when it succeeds. */
const refusalOf = <Res>(start: (callback: Callback<Res>) => void): Promise<ServiceError> => unaryRefusal(start);

const SCHEDULED = { name: 'nightly build#1', command: 'make nightly', schedule: 'R3/2026-12-03T02:00:00.000Z/P1D' };
const DEPENDENT = { name: 'publish', command: './publish.sh', parents: ['nightly build#1'] };

describe('tessera.v1.Chronos over ChronosApi', () => {
  let fake = new FakeChronosApi();
  const logged: unknown[][] = [];
  const recorder = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
  /** The server's api: whatever `fake` is now (each test starts with a new one). */
  const api = switchableFacade<ChronosApi>(() => fake);
  let server: RunningGrpcServer;
  let client: ChronosClient;

  beforeAll(async () => {
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      services: [chronosGrpcService(api, { logger: recorder, maxBufferedEvents: 2 })],
    });
    client = createGrpcClient(tesseraGrpc().tessera.v1.Chronos, server.address);
  });
  afterAll(async () => {
    client?.close();
    await server?.shutdown();
  });
  afterEach(() => {
    fake = new FakeChronosApi();
    logged.length = 0;
  });

  describe('calls and answers', () => {
    it('PutJob hands the API the job’s JSON (only the fields set) as kind "any", and answers the job as stored', async () => {
      const { job } = await answerOf<v1.PutJobResponse__Output>((done) =>
        client.PutJob({ job: { name: 'hourly', command: 'date', cron: '0 * * * *', retries: 0 } }, done),
      );
      expect(fake.onlyCall('putJob')).toEqual([
        { name: 'hourly', command: 'date', cron: '0 * * * *', retries: 0 },
        'any',
      ]);
      expect(job).toMatchObject({
        job: { name: 'hourly', cron: '0 * * * *', cronTimeZone: 'UTC', retries: 0, startingDeadlineSeconds: 900 },
        successCount: 0,
        lastSuccess: '',
        nextRun: '',
        activeRuns: 0,
      });
    });

    it('PutJob without a job is INVALID_ARGUMENT, and the API is not called', async () => {
      const refusal = await refusalOf((done) => client.PutJob({}, done));
      expect(refusal.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(refusal.details).toBe('job is required (PutJobRequest.job)');
      expect(fake.callsOf('putJob')).toEqual([]);
    });

    it('ListJobs passes the search terms that are set, none as no search, and answers the jobs', async () => {
      fake.seed(SCHEDULED);
      fake.seed(DEPENDENT);
      const all = await answerOf<v1.ListJobsResponse__Output>((done) => client.ListJobs({}, done));
      expect(all.jobs.map((status) => status.job?.name)).toEqual(['nightly build#1', 'publish']);
      expect(all.jobs[0]).toMatchObject({ job: { schedule: SCHEDULED.schedule }, recurrencesLeft: 3 });
      expect(all.jobs[1]).toMatchObject({ job: { parents: ['nightly build#1'] } });
      expect(all.jobs[1]?.recurrencesLeft).toBeUndefined();
      const found = await answerOf<v1.ListJobsResponse__Output>((done) =>
        client.ListJobs({ command: 'PUBLISH', any: 'pub' }, done),
      );
      expect(found.jobs.map((status) => status.job?.name)).toEqual(['publish']);
      expect(fake.callsOf('listJobs')).toEqual([[undefined], [{ command: 'PUBLISH', any: 'pub' }]]);
    });

    it('GetJob answers the job, its name as given (spaces and "#")', async () => {
      fake.seed(SCHEDULED);
      const { job } = await answerOf<v1.GetJobResponse__Output>((done) =>
        client.GetJob({ name: 'nightly build#1' }, done),
      );
      expect(job?.job).toMatchObject({ name: 'nightly build#1', command: 'make nightly', shell: true });
    });

    it('DeleteJob answers the children whose parents changed', async () => {
      fake.seed(SCHEDULED);
      fake.seed(DEPENDENT);
      const answer = await answerOf<v1.DeleteJobResponse__Output>((done) =>
        client.DeleteJob({ name: 'nightly build#1' }, done),
      );
      expect(answer).toEqual({ changedChildren: ['publish'] });
    });

    it('RunJob passes the arguments (none as none) and answers the run', async () => {
      fake.seed(SCHEDULED);
      const { run: started } = await answerOf<v1.RunJobResponse__Output>((done) =>
        client.RunJob({ name: 'nightly build#1', arguments: ['-v', 'two words'] }, done),
      );
      expect(started).toEqual({
        job: 'nightly build#1',
        scheduledAt: NOW,
        cause: 'RUN_CAUSE_MANUAL',
        state: 'RUN_STATE_DUE',
        recordedAt: NOW,
        skipReason: '',
        skippedCount: 0,
        lastSkippedAt: '',
        arguments: ['-v', 'two words'],
        attempts: [],
      });
      await answerOf((done) => client.RunJob({ name: 'nightly build#1' }, done));
      expect(fake.callsOf('runJob')).toEqual([
        ['nightly build#1', ['-v', 'two words']],
        ['nightly build#1', undefined],
      ]);
    });

    it('KillJobTasks answers the killed tasks’ ids', async () => {
      fake.seed(SCHEDULED);
      const attempt = {
        attempt: 1,
        taskId: 'task-1',
        launchedAt: NOW,
        startedAt: '',
        endedAt: '',
        taskState: 'TASK_STAGING',
        exitCode: null,
        agentId: 'agent-1',
        hostname: 'host-1',
        message: '',
      };
      fake.addRun(run(SCHEDULED.name, { state: 'Launched', attempts: [attempt] }));
      const answer = await answerOf<v1.KillJobTasksResponse__Output>((done) =>
        client.KillJobTasks({ name: 'nightly build#1' }, done),
      );
      expect(answer).toEqual({ taskIds: ['task-1'] });
    });

    it('SetJobDisabled passes the flag and answers the job', async () => {
      fake.seed(SCHEDULED);
      const { job } = await answerOf<v1.SetJobDisabledResponse__Output>((done) =>
        client.SetJobDisabled({ name: 'nightly build#1', disabled: true }, done),
      );
      expect(job?.job?.disabled).toBe(true);
      expect(fake.onlyCall('setJobDisabled')).toEqual(['nightly build#1', true]);
    });

    it('ListRuns passes the limit, 0 (unset) as the API’s default', async () => {
      fake.seed(SCHEDULED);
      fake.addRun(run(SCHEDULED.name, { state: 'Failed', scheduledAt: '2026-12-01T02:00:00.000Z' }));
      fake.addRun(run(SCHEDULED.name, { state: 'Succeeded', scheduledAt: '2026-12-02T02:00:00.000Z' }));
      const all = await answerOf<v1.ListRunsResponse__Output>((done) => client.ListRuns({ job: SCHEDULED.name }, done));
      expect(all.runs.map((r) => r.state)).toEqual(['RUN_STATE_SUCCEEDED', 'RUN_STATE_FAILED']);
      const one = await answerOf<v1.ListRunsResponse__Output>((done) =>
        client.ListRuns({ job: SCHEDULED.name, limit: 1 }, done),
      );
      expect(one.runs).toHaveLength(1);
      expect(fake.callsOf('listRuns')).toEqual([
        [SCHEDULED.name, undefined],
        [SCHEDULED.name, 1],
      ]);
    });

    it('GetJobStats answers the counts and percentiles under the job’s name', async () => {
      fake.answer('jobStats', {
        histogram: { ...ZERO_PERCENTILES, count: 2, median: 30, max: 60 },
        lateness: { ...ZERO_PERCENTILES, count: 2, '99thPercentile': 1.5 },
        successCount: 2,
        errorCount: 0,
        skippedCount: 1,
        taskStatHistory: [],
      });
      const stats = await answerOf<v1.JobStats__Output>((done) => client.GetJobStats({ job: 'nightly build#1' }, done));
      expect(stats).toEqual({
        job: 'nightly build#1',
        successCount: 2,
        errorCount: 0,
        skippedCount: 1,
        durationSeconds: { count: 2, median: 30, p75: 0, p95: 0, p98: 0, p99: 0, max: 60 },
        latenessSeconds: { count: 2, median: 0, p75: 0, p95: 0, p98: 0, p99: 1.5, max: 0 },
      });
      expect(fake.onlyCall('jobStats')).toEqual(['nightly build#1']);
    });

    it('GetGraph answers the nodes and edges', async () => {
      fake.seed(SCHEDULED);
      fake.seed(DEPENDENT);
      const graph = await answerOf<v1.JobGraph__Output>((done) => client.GetGraph({}, done));
      expect(graph).toEqual({
        nodes: [
          { name: 'nightly build#1', lastStatus: 'fresh', state: 'idle' },
          { name: 'publish', lastStatus: 'fresh', state: 'idle' },
        ],
        edges: [{ parent: 'nightly build#1', child: 'publish' }],
      });
    });

    it('GetInfo answers the version, framework and leader', async () => {
      const info = await answerOf<v1.ChronosInfo__Output>((done) => client.GetInfo({}, done));
      expect(info).toEqual({ version: '0.1.0-test', frameworkId: 'fw-chronos', leader: true, leaderAddress: LEADER });
    });
  });

  describe('errors: code by class, and the contract’s trailer', () => {
    it.each([
      {
        error: new JobValidationError([
          { field: 'cron', message: 'cron: "61 * * * *": minute must be 0-59' },
          { field: 'cpus', message: 'cpus: -1: must be >= 0' },
        ]),
        code: GrpcCode.INVALID_ARGUMENT,
        leader: [],
      },
      { error: new UnknownJobError('gone #2'), code: GrpcCode.NOT_FOUND, leader: [] },
      { error: new NotLeaderError('10.0.0.5:4400'), code: GrpcCode.UNAVAILABLE, leader: ['10.0.0.5:4400'] },
      { error: new NotLeaderError(undefined), code: GrpcCode.UNAVAILABLE, leader: [] },
      { error: new TypeError('boom'), code: GrpcCode.INTERNAL, leader: [] },
    ])('$error.name ($error.message) → code $code', async ({ error, code, leader }) => {
      fake.fail('getJob', error);
      const refusal = await refusalOf((done) => client.GetJob({ name: 'x' }, done));
      expect(refusal.code).toBe(code);
      expect(refusal.details).toBe(error.message);
      expect(refusal.metadata.get('tessera-error')).toEqual([error.name]);
      expect(refusal.metadata.get('tessera-leader')).toEqual(leader);
      expect(logged).toHaveLength(code === GrpcCode.INTERNAL ? 1 : 0);
    });

    it('a JobValidationError’s details name every problem', async () => {
      const refusal = await refusalOf((done) => client.PutJob({ job: { name: 'bad', cpus: -1 } }, done));
      expect(refusal.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(refusal.details).toMatch(/command: .*is required/);
      expect(refusal.details).toMatch(/cpus: -1: /);
      expect(refusal.details).toMatch(/schedule/);
    });

    it('a missing job is NOT_FOUND on every call that names one', async () => {
      const calls: ((done: Callback<unknown>) => void)[] = [
        (done) => client.GetJob({ name: 'gone' }, done),
        (done) => client.DeleteJob({ name: 'gone' }, done),
        (done) => client.RunJob({ name: 'gone' }, done),
        (done) => client.KillJobTasks({ name: 'gone' }, done),
        (done) => client.SetJobDisabled({ name: 'gone', disabled: true }, done),
        (done) => client.ListRuns({ job: 'gone' }, done),
        (done) => client.GetJobStats({ job: 'gone' }, done),
      ];
      for (const start of calls) {
        const refusal = await refusalOf(start);
        expect(refusal.code).toBe(GrpcCode.NOT_FOUND);
        expect(refusal.details).toBe('unknown job "gone"');
      }
    });

    it('maps every error class of api.ts (a new class needs a row)', () => {
      const classes = Object.values(apiExports).filter(
        (value) => typeof value === 'function' && value.prototype instanceof Error,
      );
      expect(classes).toHaveLength(3);
      for (const errorClass of classes)
        expect(
          CHRONOS_ERRORS.some((row) => row.error === errorClass),
          String(errorClass),
        ).toBe(true);
    });
  });

  describe('StreamRunEvents', () => {
    const event = (job: string, type: RunEventJson['type'] = 'started'): RunEventJson => ({
      type,
      run: run(job, { state: 'Running' }),
      timestamp: NOW,
    });

    /** Reads the stream's messages until `count` arrived. */
    function take(stream: ReturnType<ChronosClient['StreamRunEvents']>, count: number): Promise<v1.RunEvent__Output[]> {
      const events: v1.RunEvent__Output[] = [];
      return new Promise((resolve, reject) => {
        const onData = (message: v1.RunEvent__Output) => {
          events.push(message);
          if (events.length === count) {
            stream.off('data', onData);
            resolve(events);
          }
        };
        stream.on('data', onData);
        stream.once('error', reject);
      });
    }

    it('sends the run events from one subscription, and unsubscribes when the client cancels', async () => {
      const stream = client.StreamRunEvents({});
      await fake.subscribersBecome(1);
      const next = take(stream, 2);
      fake.emit(event('a'));
      fake.emit(event('b', 'failed'));
      const [first, second] = await next;
      expect(first).toEqual({
        type: 'started',
        run: expect.objectContaining({ job: 'a', state: 'RUN_STATE_RUNNING', cause: 'RUN_CAUSE_MANUAL' }),
        timestamp: NOW,
      });
      expect(second).toMatchObject({ type: 'failed', run: { job: 'b' } });
      expect(fake.callsOf('subscribe')).toHaveLength(1);
      const ended = new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      stream.cancel();
      await fake.subscribersBecome(0);
      expect((await ended).code).toBe(GrpcCode.CANCELLED);
    });

    it('sends only the runs of the asked jobs', async () => {
      const stream = client.StreamRunEvents({ jobs: ['b', 'nightly build#1'] });
      stream.on('error', () => undefined);
      await fake.subscribersBecome(1);
      const firstTwo = take(stream, 2);
      fake.emit(event('a'));
      fake.emit(event('nightly build#1'));
      fake.emit(event('c'));
      fake.emit(event('b', 'succeeded'));
      expect((await firstTwo).map((message) => [message.run?.job, message.type])).toEqual([
        ['nightly build#1', 'started'],
        ['b', 'succeeded'],
      ]);
      stream.cancel();
      await fake.subscribersBecome(0);
    });

    it('ends a client that does not keep up with RESOURCE_EXHAUSTED and unsubscribes it', async () => {
      const stream = client.StreamRunEvents({});
      const ended = new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      await fake.subscribersBecome(1);
      // In one turn of the event loop nothing is sent yet: the third event finds two waiting (maxBufferedEvents 2).
      for (let i = 0; i < 10; i++) fake.emit(event('a'));
      const error = await ended;
      expect(error.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
      expect(error.metadata.get('tessera-error')).toEqual(['SlowEventConsumerError']);
      expect(fake.subscriberCount).toBe(0);
    });

    it('answers the API’s refusal to subscribe as the stream’s status, with the leader', async () => {
      fake.fail('subscribe', new NotLeaderError('10.0.0.5:4400'));
      const stream = client.StreamRunEvents({});
      const error = await new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      expect(error.code).toBe(GrpcCode.UNAVAILABLE);
      expect(error.metadata.get('tessera-leader')).toEqual(['10.0.0.5:4400']);
      expect(fake.subscriberCount).toBe(0);
    });

    it('a run started through RunJob reaches an open stream', async () => {
      fake.seed(SCHEDULED);
      const stream = client.StreamRunEvents({ jobs: [SCHEDULED.name] });
      stream.on('error', () => undefined);
      await fake.subscribersBecome(1);
      const next = take(stream, 1);
      await answerOf((done) => client.RunJob({ name: SCHEDULED.name, arguments: ['-x'] }, done));
      expect(await next).toMatchObject([
        { type: 'scheduled', run: { job: SCHEDULED.name, arguments: ['-x'], state: 'RUN_STATE_DUE' } },
      ]);
      stream.cancel();
      await fake.subscribersBecome(0);
    });
  });
});
