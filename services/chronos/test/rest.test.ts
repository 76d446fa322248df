import { createLogger, type Logger } from '@tessera/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { JobValidationError, NotLeaderError, UnknownJobError } from '../src/api.js';
import { registerChronosRoutes, type ChronosRoutesOptions } from '../src/rest/routes.js';
import { FakeChronosApi, LEADER, NOW, run } from './fake-api.js';

const logger = createLogger('test', { level: 'silent' });

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fastify app with the routes over `api`, ready for `inject`. */
async function serve(
  api: FakeChronosApi,
  options: Partial<ChronosRoutesOptions> = {},
  app: FastifyInstance = Fastify(),
): Promise<FastifyInstance> {
  server = app;
  await registerChronosRoutes(server, api, { logger, ...options });
  await server.ready();
  return server;
}

const json = (payload: unknown) => ({
  payload: JSON.stringify(payload),
  headers: { 'content-type': 'application/json' },
});

const SCHEDULED = { name: 'nightly build#1', command: 'make nightly', schedule: 'R/2026-12-03T02:00:00Z/P1D' };
const DEPENDENT = { name: 'publish', command: './publish.sh', parents: ['nightly build#1'] };
const CRON = { name: 'hourly', command: 'date', cron: '0 * * * *', timezone: 'Europe/Paris' };

/** The path segment of a job name, as curl users write it. */
const encoded = (name: string) => encodeURIComponent(name);

/** A Chronos error body: `{"status": code, "message": …}`, JSON, and never a stack trace. */
function expectErrorBody(
  res: Awaited<ReturnType<FastifyInstance['inject']>>,
  status: number,
  message: string | RegExp,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<{ status: number; message: string }>();
  expect(Object.keys(body).sort()).toEqual(['message', 'status']);
  expect(body.status).toBe(status);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else expect(body.message).toMatch(message);
  expect(res.body).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('POST /v1/scheduler/iso8601, /dependency, /cron', () => {
  it.each([
    ['/v1/scheduler/iso8601', SCHEDULED, 'scheduled'],
    ['/v1/scheduler/cron', CRON, 'cron'],
    ['/scheduler/iso8601', SCHEDULED, 'scheduled'],
  ] as const)('POST %s creates the job: 204, no body, the JSON as sent with kind %s', async (url, body, kind) => {
    const api = new FakeChronosApi();
    const res = await (await serve(api)).inject({ method: 'POST', url, ...json(body) });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(api.onlyCall('putJob')).toEqual([body, kind]);
    expect((await api.getJob(body.name)).command).toBe(body.command);
  });

  it('POST /dependency creates a dependent job (kind "dependent"), under both prefixes', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    const app = await serve(api);
    for (const url of ['/v1/scheduler/dependency', '/scheduler/dependency']) {
      const res = await app.inject({ method: 'POST', url, ...json(DEPENDENT) });
      expect(res.statusCode).toBe(204);
    }
    expect(api.callsOf('putJob')).toEqual([
      [DEPENDENT, 'dependent'],
      [DEPENDENT, 'dependent'],
    ]);
  });

  it('accepts a body as curl -d sends it (form content type), with no content type, and as text/plain', async () => {
    const api = new FakeChronosApi();
    const app = await serve(api);
    const payload = JSON.stringify(SCHEDULED);
    for (const headers of [
      { 'content-type': 'application/x-www-form-urlencoded' },
      {},
      { 'content-type': 'text/plain' },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/v1/scheduler/iso8601', payload, headers });
      expect(res.statusCode).toBe(204);
    }
    expect(api.callsOf('putJob').map(([body]) => body)).toEqual([SCHEDULED, SCHEDULED, SCHEDULED]);
  });

  it('answers a body that is not JSON with 400 naming the JSON error, without calling the API', async () => {
    const api = new FakeChronosApi();
    const res = await (
      await serve(api)
    ).inject({
      method: 'POST',
      url: '/v1/scheduler/iso8601',
      payload: '{"name": "x", ',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectErrorBody(res, 400, /^Invalid JSON: /);
    expect(api.callsOf('putJob')).toEqual([]);
  });

  it('answers an invalid job with 400 naming every problem, and an empty body as no job', async () => {
    const api = new FakeChronosApi();
    const app = await serve(api);
    const invalid = await app.inject({
      method: 'POST',
      url: '/v1/scheduler/iso8601',
      ...json({ name: 'bad', schedule: 'R/x/PT1H', cpus: -1 }),
    });
    expectErrorBody(invalid, 400, /command: .*is required/);
    expect(invalid.json().message).toMatch(/cpus: /);
    expect(invalid.json().message).toMatch(/schedule/);
    const empty = await app.inject({ method: 'POST', url: '/v1/scheduler/iso8601' });
    expectErrorBody(empty, 400, /must be a JSON object/);
    expect(api.callsOf('putJob')).toEqual([
      [{ name: 'bad', schedule: 'R/x/PT1H', cpus: -1 }, 'scheduled'],
      [undefined, 'scheduled'],
    ]);
  });

  it('answers a body over fastify’s limit with its 413, in Chronos’s body', async () => {
    const api = new FakeChronosApi();
    const app = await serve(api, {}, Fastify({ bodyLimit: 16 }));
    const res = await app.inject({ method: 'POST', url: '/v1/scheduler/iso8601', ...json(SCHEDULED) });
    expectErrorBody(res, 413, /too large/i);
  });
});

describe('GET /v1/scheduler/jobs and /jobs/search', () => {
  it('lists every job as a JSON array, in Chronos’s job shape', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    api.seed(CRON);
    const res = await (await serve(api)).inject({ method: 'GET', url: '/v1/scheduler/jobs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const jobs = res.json<{ name: string; schedule?: string; cron?: string; nextRun: string }[]>();
    expect(jobs.map((job) => job.name)).toEqual(['hourly', 'nightly build#1']);
    expect(jobs[1]).toMatchObject({ schedule: SCHEDULED.schedule, successCount: 0, lastSuccess: '', nextRun: '' });
    expect(api.onlyCall('listJobs')).toEqual([undefined]);
  });

  it('searches by name, command and any, and answers Chronos’s page: limit 10 from offset 0 unless given', async () => {
    const api = new FakeChronosApi();
    for (let i = 0; i < 12; i++)
      api.seed({ name: `job-${String(i).padStart(2, '0')}`, command: 'true', cron: '* * * * *' });
    const app = await serve(api);
    const search = await app.inject({ method: 'GET', url: '/v1/scheduler/jobs/search?name=JOB&command=tru&any=' });
    expect(search.statusCode).toBe(200);
    expect(search.json<unknown[]>()).toHaveLength(10);
    expect(api.onlyCall('listJobs')).toEqual([{ name: 'JOB', command: 'tru' }]);
    const page = await app.inject({ method: 'GET', url: '/v1/scheduler/jobs/search?any=job&offset=10&limit=5' });
    expect(page.json<{ name: string }[]>().map((job) => job.name)).toEqual(['job-10', 'job-11']);
    const everything = await app.inject({ method: 'GET', url: '/scheduler/jobs/search' });
    expect(everything.json<unknown[]>()).toHaveLength(10);
    expect(api.callsOf('listJobs').slice(1)).toEqual([[{ any: 'job' }], [undefined]]);
  });

  it('refuses a limit or offset that is not a whole number with 400 naming it', async () => {
    const api = new FakeChronosApi();
    const app = await serve(api);
    expectErrorBody(
      await app.inject({ method: 'GET', url: '/v1/scheduler/jobs/search?limit=ten' }),
      400,
      'limit: must be a whole number >= 0 (got "ten")',
    );
    expectErrorBody(
      await app.inject({ method: 'GET', url: '/v1/scheduler/jobs/search?offset=-1' }),
      400,
      'offset: must be a whole number >= 0 (got "-1")',
    );
    expect(api.callsOf('listJobs')).toEqual([]);
  });
});

describe('/v1/scheduler/job/{name}', () => {
  it('GET answers the job; the name is URL-decoded (spaces and "#")', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    const res = await (await serve(api)).inject({ method: 'GET', url: `/v1/scheduler/job/${encoded(SCHEDULED.name)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'nightly build#1', command: 'make nightly', shell: true, retries: 2 });
    expect(api.onlyCall('getJob')).toEqual(['nightly build#1']);
  });

  it('PUT runs the job now: 204; ?arguments= is split at whitespace, repeated ones joined', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    const app = await serve(api);
    const url = `/v1/scheduler/job/${encoded(SCHEDULED.name)}`;
    const plain = await app.inject({ method: 'PUT', url });
    expect(plain.statusCode).toBe(204);
    expect(plain.body).toBe('');
    await app.inject({ method: 'PUT', url: `${url}?arguments=-debug` });
    await app.inject({ method: 'PUT', url: `${url}?arguments=${encodeURIComponent('-a 1  --b\tx')}&arguments=-c` });
    await app.inject({ method: 'PUT', url: `${url}?arguments=+` });
    expect(api.callsOf('runJob')).toEqual([
      ['nightly build#1', undefined],
      ['nightly build#1', ['-debug']],
      ['nightly build#1', ['-a', '1', '--b', 'x', '-c']],
      ['nightly build#1', undefined],
    ]);
  });

  it('DELETE deletes the job: 204', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    const res = await (await serve(api)).inject({ method: 'DELETE', url: `/scheduler/job/${encoded(SCHEDULED.name)}` });
    expect(res.statusCode).toBe(204);
    expect(api.onlyCall('deleteJob')).toEqual(['nightly build#1']);
    await expect(api.getJob(SCHEDULED.name)).rejects.toThrow(UnknownJobError);
  });

  it.each([
    ['GET', '/v1/scheduler/job/nope%20%231'],
    ['PUT', '/v1/scheduler/job/nope%20%231'],
    ['DELETE', '/v1/scheduler/job/nope%20%231'],
    ['DELETE', '/v1/scheduler/task/kill/nope%20%231'],
    ['GET', '/v1/scheduler/job/stat/nope%20%231'],
    ['GET', '/v1/scheduler/job/nope%20%231/runs'],
    ['GET', '/scheduler/job/nope%20%231'],
  ] as const)('%s %s of a missing job answers 400 "Job \'…\' not found", as Chronos', async (method, url) => {
    const res = await (await serve(new FakeChronosApi())).inject({ method, url });
    expectErrorBody(res, 400, "Job 'nope #1' not found");
  });
});

describe('tasks, statistics, runs and the graph', () => {
  it('DELETE /task/kill/{name} kills the job’s tasks: 204', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    const res = await (
      await serve(api)
    ).inject({ method: 'DELETE', url: `/v1/scheduler/task/kill/${encoded(SCHEDULED.name)}` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(api.onlyCall('killJobTasks')).toEqual(['nightly build#1']);
  });

  it('GET /job/stat/{name} answers the job’s statistics (Chronos’s histogram, the history)', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    api.addRun(run(SCHEDULED.name, { state: 'Succeeded' }));
    const res = await (
      await serve(api)
    ).inject({ method: 'GET', url: `/v1/scheduler/job/stat/${encoded(SCHEDULED.name)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      histogram: { count: 0, '99thPercentile': 0 },
      successCount: 1,
      taskStatHistory: [{ job: 'nightly build#1', state: 'Succeeded' }],
    });
  });

  it('GET /job/{name}/runs answers the history newest first, at most ?limit= (a whole number >= 1)', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    api.addRun(run(SCHEDULED.name, { scheduledAt: '2026-12-01T02:00:00.000Z', state: 'Failed' }));
    api.addRun(run(SCHEDULED.name, { scheduledAt: '2026-12-02T02:00:00.000Z', state: 'Succeeded' }));
    const app = await serve(api);
    const url = `/v1/scheduler/job/${encoded(SCHEDULED.name)}/runs`;
    const all = await app.inject({ method: 'GET', url });
    expect(all.statusCode).toBe(200);
    expect(all.json<{ state: string }[]>().map((r) => r.state)).toEqual(['Succeeded', 'Failed']);
    const one = await app.inject({ method: 'GET', url: `${url}?limit=1` });
    expect(one.json<unknown[]>()).toHaveLength(1);
    expectErrorBody(
      await app.inject({ method: 'GET', url: `${url}?limit=0` }),
      400,
      /^limit: must be a whole number >= 1/,
    );
    expect(api.callsOf('listRuns')).toEqual([
      ['nightly build#1', undefined],
      ['nightly build#1', 1],
    ]);
  });

  it('GET /stats/{percentile} answers every job’s value; another name is 400', async () => {
    const api = new FakeChronosApi();
    api.seed(CRON);
    const app = await serve(api);
    const res = await app.inject({ method: 'GET', url: '/v1/scheduler/stats/99thPercentile' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ jobNameLabel: 'hourly', time: 0 }]);
    expectErrorBody(await app.inject({ method: 'GET', url: '/v1/scheduler/stats/50th' }), 400, /percentile/);
  });

  it('GET /graph/dot and /graph/csv answer Chronos’s texts as text/plain', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    api.seed(DEPENDENT);
    const app = await serve(api);
    const dot = await app.inject({ method: 'GET', url: '/v1/scheduler/graph/dot' });
    expect(dot.statusCode).toBe(200);
    expect(dot.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(dot.body).toBe('digraph G {\n  1 [ label="nightly build#1" ];\n  2 [ label="publish" ];\n  1 -> 2;\n}\n');
    const csv = await app.inject({ method: 'GET', url: '/scheduler/graph/csv' });
    expect(csv.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(csv.body).toBe('node,nightly build#1,fresh,idle\nnode,publish,fresh,idle\nlink,nightly build#1,publish\n');
  });
});

describe('leader and ping', () => {
  it.each(['/leader', '/v1/scheduler/leader'])('GET %s answers {"leader": "host:port"}', async (url) => {
    const res = await (await serve(new FakeChronosApi())).inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ leader: LEADER });
  });

  it('GET /leader with no leader known answers 503', async () => {
    const api = new FakeChronosApi();
    api.leaderAddress = undefined;
    expectErrorBody(
      await (await serve(api)).inject({ method: 'GET', url: '/leader' }),
      503,
      'no Chronos leader is elected yet',
    );
  });

  it('GET /ping answers "pong" as text/plain', async () => {
    const res = await (await serve(new FakeChronosApi())).inject({ method: 'GET', url: '/ping' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe('pong');
  });
});

describe('errors', () => {
  it('answers NotLeaderError with 503 and its message, on any route', async () => {
    const api = new FakeChronosApi()
      .fail('listJobs', new NotLeaderError('10.0.0.5:4400'))
      .fail('putJob', new NotLeaderError(undefined));
    const app = await serve(api);
    expectErrorBody(
      await app.inject({ method: 'GET', url: '/v1/scheduler/jobs' }),
      503,
      'this Chronos is not the leader; 10.0.0.5:4400 is',
    );
    expectErrorBody(
      await app.inject({ method: 'POST', url: '/v1/scheduler/iso8601', ...json(SCHEDULED) }),
      503,
      'no Chronos leader is elected yet',
    );
  });

  it('answers a JobValidationError from any operation with 400 and its problems', async () => {
    const api = new FakeChronosApi().fail(
      'listJobs',
      new JobValidationError([
        { field: 'a', message: 'a: is wrong' },
        { field: 'b', message: 'b: is wrong too' },
      ]),
    );
    expectErrorBody(
      await (await serve(api)).inject({ method: 'GET', url: '/v1/scheduler/jobs' }),
      400,
      'a: is wrong; b: is wrong too',
    );
  });

  it('answers anything else with 500 and its message, no stack trace, and logs it with the error', async () => {
    const logged: unknown[][] = [];
    const recorder = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
    const failure = new TypeError('cannot read the store');
    const api = new FakeChronosApi().fail('getJob', failure);
    const res = await (await serve(api, { logger: recorder })).inject({ method: 'GET', url: '/v1/scheduler/job/x' });
    expectErrorBody(res, 500, 'cannot read the store');
    expect(logged).toEqual([[{ err: failure, method: 'GET', url: '/v1/scheduler/job/x' }, 'Chronos REST call failed']]);
  });

  it('does not log refusals', async () => {
    const logged: unknown[] = [];
    const recorder = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
    const app = await serve(new FakeChronosApi(), { logger: recorder });
    await app.inject({ method: 'GET', url: '/v1/scheduler/job/missing' });
    await app.inject({ method: 'POST', url: '/v1/scheduler/iso8601', payload: 'not json' });
    expect(logged).toEqual([]);
  });

  it('answers an unknown path under the prefixes with 404 in the same body', async () => {
    const app = await serve(new FakeChronosApi());
    expectErrorBody(
      await app.inject({ method: 'GET', url: '/v1/scheduler/nothing?x=1' }),
      404,
      'HTTP 404 Not Found: GET /v1/scheduler/nothing',
    );
    expectErrorBody(
      await app.inject({ method: 'POST', url: '/scheduler/jobs' }),
      404,
      'HTTP 404 Not Found: POST /scheduler/jobs',
    );
  });

  it('keeps the runs it answers as the API gave them (times in UTC with milliseconds)', async () => {
    const api = new FakeChronosApi();
    api.seed(SCHEDULED);
    const app = await serve(api);
    await app.inject({ method: 'PUT', url: `/v1/scheduler/job/${encoded(SCHEDULED.name)}` });
    const runs = await app.inject({ method: 'GET', url: `/v1/scheduler/job/${encoded(SCHEDULED.name)}/runs` });
    expect(runs.json()).toEqual([run(SCHEDULED.name, { scheduledAt: NOW })]);
  });
});
