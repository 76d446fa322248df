/**
 * Chronos's REST door with credentials and ACLs: anonymous callers refused
 * 401, job reads filtered by view_jobs, changes checked by change_jobs on the
 * stored and the new owner (403 in Chronos's body, nothing changed).
 */
import { registerRestAuthentication, type ServiceAuth } from '@tessera/framework/service';
import { createLogger } from '@tessera/runtime';
import { auditLines, basic } from '@tessera/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerChronosRoutes } from '../src/rest/routes.js';
import { A_JOB, B_JOB, secureChronosAuth } from './auth-fixtures.js';
import { FakeChronosApi } from './fake-api.js';

const logger = createLogger('test', { level: 'silent' });

const asAlice = basic('alice', 'alice-secret');

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(api: FakeChronosApi): Promise<{ app: FastifyInstance; auth: ServiceAuth; auditFile: string }> {
  const { auth, auditFile } = await secureChronosAuth();
  server = Fastify();
  registerRestAuthentication(server, auth, (message) => ({ status: 401, message }));
  await registerChronosRoutes(server, api, { logger, auth });
  await server.ready();
  return { app: server, auth, auditFile };
}

describe('Chronos REST with credentials and ACLs', () => {
  it('refuses an anonymous request 401 with the Basic challenge, in Chronos’s body, and audits it', async () => {
    const { app, auth, auditFile } = await serve(new FakeChronosApi());
    const res = await app.inject({ method: 'GET', url: '/v1/scheduler/jobs' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="tessera"');
    expect(res.json()).toMatchObject({
      status: 401,
      message: expect.stringMatching(/^this chronos requires authentication: send an Authorization header/),
    });
    await auth.audit.flush();
    expect(auditLines(auditFile)).toMatchObject([
      { service: 'chronos', principal: '', via: 'anonymous', action: 'authenticate', allowed: false },
    ]);
  });

  it('filters job reads by view_jobs on the owner; a hidden job reads as a missing one', async () => {
    const api = new FakeChronosApi();
    api.seed(A_JOB);
    api.seed(B_JOB);
    const { app } = await serve(api);
    const jobs = await app.inject({ method: 'GET', url: '/v1/scheduler/jobs', headers: asAlice });
    expect((jobs.json() as { name: string }[]).map((j) => j.name)).toEqual(['a-job']);
    const hidden = await app.inject({ method: 'GET', url: '/v1/scheduler/job/b-job', headers: asAlice });
    expect(hidden.statusCode).toBe(400);
    const all = await app.inject({
      method: 'GET',
      url: '/scheduler/jobs',
      headers: { authorization: 'Bearer ops-secret' },
    });
    expect(all.json()).toHaveLength(2);
  });

  it('checks change_jobs on the stored and the new owner: 403 saying why, nothing changed, audited', async () => {
    const api = new FakeChronosApi();
    api.seed(A_JOB);
    api.seed(B_JOB);
    const { app, auth, auditFile } = await serve(api);
    const post = (job: object) =>
      app.inject({
        method: 'POST',
        url: '/v1/scheduler/iso8601',
        headers: { ...asAlice, 'content-type': 'application/json' },
        payload: JSON.stringify(job),
      });
    // Giving her job away, taking over team-b's, deleting or running team-b's: refused.
    for (const res of [
      await post({ ...A_JOB, owner: 'team-b' }),
      await post({ ...B_JOB, owner: 'team-a' }),
      await app.inject({ method: 'DELETE', url: '/v1/scheduler/job/b-job', headers: asAlice }),
      await app.inject({ method: 'PUT', url: '/v1/scheduler/job/b-job', headers: asAlice }),
      await app.inject({ method: 'DELETE', url: '/v1/scheduler/task/kill/b-job', headers: asAlice }),
    ]) {
      expect(res.statusCode).toBe(403);
      const body = res.json() as { status: number; message: string };
      expect(body.status).toBe(403);
      expect(body.message).toMatch(/principal "alice" may not change_jobs "team-b": refused by acls\.json/);
    }
    expect(api.callsOf('putJob')).toEqual([]);
    expect(api.callsOf('deleteJob')).toEqual([]);
    expect(api.callsOf('runJob')).toEqual([]);
    expect(api.callsOf('killJobTasks')).toEqual([]);

    // Her own job: allowed.
    expect((await post({ ...A_JOB, command: 'echo changed' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'PUT', url: '/v1/scheduler/job/a-job', headers: asAlice })).statusCode).toBe(
      204,
    );
    await auth.audit.flush();
    const records = auditLines(auditFile);
    expect(records.map((r) => r['allowed'])).toEqual([false, false, false, false, false, true, true]);
    expect(records.every((r) => r['action'] === 'change_jobs')).toBe(true);
  });

  it('filters /stats/{percentile}, /graph/dot and /graph/csv by view_jobs: no hidden job is named', async () => {
    const api = new FakeChronosApi();
    api.seed(A_JOB);
    api.seed(B_JOB);
    api.seed({ name: 'a-child', command: 'true', parents: ['a-job'], owner: 'team-a' });
    api.seed({ name: 'b-child', command: 'true', parents: ['a-job', 'b-job'], owner: 'team-b' });
    const { app } = await serve(api);
    const get = async (url: string, headers: Record<string, string> = asAlice) =>
      app.inject({ method: 'GET', url, headers });
    const stats = await get('/v1/scheduler/stats/median');
    expect((stats.json() as { jobNameLabel: string }[]).map((s) => s.jobNameLabel)).toEqual(['a-child', 'a-job']);
    // The texts are written again from her jobs alone (numbered afresh in the DOT).
    expect((await get('/v1/scheduler/graph/csv')).body).toBe(
      'node,a-child,fresh,idle\nnode,a-job,fresh,idle\nlink,a-job,a-child\n',
    );
    expect((await get('/v1/scheduler/graph/dot')).body).toBe(
      'digraph G {\n  1 [ label="a-child" ];\n  2 [ label="a-job" ];\n  2 -> 1;\n}\n',
    );
    const all = await get('/v1/scheduler/graph/csv', { authorization: 'Bearer ops-secret' });
    expect(all.body).toContain('link,b-job,b-child');
  });
});
