import type { Buffer } from 'node:buffer';
import { decodeMessage, tesseraGrpc, type v1 } from '@tessera/proto';
import type { isGrpcError } from '@tessera/runtime';
import { createGrpcClient, createLogger, startGrpcServer, type RunningGrpcServer } from '@tessera/runtime';
import { unaryAnswer, unaryRefusal } from '@tessera/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AppExistsError,
  AppLockedError,
  GroupExistsError,
  NotLeaderError,
  UnknownDeploymentError,
  UnknownTaskError,
  UnknownVersionError,
  ValidationFailedError,
  type AppStatusJson,
  type MarathonApi,
  type TaskJson,
} from '../src/api.js';
import {
  appToJson,
  PathConflictError,
  UnknownAppError,
  UnknownGroupError,
  type AppJson,
  type ValidationProblem,
} from '../src/core/index.js';
import type { MarathonEventJson } from '../src/events.js';
import * as apiExports from '../src/api.js';
import * as coreErrors from '../src/core/errors.js';
import { GrpcCode, MARATHON_ERRORS, MAX_PROBLEMS_TRAILER_BYTES } from '../src/grpc/errors.js';
import { marathonGrpcService } from '../src/grpc/service.js';
import { app as parsedApp, NOW } from './fixtures.js';

type ServiceError = typeof isGrpcError extends (error: unknown) => error is infer E ? E : never;
type Callback<Res> = (error: ServiceError | null, response?: Res) => void;
type MarathonClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Marathon']>;

const logger = createLogger('test', { level: 'silent' });

/**
 * A MarathonApi that records every call and answers what the test gave it:
 * a value, or an error to throw. `subscribe` keeps its listener for `emit`.
 */
class FakeApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly answers = new Map<string, unknown>();
  private readonly listeners = new Set<(event: MarathonEventJson) => void>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  /** `method` answers `value` from now on (an Error is thrown). */
  answer(method: keyof MarathonApi, value: unknown): void {
    this.answers.set(method, value);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Resolves once exactly `count` listeners are subscribed. */
  listenersBecome(count: number): Promise<void> {
    if (this.listeners.size === count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  emit(event: MarathonEventJson): void {
    for (const listener of this.listeners) listener(event);
  }

  callsOf(method: keyof MarathonApi): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  reset(): void {
    this.calls.length = 0;
    this.answers.clear();
  }

  readonly api: MarathonApi = {
    listApps: (...args) => this.call('listApps', args),
    getApp: (...args) => this.call('getApp', args),
    createApp: (...args) => this.call('createApp', args),
    updateApp: (...args) => this.call('updateApp', args),
    updateApps: (...args) => this.call('updateApps', args),
    deleteApp: (...args) => this.call('deleteApp', args),
    restartApp: (...args) => this.call('restartApp', args),
    listAppVersions: (...args) => this.call('listAppVersions', args),
    getAppVersion: (...args) => this.call('getAppVersion', args),
    rollbackApp: (...args) => this.call('rollbackApp', args),
    listTasks: (...args) => this.call('listTasks', args),
    appTasks: (...args) => this.call('appTasks', args),
    killAppTasks: (...args) => this.call('killAppTasks', args),
    killAppTask: (...args) => this.call('killAppTask', args),
    killTasks: (...args) => this.call('killTasks', args),
    getGroup: (...args) => this.call('getGroup', args),
    putGroup: (...args) => this.call('putGroup', args),
    deleteGroup: (...args) => this.call('deleteGroup', args),
    listDeployments: (...args) => this.call('listDeployments', args),
    cancelDeployment: (...args) => this.call('cancelDeployment', args),
    queue: (...args) => this.call('queue', args),
    resetDelay: (...args) => this.call('resetDelay', args),
    info: (...args) => this.call('info', args),
    leader: (...args) => this.call('leader', args),
    subscribe: (listener) => {
      this.calls.push({ method: 'subscribe', args: [] });
      const answer = this.answers.get('subscribe');
      if (answer instanceof Error) throw answer;
      this.listeners.add(listener);
      this.settle();
      return () => {
        this.listeners.delete(listener);
        this.settle();
      };
    },
  };

  private call<T>(method: string, args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    const answer = this.answers.get(method);
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer as T);
  }

  private settle(): void {
    for (const waiter of [...this.waiters])
      if (waiter.count === this.listeners.size) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
  }
}

/** The answer of a unary call. */
const answerOf = <Res>(start: (callback: Callback<Res>) => void): Promise<Res> => unaryAnswer(start);

/** The error a unary call ends with; fails when it succeeds. */
const refusalOf = <Res>(start: (callback: Callback<Res>) => void): Promise<ServiceError> => unaryRefusal(start);

const webJson: AppJson = appToJson(parsedApp({ id: '/prod/web', cmd: './serve', instances: 2 }));
const task: TaskJson = {
  id: 'prod.web.instance-4f1c.1',
  appId: '/prod/web',
  host: 'agent-1',
  slaveId: 'agent-1-id',
  ports: [31000],
  servicePorts: [10000],
  state: 'TASK_RUNNING',
  stagedAt: NOW,
  startedAt: NOW,
  version: NOW,
  healthCheckResults: [],
  ipAddresses: [],
};
const status = (json: AppJson, extra: Partial<AppStatusJson> = {}): AppStatusJson => ({
  ...json,
  tasksStaged: 0,
  tasksRunning: 2,
  tasksHealthy: 0,
  tasksUnhealthy: 0,
  deployments: [],
  ...extra,
});
const emptyQueue = { queue: [] };
const deployment = { deploymentId: 'd-1', version: NOW };

describe('tessera.v1.Marathon over MarathonApi', () => {
  const fake = new FakeApi();
  let server: RunningGrpcServer;
  let client: MarathonClient;

  beforeAll(async () => {
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      services: [marathonGrpcService(fake.api, { logger, maxBufferedEvents: 2 })],
    });
    client = createGrpcClient(tesseraGrpc().tessera.v1.Marathon, server.address);
  });
  afterAll(async () => {
    client?.close();
    await server?.shutdown();
  });
  afterEach(() => fake.reset());

  describe('calls and answers', () => {
    it('CreateApp hands the API only the fields the request sets, and answers the deployment', async () => {
      fake.answer('createApp', { app: webJson, ...deployment });
      const result = await answerOf<v1.DeploymentResult__Output>((done) =>
        client.CreateApp(
          {
            app: {
              id: '/prod/web',
              cmd: './serve',
              instances: 0,
              constraints: [{ field: 'hostname', operator: 'UNIQUE' }],
            },
          },
          done,
        ),
      );
      expect(result).toEqual({ deploymentId: 'd-1', version: NOW });
      const [[json]] = fake.callsOf('createApp') as [[unknown]];
      expect(json).toStrictEqual({
        id: '/prod/web',
        cmd: './serve',
        instances: 0,
        constraints: [['hostname', 'UNIQUE']],
      });
    });

    it('UpdateApp passes the app id, partial and force', async () => {
      fake.answer('updateApp', { ...deployment, created: false });
      await answerOf<v1.DeploymentResult__Output>((done) =>
        client.UpdateApp({ app: { id: '/prod/web', instances: 5 }, partial: true, force: true }, done),
      );
      expect(fake.callsOf('updateApp')).toEqual([
        ['/prod/web', { id: '/prod/web', instances: 5 }, { partial: true, force: true }],
      ]);
    });

    it('GetApp answers the app with its counts, embedded tasks and launch delay', async () => {
      fake.answer('getApp', status(webJson, { tasks: [task], deployments: [{ id: 'd-9' }] }));
      fake.answer('queue', {
        queue: [
          {
            app: webJson,
            count: 1,
            delay: { timeLeftSeconds: 30, overdue: false },
            since: NOW,
            processedOffersSummary: {
              processedOffersCount: 0,
              unusedOffersCount: 0,
              rejectSummaryLastOffers: [],
              rejectSummaryLaunchAttempt: [],
            },
          },
        ],
      });
      const answer = await answerOf<v1.GetAppResponse__Output>((done) =>
        client.GetApp({ appId: 'prod/web', embedTasks: true }, done),
      );
      expect(fake.callsOf('getApp')).toEqual([['prod/web', ['app.tasks']]]);
      expect(answer.app).toMatchObject({
        app: { id: '/prod/web', cmd: './serve', instances: 2, mem: 128, version: NOW },
        tasksRunning: 2,
        deploymentIds: ['d-9'],
        tasks: [{ id: 'prod.web.instance-4f1c.1', instanceId: 'prod.web.instance-4f1c', agentId: 'agent-1-id' }],
        delay: { timeLeftSeconds: 30, overdue: false },
      });
    });

    it('ListApps filters by id text through the API and by group here, without delay for apps not queued', async () => {
      const other = appToJson(parsedApp({ id: '/dev/web', cmd: 'x' }));
      const nested = appToJson(parsedApp({ id: '/prod/api/v2', cmd: 'x' }));
      fake.answer('listApps', [status(webJson), status(other), status(nested)]);
      fake.answer('queue', emptyQueue);
      const answer = await answerOf<v1.ListAppsResponse__Output>((done) =>
        client.ListApps({ idContains: 'web', group: 'prod' }, done),
      );
      expect(fake.callsOf('listApps')).toEqual([[{ id: 'web' }]]);
      expect(answer.apps.map((app) => app.app?.id)).toEqual(['/prod/web', '/prod/api/v2']);
      expect(answer.apps[0]?.delay).toBeUndefined();
    });

    it.each([
      {
        rpc: 'DeleteApp',
        request: { appId: '/prod/web' },
        method: 'deleteApp',
        args: ['/prod/web'],
        answer: deployment,
      },
      {
        rpc: 'RestartApp',
        request: { appId: '/prod/web', force: true },
        method: 'restartApp',
        args: ['/prod/web', { force: true }],
        answer: deployment,
      },
      {
        rpc: 'RollbackApp',
        request: { appId: '/prod/web', version: NOW },
        method: 'rollbackApp',
        args: ['/prod/web', NOW, { force: false }],
        answer: deployment,
      },
      {
        rpc: 'ListAppVersions',
        request: { appId: '/prod/web' },
        method: 'listAppVersions',
        args: ['/prod/web'],
        answer: { versions: [NOW] },
      },
      {
        rpc: 'ListTasks',
        request: { status: ['running'] },
        method: 'listTasks',
        args: [['running']],
        answer: [task],
      },
      { rpc: 'ListTasks', request: {}, method: 'listTasks', args: [undefined], answer: [task] },
      {
        rpc: 'GetGroup',
        request: { groupId: '/prod' },
        method: 'getGroup',
        args: ['/prod'],
        answer: { id: '/prod', apps: [webJson], groups: [], pods: [], dependencies: [], version: NOW },
      },
      {
        rpc: 'DeleteGroup',
        request: { groupId: '/prod', force: true },
        method: 'deleteGroup',
        args: ['/prod', { force: true }],
        answer: deployment,
      },
      { rpc: 'ListDeployments', request: {}, method: 'listDeployments', args: [], answer: [] },
      { rpc: 'GetQueue', request: {}, method: 'queue', args: [], answer: emptyQueue },
      {
        rpc: 'ResetDelay',
        request: { appId: '/prod/web' },
        method: 'resetDelay',
        args: ['/prod/web'],
        answer: undefined,
      },
      {
        rpc: 'GetInfo',
        request: {},
        method: 'info',
        args: [],
        answer: {
          name: 'marathon',
          version: '1',
          buildref: '',
          elected: true,
          leader: null,
          frameworkId: null,
          marathon_config: {},
          http_config: {},
        },
      },
    ] as const)(
      '$rpc $request calls $method with the request’s fields',
      async ({ rpc, request, method, args, answer }) => {
        fake.answer(method, answer);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table over methods of different types
        const invoke = (client as any)[rpc].bind(client) as (request: object, done: Callback<unknown>) => void;
        await answerOf((done) => invoke(request, done));
        expect(fake.callsOf(method)).toEqual([args]);
      },
    );

    it('ListTasks of one app asks for its tasks and keeps those in the given states', async () => {
      fake.answer('appTasks', [task, { ...task, id: 'prod.web.instance-9.1', state: 'TASK_STAGING' }]);
      const answer = await answerOf<v1.ListTasksResponse__Output>((done) =>
        client.ListTasks({ appId: '/prod/web', status: ['staging'] }, done),
      );
      expect(fake.callsOf('appTasks')).toEqual([['/prod/web']]);
      expect(answer.tasks.map((t) => [t.id, t.state])).toEqual([['prod.web.instance-9.1', 'TASK_STAGING']]);
    });

    it('KillTasks answers the killed tasks, or with scale the deployment', async () => {
      fake.answer('killTasks', { tasks: [task] });
      const killed = await answerOf<v1.KillTasksResponse__Output>((done) =>
        client.KillTasks({ taskIds: [task.id], wipe: true }, done),
      );
      expect(killed.tasks.map((t) => t.id)).toEqual([task.id]);
      expect(killed.deployment).toBeUndefined();
      fake.answer('killTasks', deployment);
      const scaled = await answerOf<v1.KillTasksResponse__Output>((done) =>
        client.KillTasks({ taskIds: [task.id], scale: true }, done),
      );
      expect(scaled).toMatchObject({ tasks: [], deployment: { deploymentId: 'd-1', version: NOW } });
      expect(fake.callsOf('killTasks')).toEqual([
        [[task.id], { scale: false, wipe: true, force: false }],
        [[task.id], { scale: true, wipe: false, force: false }],
      ]);
    });

    it('CancelDeployment answers the rollback, or none when forced', async () => {
      fake.answer('cancelDeployment', deployment);
      const rolledBack = await answerOf<v1.CancelDeploymentResponse__Output>((done) =>
        client.CancelDeployment({ deploymentId: 'd-0' }, done),
      );
      expect(rolledBack.rollback).toEqual({ deploymentId: 'd-1', version: NOW });
      fake.answer('cancelDeployment', undefined);
      const stopped = await answerOf<v1.CancelDeploymentResponse__Output>((done) =>
        client.CancelDeployment({ deploymentId: 'd-0', force: true }, done),
      );
      expect(stopped.rollback).toBeUndefined();
    });

    it('PutGroup sends the group JSON with force; dry_run is refused (UNIMPLEMENTED) and changes nothing', async () => {
      fake.answer('putGroup', deployment);
      await answerOf<v1.DeploymentResult__Output>((done) =>
        client.PutGroup({ group: { id: '/prod', apps: [{ id: 'web', cmd: 'x' }] }, force: true }, done),
      );
      expect(fake.callsOf('putGroup')).toEqual([
        ['/prod', { id: '/prod', apps: [{ id: 'web', cmd: 'x' }], groups: [] }, { force: true }],
      ]);
      const refusal = await refusalOf((done) => client.PutGroup({ group: { id: '/prod' }, dryRun: true }, done));
      expect(refusal.code).toBe(GrpcCode.UNIMPLEMENTED);
      expect(fake.callsOf('putGroup')).toHaveLength(1);
    });
  });

  describe('errors: code by class, and the contract’s trailers', () => {
    const problems: ValidationProblem[] = [
      { path: '/cpus', errors: ['must be >= 0'] },
      { path: '/healthChecks(0)/portIndex', errors: ['portIndex 1 addresses no port'] },
    ];
    it.each([
      { error: new ValidationFailedError(problems), code: GrpcCode.INVALID_ARGUMENT, trailers: {} },
      { error: new UnknownAppError('/x'), code: GrpcCode.NOT_FOUND, trailers: {} },
      { error: new UnknownGroupError('/g'), code: GrpcCode.NOT_FOUND, trailers: {} },
      { error: new UnknownDeploymentError('d-7'), code: GrpcCode.NOT_FOUND, trailers: {} },
      { error: new UnknownTaskError('t-1'), code: GrpcCode.NOT_FOUND, trailers: {} },
      { error: new UnknownVersionError('/x', NOW), code: GrpcCode.NOT_FOUND, trailers: {} },
      { error: new AppExistsError('/x'), code: GrpcCode.ALREADY_EXISTS, trailers: {} },
      { error: new GroupExistsError('/g'), code: GrpcCode.ALREADY_EXISTS, trailers: {} },
      { error: new PathConflictError('/g', '/g', 'group'), code: GrpcCode.FAILED_PRECONDITION, trailers: {} },
      {
        error: new AppLockedError(['d-1', 'd-2']),
        code: GrpcCode.FAILED_PRECONDITION,
        trailers: { 'tessera-deployments': ['d-1,d-2'] },
      },
      {
        error: new NotLeaderError('10.0.0.5:8080'),
        code: GrpcCode.UNAVAILABLE,
        trailers: { 'tessera-leader': ['10.0.0.5:8080'] },
      },
      { error: new NotLeaderError(undefined), code: GrpcCode.UNAVAILABLE, trailers: {} },
      { error: new TypeError('boom'), code: GrpcCode.INTERNAL, trailers: {} },
    ])('$error.name ($error.message) → code $code', async ({ error, code, trailers }) => {
      fake.answer('getApp', error);
      fake.answer('queue', emptyQueue);
      const refusal = await refusalOf((done) => client.GetApp({ appId: '/x' }, done));
      expect(refusal.code).toBe(code);
      expect(refusal.details).toBe(error.message);
      expect(refusal.metadata.get('tessera-error')).toEqual([error.name]);
      for (const key of ['tessera-deployments', 'tessera-leader'])
        expect(refusal.metadata.get(key)).toEqual(trailers[key as keyof typeof trailers] ?? []);
      const problemsTrailer = refusal.metadata.get('tessera-problems-bin');
      if (error instanceof ValidationFailedError) {
        expect(problemsTrailer).toHaveLength(1);
        expect(
          decodeMessage<v1.ValidationProblems__Output>('tessera.v1.ValidationProblems', problemsTrailer[0] as Buffer),
        ).toEqual({ message: 'Object is not valid', details: problems });
      } else expect(problemsTrailer).toEqual([]);
    });

    it('maps every error class of api.ts and core/errors.ts (a new class needs a row)', () => {
      const classes = [...Object.values(apiExports), ...Object.values(coreErrors)].filter(
        (value) => typeof value === 'function' && value.prototype instanceof Error,
      );
      expect(classes.length).toBeGreaterThanOrEqual(11);
      for (const errorClass of classes)
        expect(
          MARATHON_ERRORS.some((row) => row.error === errorClass),
          String(errorClass),
        ).toBe(true);
    });

    it('lists as many problems as the trailer holds, and says how many are left out', async () => {
      const many = Array.from({ length: 500 }, (_, index) => ({
        path: `/apps(${index})/cpus`,
        errors: ['must be >= 0'],
      }));
      fake.answer('putGroup', new ValidationFailedError(many));
      const refusal = await refusalOf((done) => client.PutGroup({ group: { id: '/big' } }, done));
      expect(refusal.code).toBe(GrpcCode.INVALID_ARGUMENT);
      const [bytes] = refusal.metadata.get('tessera-problems-bin') as Buffer[];
      expect(bytes?.length).toBeLessThanOrEqual(MAX_PROBLEMS_TRAILER_BYTES);
      const decoded = decodeMessage<v1.ValidationProblems__Output>('tessera.v1.ValidationProblems', bytes as Buffer);
      expect(decoded.details.length).toBeGreaterThan(10);
      expect(decoded.details).toEqual(many.slice(0, decoded.details.length));
      expect(decoded.message).toBe(
        `Object is not valid (${500 - decoded.details.length} more problem(s) not listed: the trailer holds ${MAX_PROBLEMS_TRAILER_BYTES} bytes)`,
      );
    });

    it('refuses a request the JSON cannot carry before calling the API: no_ports beside port definitions', async () => {
      const refusal = await refusalOf((done) =>
        client.CreateApp({ app: { id: '/x', cmd: 'x', noPorts: true, portDefinitions: [{ port: 80 }] } }, done),
      );
      expect(refusal.code).toBe(GrpcCode.INVALID_ARGUMENT);
      const [bytes] = refusal.metadata.get('tessera-problems-bin') as Buffer[];
      expect(decodeMessage('tessera.v1.ValidationProblems', bytes as Buffer)).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/portDefinitions', errors: ['no_ports is set, so port_definitions must be empty'] }],
      });
      expect(fake.callsOf('createApp')).toEqual([]);
    });

    it('refuses CreateApp without an app as INVALID_ARGUMENT on "/"', async () => {
      const refusal = await refusalOf((done) => client.CreateApp({}, done));
      expect(refusal.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(refusal.details).toBe('Object is not valid: /: app is required');
    });
  });

  describe('StreamEvents', () => {
    const statusUpdate: MarathonEventJson = {
      eventType: 'status_update_event',
      timestamp: NOW,
      appId: '/prod/web',
      taskId: task.id,
      taskStatus: 'TASK_RUNNING',
    };

    /** Reads the stream's messages until `count` arrived. */
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

    it('sends event_stream_attached, then the events, and unsubscribes when the client cancels', async () => {
      const stream = client.StreamEvents({});
      const attached = await take(stream, 1);
      expect(attached[0]).toMatchObject({ eventType: 'event_stream_attached' });
      expect(JSON.parse(attached[0]?.json ?? '')).toMatchObject({ remoteAddress: '127.0.0.1' });
      const next = take(stream, 1);
      fake.emit(statusUpdate);
      const [event] = await next;
      expect(event).toEqual({
        eventType: 'status_update_event',
        timestamp: NOW,
        json: JSON.stringify(statusUpdate),
        appId: '/prod/web',
        taskId: task.id,
        instanceId: '',
        deploymentId: '',
        taskStatus: 'TASK_RUNNING',
      });
      const ended = new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      stream.cancel();
      await fake.listenersBecome(0);
      expect((await ended).code).toBe(1); // CANCELLED, on the client's side
    });

    it('sends only the asked event types', async () => {
      const stream = client.StreamEvents({ eventTypes: ['deployment_success'] });
      stream.on('error', () => undefined);
      await fake.listenersBecome(1);
      const first = take(stream, 1);
      fake.emit(statusUpdate);
      fake.emit({ eventType: 'deployment_success', timestamp: NOW, id: 'd-1' });
      expect(await first).toMatchObject([{ eventType: 'deployment_success', deploymentId: 'd-1' }]);
      stream.cancel();
      await fake.listenersBecome(0);
    });

    it('ends a client that does not keep up with RESOURCE_EXHAUSTED and unsubscribes it', async () => {
      const stream = client.StreamEvents({ eventTypes: ['status_update_event'] });
      const ended = new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      await fake.listenersBecome(1);
      // In one turn of the event loop nothing is sent yet: the third event finds two waiting (maxBufferedEvents 2).
      for (let i = 0; i < 10; i++) fake.emit(statusUpdate);
      const error = await ended;
      expect(error.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
      expect(error.metadata.get('tessera-error')).toEqual(['SlowEventConsumerError']);
      expect(fake.listenerCount).toBe(0);
    });

    it('answers the API’s refusal to subscribe as the stream’s status', async () => {
      fake.answer('subscribe', new NotLeaderError('10.0.0.5:8080'));
      const stream = client.StreamEvents({});
      const error = await new Promise<ServiceError>((resolve) => stream.once('error', resolve));
      expect(error.code).toBe(GrpcCode.UNAVAILABLE);
      expect(error.metadata.get('tessera-leader')).toEqual(['10.0.0.5:8080']);
    });
  });
});
