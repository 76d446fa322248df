/**
 * Marathon's REST door with credentials, ACLs and an audit log: anonymous
 * callers refused 401, reads filtered by view_apps, changes checked by
 * change_apps (403 in Marathon's body, nothing called) and audited.
 */
import { registerRestAuthentication, type ServiceAuth } from '@tessera/framework/service';
import { createMemoryBus } from '@tessera/bus';
import { createLogger } from '@tessera/runtime';
import { auditLines, basic, bearer } from '@tessera/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../src/events.js';
import { registerMarathonRoutes } from '../src/rest/routes.js';
import { secureMarathonAuth, TEAM_A, TEAM_B } from './auth-fixtures.js';
import { FakeMarathonApi, task } from './fake-api.js';

const logger = createLogger('test', { level: 'silent' });

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const secured = secureMarathonAuth;

async function serve(api: FakeMarathonApi, auth: ServiceAuth, events?: EventHub): Promise<FastifyInstance> {
  server = Fastify();
  registerRestAuthentication(server, auth, (message) => ({ message }));
  await registerMarathonRoutes(server, api, { logger, auth, ...(events === undefined ? {} : { events }) });
  await server.ready();
  return server;
}

describe('Marathon REST with credentials and ACLs', () => {
  it('refuses an anonymous request 401 with the Basic challenge, in Marathon’s body', async () => {
    const { auth } = await secured();
    const app = await serve(new FakeMarathonApi(), auth);
    const res = await app.inject({ method: 'GET', url: '/v2/apps' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="tessera"');
    expect(res.json()).toEqual({
      message: expect.stringMatching(/^this marathon requires authentication: send an Authorization header/),
    });
  });

  it('filters app, task and group reads by view_apps (Basic and Bearer)', async () => {
    const { auth } = await secured();
    const api = new FakeMarathonApi()
      .answer('listApps', [TEAM_A, TEAM_B])
      .answer('listTasks', [task({ appId: '/team-a/web' }), task({ id: 'b.1', appId: '/team-b/web' })])
      .answer('getGroup', {
        id: '/',
        apps: [],
        groups: [
          { id: '/team-a', apps: [TEAM_A], groups: [], pods: [], dependencies: [], version: 'v' },
          { id: '/team-b', apps: [TEAM_B], groups: [], pods: [], dependencies: [], version: 'v' },
        ],
        pods: [],
        dependencies: [],
        version: 'v',
      });
    const app = await serve(api, auth);
    const asAlice = basic('alice', 'alice-secret');
    const apps = await app.inject({ method: 'GET', url: '/v2/apps', headers: asAlice });
    expect((apps.json() as { apps: { id: string }[] }).apps.map((a) => a.id)).toEqual(['/team-a/web']);
    const tasks = await app.inject({ method: 'GET', url: '/v2/tasks', headers: asAlice });
    expect((tasks.json() as { tasks: { appId: string }[] }).tasks.map((t) => t.appId)).toEqual(['/team-a/web']);
    const groups = await app.inject({ method: 'GET', url: '/v2/groups', headers: asAlice });
    expect((groups.json() as { groups: { id: string }[] }).groups.map((g) => g.id)).toEqual(['/team-a']);
    // An app alice may not view is as missing as one that does not exist.
    expect((await app.inject({ method: 'GET', url: '/v2/apps/team-b/web', headers: asAlice })).statusCode).toBe(404);

    const all = await app.inject({ method: 'GET', url: '/v2/apps', headers: bearer('ops-secret') });
    expect((all.json() as { apps: unknown[] }).apps).toHaveLength(2);
  });

  it('refuses a change outside change_apps 403 saying who, what and which rule, calls nothing, and audits it', async () => {
    const { auth, auditFile } = await secured();
    const api = new FakeMarathonApi();
    const app = await serve(api, auth);
    const res = await app.inject({
      method: 'PUT',
      url: '/v2/apps/team-b/web',
      headers: { ...bearer('alice-secret'), 'content-type': 'application/json' },
      payload: JSON.stringify({ instances: 3 }),
    });
    expect(res.statusCode).toBe(403);
    const { message } = res.json() as { message: string };
    expect(message).toContain('"alice"');
    expect(message).toContain('change_apps');
    expect(message).toContain('/team-b/web');
    expect(message).toContain('acls.json');
    expect(api.calls).toEqual([]);
    await auth.audit.flush();
    expect(auditLines(auditFile)).toMatchObject([
      { principal: 'alice', via: 'token', action: 'change_apps', object: '/team-b/web', allowed: false },
    ]);
  });

  it('lets allowed changes through and audits them: create in one’s own path, delete, kill tasks by id', async () => {
    const { auth, auditFile } = await secured();
    const api = new FakeMarathonApi().answer('listTasks', [task({ id: 'a.1', appId: '/team-a/web' })]);
    const app = await serve(api, auth);
    const asAlice = basic('alice', 'alice-secret');
    const created = await app.inject({
      method: 'POST',
      url: '/v2/apps',
      headers: { ...asAlice, 'content-type': 'application/json' },
      payload: JSON.stringify({ id: '/team-a/api', cmd: 'sleep 1' }),
    });
    expect(created.statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: '/v2/apps/team-a/web', headers: asAlice })).statusCode).toBe(200);
    const killed = await app.inject({
      method: 'POST',
      url: '/v2/tasks/delete',
      headers: { ...asAlice, 'content-type': 'application/json' },
      payload: JSON.stringify({ ids: ['a.1'] }),
    });
    expect(killed.statusCode).toBe(200);
    const refusedCreate = await app.inject({
      method: 'POST',
      url: '/v2/apps',
      headers: { ...asAlice, 'content-type': 'application/json' },
      payload: JSON.stringify({ id: '/team-b/api', cmd: 'sleep 1' }),
    });
    expect(refusedCreate.statusCode).toBe(403);
    await auth.audit.flush();
    expect(auditLines(auditFile).map((r) => [r['object'], r['allowed']])).toEqual([
      ['/team-a/api', true],
      ['/team-a/web', true],
      ['/team-a/web', true],
      ['/team-b/api', false],
    ]);
  });

  it('filters /v2/events by view_apps: of one change, an allowed subscriber is sent it and a refused one is not', async () => {
    const { auth } = await secured();
    const hub = new EventHub({ bus: createMemoryBus(), logger });
    const app = await serve(new FakeMarathonApi(), auth, hub);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address !== 'object') throw new Error('no address');
    const url = `http://127.0.0.1:${address.port}/v2/events`;
    expect((await fetch(url)).status).toBe(401);
    const aliceStream = await fetch(url, { headers: basic('alice', 'alice-secret') });
    const opsStream = await fetch(url, { headers: bearer('ops-secret') });
    const aliceEvents = readEvents(aliceStream.body!, 2);
    const opsEvents = readEvents(opsStream.body!, 5);
    while (hub.subscriberCount < 2) await new Promise((resolve) => setImmediate(resolve));
    hub.emit({ eventType: 'status_update_event', timestamp: 't1', appId: '/team-b/web' });
    // A deployment of both teams' apps: dropped for alice, as /v2/deployments leaves it out.
    hub.emit({
      eventType: 'deployment_success',
      timestamp: 't2',
      id: 'd-2',
      plan: { id: 'd-2', affectedApps: ['/team-a/web', '/team-b/web'] },
    });
    // The root group's change names no app of hers: only for who may view "/".
    hub.emit({ eventType: 'group_change_success', timestamp: 't3', groupId: '/' });
    hub.emit({ eventType: 'status_update_event', timestamp: 't4', appId: '/team-a/web' });
    // In order: had alice been sent any of the first three, her second event would not be t4.
    expect((await aliceEvents).map((e) => [e.event, e.data['timestamp']])).toEqual([
      ['event_stream_attached', expect.any(String)],
      ['status_update_event', 't4'],
    ]);
    expect((await opsEvents).map((e) => e.data['timestamp']).slice(1)).toEqual(['t1', 't2', 't3', 't4']);
  });
});

/** Reads Server-Sent Events until `count` have arrived, then lets the stream go. */
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
