import { get as httpGet, type IncomingMessage } from 'node:http';
import { createMemoryBus } from '@tessera/bus';
import { createLogger } from '@tessera/runtime';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AppExistsError,
  AppLockedError,
  GroupExistsError,
  NotLeaderError,
  UnknownDeploymentError,
  UnknownTaskError,
  UnknownVersionError,
  ValidationFailedError,
} from '../src/api.js';
import { PathConflictError, UnknownAppError, UnknownGroupError } from '../src/core/errors.js';
import { EventHub } from '../src/events.js';
import { registerMarathonRoutes, type MarathonRoutesOptions } from '../src/rest/routes.js';
import { DEPLOYMENT, FakeMarathonApi, task, WEB_APP } from './fake-api.js';

const logger = createLogger('test', { level: 'silent' });

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fastify app with the routes over `api`, ready for `inject`. */
async function serve(api: FakeMarathonApi, options: Partial<MarathonRoutesOptions> = {}): Promise<FastifyInstance> {
  server = Fastify();
  await registerMarathonRoutes(server, api, { logger, ...options });
  await server.ready();
  return server;
}

/** One request against fresh routes over `api`. */
async function call(api: FakeMarathonApi, request: InjectOptions) {
  const app = await serve(api);
  return app.inject(request);
}

const json = (payload: unknown) => ({
  payload: JSON.stringify(payload),
  headers: { 'content-type': 'application/json' },
});

describe('/v2/apps', () => {
  it('GET lists apps with the id, cmd, label and embed filters (embed repeated or comma separated)', async () => {
    const api = new FakeMarathonApi().answer('listApps', []);
    const res = await call(api, {
      method: 'GET',
      url: '/v2/apps?id=prod&cmd=python&label=tier==web&embed=apps.tasks&embed=apps.counts,apps.deployments',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ apps: [] });
    expect(api.onlyCall('listApps')).toEqual([
      { id: 'prod', cmd: 'python', label: 'tier==web', embed: ['apps.tasks', 'apps.counts', 'apps.deployments'] },
    ]);
  });

  it('POST creates: 201, Location, Marathon-Deployment-Id, the app with its deployment and zero counts', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'POST', url: '/v2/apps', ...json({ id: '/prod/web', cmd: 'x' }) });
    expect(res.statusCode).toBe(201);
    expect(res.headers['location']).toBe('/v2/apps/prod/web');
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
    expect(res.json()).toEqual({
      ...WEB_APP,
      tasksStaged: 0,
      tasksRunning: 0,
      tasksHealthy: 0,
      tasksUnhealthy: 0,
      deployments: [{ id: 'd-1' }],
      tasks: [],
    });
    expect(api.onlyCall('createApp')).toEqual([{ id: '/prod/web', cmd: 'x' }, { force: false }]);
  });

  it('POST accepts a body sent as curl -d sends it (form content type) and one with no content type', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const form = await app.inject({
      method: 'POST',
      url: '/v2/apps',
      payload: '{"id": "web", "cmd": "sleep 1"}',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(201);
    const bare = await app.inject({ method: 'POST', url: '/v2/apps', payload: '{"id": "web2"}' });
    expect(bare.statusCode).toBe(201);
    expect(api.calls.map((c) => c.args[0])).toEqual([{ id: 'web', cmd: 'sleep 1' }, { id: 'web2' }]);
  });

  it('PUT changes many apps: 200 {deploymentId, version}; patch semantics unless partialUpdate=false (Marathon 1.x)', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const res = await app.inject({ method: 'PUT', url: '/v2/apps?force=true', ...json([{ id: 'a' }]) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
    expect(res.json()).toEqual(DEPLOYMENT);
    await app.inject({ method: 'PUT', url: '/v2/apps?partialUpdate=false', ...json([{ id: 'a' }]) });
    expect(api.calls.map((c) => c.args)).toEqual([
      [[{ id: 'a' }], { force: true, partial: true }],
      [[{ id: 'a' }], { force: false, partial: false }],
    ]);
  });

  it('PATCH changes many apps partially', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'PATCH', url: '/v2/apps', ...json([{ id: 'a', instances: 3 }]) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(DEPLOYMENT);
    expect(api.onlyCall('updateApps')).toEqual([[{ id: 'a', instances: 3 }], { force: false, partial: true }]);
  });
});

describe('/v2/apps/{id}', () => {
  it('GET answers {"app": …} for an id with slashes, with embed', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'GET', url: '/v2/apps/prod/web?embed=app.tasks' });
    expect(res.statusCode).toBe(200);
    expect(res.json().app.id).toBe('/prod/web');
    expect(api.onlyCall('getApp')).toEqual(['prod/web', ['app.tasks']]);
  });

  it('PUT updates (patch semantics by default): 200 {deploymentId, version} and the header; 201 with Location when it created the app', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const updated = await app.inject({ method: 'PUT', url: '/v2/apps/prod/web', ...json({ cmd: 'y' }) });
    expect(updated.statusCode).toBe(200);
    expect(updated.headers['marathon-deployment-id']).toBe('d-1');
    expect(updated.json()).toEqual(DEPLOYMENT);
    expect(api.onlyCall('updateApp')).toEqual(['prod/web', { cmd: 'y' }, { force: false, partial: true }]);
    api.answer('updateApp', { ...DEPLOYMENT, created: true });
    const created = await app.inject({ method: 'PUT', url: '/v2/apps/prod/new?force=true', ...json({ cmd: 'y' }) });
    expect(created.statusCode).toBe(201);
    expect(created.headers['location']).toBe('/v2/apps/prod/new');
    expect(created.json()).toEqual(DEPLOYMENT);
  });

  it('PUT or PATCH of only {"version"} (and id) rolls back to that version', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const version = '2026-11-30T08:00:00.000Z';
    const res = await app.inject({ method: 'PUT', url: '/v2/apps/prod/web?force=true', ...json({ version }) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
    await app.inject({ method: 'PATCH', url: '/v2/apps/prod/web', ...json({ id: '/prod/web', version }) });
    expect(api.calls).toEqual([
      { operation: 'rollbackApp', args: ['prod/web', version, { force: true }] },
      { operation: 'rollbackApp', args: ['prod/web', version, { force: false }] },
    ]);
  });

  it('PATCH updates partially; a version with other fields is an update, not a rollback', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'PATCH', url: '/v2/apps/prod/web', ...json({ instances: 5, version: 'v' }) });
    expect(res.statusCode).toBe(200);
    expect(api.onlyCall('updateApp')).toEqual([
      'prod/web',
      { instances: 5, version: 'v' },
      { force: false, partial: true },
    ]);
  });

  it('DELETE destroys with force unless force=false', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const res = await app.inject({ method: 'DELETE', url: '/v2/apps/prod/web' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
    expect(res.json()).toEqual(DEPLOYMENT);
    await app.inject({ method: 'DELETE', url: '/v2/apps/prod/web?force=false' });
    expect(api.calls.map((c) => c.args)).toEqual([
      ['prod/web', { force: true }],
      ['prod/web', { force: false }],
    ]);
  });

  it('POST …/restart restarts: 200 and the deployment', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'POST', url: '/v2/apps/prod/web/restart?force=true' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
    expect(res.json()).toEqual(DEPLOYMENT);
    expect(api.onlyCall('restartApp')).toEqual(['prod/web', { force: true }]);
  });

  it('POST to an app path without /restart is an unknown route', async () => {
    const res = await call(new FakeMarathonApi(), { method: 'POST', url: '/v2/apps/prod/web' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ message: 'HTTP 404 Not Found: POST /v2/apps/prod/web' });
  });

  it('GET …/versions and …/versions/{version}', async () => {
    const api = new FakeMarathonApi().answer('listAppVersions', { versions: ['v2', 'v1'] });
    const app = await serve(api);
    const versions = await app.inject({ method: 'GET', url: '/v2/apps/prod/web/versions' });
    expect(versions.json()).toEqual({ versions: ['v2', 'v1'] });
    const one = await app.inject({ method: 'GET', url: '/v2/apps/prod/web/versions/2026-12-01T00:00:00.000Z' });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(WEB_APP);
    expect(api.calls).toEqual([
      { operation: 'listAppVersions', args: ['prod/web'] },
      { operation: 'getAppVersion', args: ['prod/web', '2026-12-01T00:00:00.000Z'] },
    ]);
  });
});

describe('/v2/apps/{id}/tasks', () => {
  it('GET answers {"tasks": […]}', async () => {
    const api = new FakeMarathonApi().answer('appTasks', [task()]);
    const res = await call(api, { method: 'GET', url: '/v2/apps/prod/web/tasks' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tasks: [task()] });
    expect(api.onlyCall('appTasks')).toEqual(['prod/web']);
  });

  it('GET with Accept: text/plain answers a line per service port: id, port, host:port…, tab separated', async () => {
    const api = new FakeMarathonApi().answer('appTasks', [
      task({ host: 'b.example', ports: [31002, 31003] }),
      task({ host: 'a.example', ports: [31000, 31001] }),
      task({ host: 'c.example', state: 'TASK_STAGING' }),
    ]);
    const res = await call(api, { method: 'GET', url: '/v2/apps/prod/web/tasks', headers: { accept: 'text/plain' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    // Running tasks only, sorted; the n-th line lists each task's n-th host port.
    expect(res.body).toBe(
      'prod_web\t10000\ta.example:31000\tb.example:31002\t\n' + 'prod_web\t10001\ta.example:31001\tb.example:31003\t\n',
    );
  });

  it('DELETE kills the app tasks with host, scale, wipe and force, answering {"tasks": […]}', async () => {
    const api = new FakeMarathonApi().answer('killAppTasks', { tasks: [task()] });
    const res = await call(api, {
      method: 'DELETE',
      url: '/v2/apps/prod/web/tasks?host=agent-1.example&wipe=true&force=true',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tasks: [task()] });
    expect(api.onlyCall('killAppTasks')).toEqual([
      'prod/web',
      { scale: false, wipe: true, force: true, host: 'agent-1.example' },
    ]);
  });

  it('DELETE with scale answers the deployment that lowers instances', async () => {
    const api = new FakeMarathonApi().answer('killAppTasks', DEPLOYMENT);
    const res = await call(api, { method: 'DELETE', url: '/v2/apps/prod/web/tasks?scale=true' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
    expect(res.json()).toEqual(DEPLOYMENT);
  });

  it('DELETE …/tasks/{taskId} splits the id with slashes off the task id, and answers {"task": …}', async () => {
    const api = new FakeMarathonApi().answer('killAppTask', { tasks: [task({ id: 'xyz' })] });
    const res = await call(api, { method: 'DELETE', url: '/v2/apps/prod/web/tasks/xyz?scale=false' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ task: task({ id: 'xyz' }) });
    expect(api.onlyCall('killAppTask')).toEqual(['prod/web', 'xyz', { scale: false, wipe: false, force: false }]);
  });

  it('DELETE …/tasks/{taskId} with scale answers the deployment', async () => {
    const api = new FakeMarathonApi().answer('killAppTask', DEPLOYMENT);
    const res = await call(api, { method: 'DELETE', url: '/v2/apps/prod/web/tasks/xyz?scale=true' });
    expect(res.json()).toEqual(DEPLOYMENT);
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
  });
});

describe('/v2/tasks', () => {
  it('GET lists tasks, filtered by status', async () => {
    const api = new FakeMarathonApi().answer('listTasks', [task()]);
    const app = await serve(api);
    const res = await app.inject({ method: 'GET', url: '/v2/tasks?status=running&status=staging' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tasks: [task()] });
    await app.inject({ method: 'GET', url: '/v2/tasks' });
    expect(api.calls.map((c) => c.args)).toEqual([[['running', 'staging']], [undefined]]);
  });

  it('GET with Accept: text/plain lists every app, those without service ports by host only', async () => {
    const worker = { ...WEB_APP, id: '/batch/worker', portDefinitions: [] };
    const api = new FakeMarathonApi()
      .answer('listTasks', [task(), task({ appId: '/batch/worker', host: 'w.example', ports: [] })])
      .answer('listApps', [
        { ...WEB_APP, tasksStaged: 0, tasksRunning: 1, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [] },
        { ...worker, tasksStaged: 0, tasksRunning: 1, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [] },
      ]);
    const res = await call(api, { method: 'GET', url: '/v2/tasks', headers: { accept: 'text/plain' } });
    expect(res.body).toBe(
      'prod_web\t10000\tagent-1.example:31000\t\n' +
        'prod_web\t10001\tagent-1.example:31001\t\n' +
        'batch_worker\t \tw.example\t\n',
    );
  });

  it('POST /v2/tasks/delete kills the listed ids', async () => {
    const api = new FakeMarathonApi().answer('killTasks', { tasks: [task()] });
    const res = await call(api, {
      method: 'POST',
      url: '/v2/tasks/delete?scale=true&wipe=false',
      ...json({ ids: ['t1', 't2'] }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tasks: [task()] });
    expect(api.onlyCall('killTasks')).toEqual([['t1', 't2'], { scale: true, wipe: false, force: false }]);
  });

  it('POST /v2/tasks/delete refuses a body without an ids array of strings', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'POST', url: '/v2/tasks/delete', ...json({ ids: [1] }) });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      message: 'Object is not valid',
      details: [{ path: '/ids', errors: ['must be an array of task ids (strings)'] }],
    });
    expect(api.calls).toEqual([]);
  });
});

describe('/v2/groups', () => {
  it('GET the root and a group by id with slashes', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const root = await app.inject({ method: 'GET', url: '/v2/groups?embed=group.apps' });
    expect(root.statusCode).toBe(200);
    expect(root.json()).toMatchObject({ id: '/', apps: [], groups: [] });
    await app.inject({ method: 'GET', url: '/v2/groups/prod/backend' });
    expect(api.calls.map((c) => c.args)).toEqual([
      ['/', ['group.apps']],
      ['/prod/backend', []],
    ]);
  });

  it('POST creates: 201, Location of the body id, the deployment header and body', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'POST', url: '/v2/groups', ...json({ id: 'prod', apps: [] }) });
    expect(res.statusCode).toBe(201);
    expect(res.headers['location']).toBe('/v2/groups/prod');
    expect(res.headers['marathon-deployment-id']).toBe('d-1');
    expect(res.json()).toEqual(DEPLOYMENT);
    expect(api.onlyCall('putGroup')).toEqual([undefined, { id: 'prod', apps: [] }, { force: false, create: true }]);
  });

  it('PUT /v2/groups changes the root; PUT /v2/groups/{id} that group', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const root = await app.inject({ method: 'PUT', url: '/v2/groups?force=true', ...json({ apps: [] }) });
    expect(root.statusCode).toBe(200);
    expect(root.json()).toEqual(DEPLOYMENT);
    expect(root.headers['marathon-deployment-id']).toBe('d-1');
    await app.inject({ method: 'PUT', url: '/v2/groups/prod/backend', ...json({ apps: [] }) });
    expect(api.calls.map((c) => c.args)).toEqual([
      ['/', { apps: [] }, { force: true }],
      ['/prod/backend', { apps: [] }, { force: false }],
    ]);
  });

  it('DELETE a group, or the root', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    const res = await app.inject({ method: 'DELETE', url: '/v2/groups/prod?force=true' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(DEPLOYMENT);
    await app.inject({ method: 'DELETE', url: '/v2/groups' });
    expect(api.calls.map((c) => c.args)).toEqual([
      ['/prod', { force: true }],
      ['/', { force: false }],
    ]);
  });
});

describe('/v2/deployments, /v2/queue, /v2/info, /v2/leader, /ping, /metrics', () => {
  it('GET /v2/deployments answers the array', async () => {
    const deployment = {
      id: 'd-1',
      version: DEPLOYMENT.version,
      affectedApps: ['/prod/web'],
      affectedPods: [],
      steps: [{ actions: [{ action: 'StartApplication' as const, app: '/prod/web' }] }],
      currentActions: [],
      currentStep: 1,
      totalSteps: 1,
    };
    const api = new FakeMarathonApi().answer('listDeployments', [deployment]);
    const res = await call(api, { method: 'GET', url: '/v2/deployments' });
    expect(res.json()).toEqual([deployment]);
  });

  it('DELETE /v2/deployments/{id} rolls back (200 and the new deployment) or, forced, stops it (202, no body)', async () => {
    const api = new FakeMarathonApi().answer('cancelDeployment', { deploymentId: 'd-2', version: 'v' });
    const app = await serve(api);
    const rollback = await app.inject({ method: 'DELETE', url: '/v2/deployments/d-1' });
    expect(rollback.statusCode).toBe(200);
    expect(rollback.headers['marathon-deployment-id']).toBe('d-2');
    expect(rollback.json()).toEqual({ deploymentId: 'd-2', version: 'v' });
    api.answer('cancelDeployment', undefined);
    const forced = await app.inject({ method: 'DELETE', url: '/v2/deployments/d-1?force=true' });
    expect(forced.statusCode).toBe(202);
    expect(forced.body).toBe('');
    expect(api.calls.map((c) => c.args)).toEqual([
      ['d-1', { force: false }],
      ['d-1', { force: true }],
    ]);
  });

  it('GET /v2/queue and DELETE /v2/queue/{id}/delay (204)', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    expect((await app.inject({ method: 'GET', url: '/v2/queue' })).json()).toEqual({ queue: [] });
    const reset = await app.inject({ method: 'DELETE', url: '/v2/queue/prod/web/delay' });
    expect(reset.statusCode).toBe(204);
    expect(reset.body).toBe('');
    expect(api.calls).toEqual([
      { operation: 'queue', args: [] },
      { operation: 'resetDelay', args: ['prod/web'] },
    ]);
    expect((await app.inject({ method: 'DELETE', url: '/v2/queue/prod/web' })).statusCode).toBe(404);
  });

  it('GET /v2/info answers the info', async () => {
    const res = await call(new FakeMarathonApi(), { method: 'GET', url: '/v2/info' });
    expect(res.json()).toMatchObject({ name: 'marathon', leader: 'marathon-1:8080', elected: true });
  });

  it('GET /v2/leader names the leader, or 404 "There is no leader"', async () => {
    const api = new FakeMarathonApi();
    const app = await serve(api);
    expect((await app.inject({ method: 'GET', url: '/v2/leader' })).json()).toEqual({ leader: 'marathon-1:8080' });
    api.answer('leader', undefined);
    const none = await app.inject({ method: 'GET', url: '/v2/leader' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual({ message: 'There is no leader' });
  });

  it('GET /ping answers pong as text', async () => {
    const res = await call(new FakeMarathonApi(), { method: 'GET', url: '/ping' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe('pong');
  });

  it('GET /metrics answers the metrics text when given, and is not registered otherwise', async () => {
    const withMetrics = await serve(new FakeMarathonApi(), { metrics: async () => 'marathon_apps 3\n' });
    const res = await withMetrics.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toBe('marathon_apps 3\n');
    await withMetrics.close();
    const without = await serve(new FakeMarathonApi());
    expect((await without.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('an unknown route is a 404 with a JSON message', async () => {
    const res = await call(new FakeMarathonApi(), { method: 'GET', url: '/v2/nothing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ message: 'HTTP 404 Not Found: GET /v2/nothing' });
  });
});

describe('errors', () => {
  const problems = [{ path: '/cpus', errors: ['must be >= 0'] }];
  const cases: { name: string; error: Error; status: number; body: unknown }[] = [
    {
      name: 'ValidationFailedError',
      error: new ValidationFailedError(problems),
      status: 422,
      body: { message: 'Object is not valid', details: problems },
    },
    {
      name: 'UnknownAppError',
      error: new UnknownAppError('/x'),
      status: 404,
      body: { message: "App '/x' does not exist" },
    },
    {
      name: 'UnknownGroupError',
      error: new UnknownGroupError('/g'),
      status: 404,
      body: { message: "Group '/g' does not exist" },
    },
    {
      name: 'UnknownDeploymentError',
      error: new UnknownDeploymentError('d-9'),
      status: 404,
      body: { message: 'DeploymentPlan d-9 does not exist' },
    },
    {
      name: 'UnknownTaskError',
      error: new UnknownTaskError('t-9'),
      status: 404,
      body: { message: "Task 't-9' does not exist" },
    },
    {
      name: 'UnknownVersionError',
      error: new UnknownVersionError('/x', 'v1'),
      status: 404,
      body: { message: "App '/x' does not exist in version v1" },
    },
    {
      name: 'AppExistsError',
      error: new AppExistsError('/x'),
      status: 409,
      body: { message: 'An app with id [/x] already exists.' },
    },
    {
      name: 'GroupExistsError',
      error: new GroupExistsError('/g'),
      status: 409,
      body: { message: 'A group with id [/g] already exists.' },
    },
    {
      name: 'PathConflictError',
      error: new PathConflictError('/x', '/x', 'group'),
      status: 409,
      body: { message: new PathConflictError('/x', '/x', 'group').message },
    },
    {
      name: 'AppLockedError',
      error: new AppLockedError(['d-1', 'd-2']),
      status: 409,
      body: { message: new AppLockedError(['d-1', 'd-2']).message, deployments: [{ id: 'd-1' }, { id: 'd-2' }] },
    },
    {
      name: 'NotLeaderError',
      error: new NotLeaderError(undefined),
      status: 503,
      body: { message: new NotLeaderError(undefined).message },
    },
    { name: 'any other error', error: new Error('disk on fire'), status: 500, body: { message: 'disk on fire' } },
  ];

  it.each(cases)('$name → $status', async ({ error, status, body }) => {
    const api = new FakeMarathonApi().fail('getApp', error);
    const res = await call(api, { method: 'GET', url: '/v2/apps/x' });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual(body);
  });

  it('logs an unexpected error, and not a refusal', async () => {
    const lines: string[] = [];
    const recording = createLogger('test', {
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    const api = new FakeMarathonApi().fail('getApp', new Error('disk on fire')).fail('info', new UnknownAppError('/x'));
    const app = await serve(api, { logger: recording });
    await app.inject({ method: 'GET', url: '/v2/apps/x' });
    await app.inject({ method: 'GET', url: '/v2/info' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      url: '/v2/apps/x',
      err: { message: 'disk on fire' },
    });
  });

  it('an unparseable JSON body is a 422 on path "/" with the parser message, and nothing is called', async () => {
    const api = new FakeMarathonApi();
    const res = await call(api, {
      method: 'POST',
      url: '/v2/apps',
      ...{ payload: '{"id": ', headers: { 'content-type': 'application/json' } },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.message).toBe('Object is not valid');
    expect(body.details).toHaveLength(1);
    expect(body.details[0].path).toBe('/');
    expect(body.details[0].errors[0]).toMatch(/^Invalid JSON: /);
    expect(api.calls).toEqual([]);
  });

  it('a body over the limit is a 413 with a JSON message; an empty body reaches the api as undefined', async () => {
    server = Fastify({ bodyLimit: 16 });
    const api = new FakeMarathonApi();
    await registerMarathonRoutes(server, api, { logger });
    const tooLarge = await server.inject({
      method: 'POST',
      url: '/v2/apps',
      ...json({ id: 'web', cmd: 'sleep 1000' }),
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toEqual({ message: 'Request body is too large' });
    const empty = await server.inject({
      method: 'POST',
      url: '/v2/apps',
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.statusCode).toBe(201);
    expect(api.onlyCall('createApp')).toEqual([undefined, { force: false }]);
  });

  it.each(['force', 'scale', 'wipe'])('a %s flag other than true or false is a 422 on /%s', async (flag) => {
    const api = new FakeMarathonApi();
    const res = await call(api, { method: 'DELETE', url: `/v2/apps/prod/web/tasks?${flag}=yes` });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      message: 'Object is not valid',
      details: [{ path: `/${flag}`, errors: ['must be true or false (got "yes")'] }],
    });
    expect(api.calls).toEqual([]);
  });

  it('partialUpdate other than true or false is a 422 on /partialUpdate', async () => {
    const res = await call(new FakeMarathonApi(), { method: 'PUT', url: '/v2/apps/x?partialUpdate=1', ...json({}) });
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ path: '/partialUpdate', errors: ['must be true or false (got "1")'] }]);
  });
});

describe('/v2/events', () => {
  async function listen(api: FakeMarathonApi, options: Partial<MarathonRoutesOptions> = {}): Promise<string> {
    const app = await serve(api, options);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address !== 'object') throw new Error('no address');
    return `http://127.0.0.1:${address.port}`;
  }

  /** A GET of an event stream over node:http, read event by event. */
  async function openStream(url: string) {
    const response = await new Promise<IncomingMessage>((resolve, reject) => httpGet(url, resolve).on('error', reject));
    const events: { event: string; data: Record<string, unknown> }[] = [];
    let text = '';
    let wake: (() => void) | undefined;
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      text += chunk;
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      }
      wake?.();
    });
    const ended = new Promise<void>((resolve) => response.once('close', resolve));
    return {
      ended,
      /** The first `count` events (waits for them). */
      async next(count: number) {
        while (events.length < count) await new Promise<void>((resolve) => (wake = resolve));
        return events.slice(0, count);
      },
      close: () => response.destroy(),
    };
  }

  /** Reads Server-Sent Events until `count` have arrived. */
  async function readEvents(body: ReadableStream<Uint8Array>, count: number) {
    const events: { event: string; data: Record<string, unknown> }[] = [];
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let text = '';
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      }
    }
    await reader.cancel();
    return events;
  }

  it("streams the hub's events of the asked type to a plain client (no Accept header)", async () => {
    const hub = new EventHub({ bus: createMemoryBus(), logger });
    const base = await listen(new FakeMarathonApi(), { events: hub });
    const res = await fetch(`${base}/v2/events?event_type=deployment_success`, { headers: { accept: '*/*' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = readEvents(res.body!, 2);
    while (hub.subscriberCount < 1) await new Promise((resolve) => setImmediate(resolve));
    hub.emit({ eventType: 'status_update_event', timestamp: 't0', appId: '/prod/web' });
    hub.emit({ eventType: 'deployment_success', timestamp: 't1', id: 'd-1' });
    expect(await events).toEqual([
      { event: 'event_stream_attached', data: expect.objectContaining({ remoteAddress: '127.0.0.1' }) },
      { event: 'deployment_success', data: { eventType: 'deployment_success', timestamp: 't1', id: 'd-1' } },
    ]);
  });

  it('has no HEAD twin (it would open a stream)', async () => {
    const res = await call(new FakeMarathonApi(), { method: 'HEAD', url: '/v2/events' });
    expect(res.statusCode).toBe(404);
  });

  it('without a hub, relays api.subscribe while a stream is open', async () => {
    const api = new FakeMarathonApi();
    const base = await listen(api);
    const stream = await openStream(`${base}/v2/events`);
    while (api.subscriberCount < 1) await new Promise((resolve) => setImmediate(resolve));
    api.emit({ eventType: 'app_terminated_event', timestamp: 't2', appId: '/prod/web' });
    expect((await stream.next(2)).map((e) => e.event)).toEqual(['event_stream_attached', 'app_terminated_event']);
    // The client goes away: the relay unsubscribes.
    stream.close();
    while (api.subscriberCount > 0) await new Promise((resolve) => setImmediate(resolve));
  });

  it('closing the server ends the open streams', async () => {
    const api = new FakeMarathonApi();
    const base = await listen(api);
    const stream = await openStream(`${base}/v2/events`);
    await stream.next(1);
    await server?.close();
    await stream.ended;
    expect(api.subscriberCount).toBe(0);
  });
});
