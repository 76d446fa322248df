/**
 * Chronos's REST API as fastify routes over a ChronosApi. The routes only
 * translate: path, query and body in; the api's JSON, Chronos's status codes
 * and content types out; errors by class through `errors.ts`. They hold no
 * state.
 *
 * Paths, under `/v1/scheduler` and, as Chronos 2.x and older served them,
 * under `/scheduler` (same routes, same answers):
 *
 *   POST   /iso8601                 create or replace a scheduled job      204
 *   POST   /dependency              create or replace a dependent job      204
 *   POST   /cron                    Tessera's: a cron job (Metronome-style
 *                                   `cron`, `timezone`)                    204
 *   GET    /jobs                    every job (a JSON array)               200
 *   GET    /jobs/search             name=, command=, any=, limit=, offset= 200
 *   GET    /job/{name}              one job                                200
 *   PUT    /job/{name}              run now (?arguments=)                  204
 *   DELETE /job/{name}              delete                                 204
 *   DELETE /task/kill/{name}        kill the job's tasks                   204
 *   GET    /job/stat/{name}         the job's run statistics               200
 *   GET    /job/{name}/runs         Tessera's: the run history (?limit=)   200
 *   GET    /stats/{percentile}      one percentile of every job            200
 *   GET    /graph/dot, /graph/csv   the dependency graph, text/plain       200
 *   GET    /leader                  {"leader": "host:port"}                200
 *
 * and `GET /leader` and `GET /ping` ("pong", text/plain) at the root.
 * Job names are path segments, URL-encoded ("nightly%20build%231").
 * Refusals: 400 for bad input and for a missing job (as Chronos), 503 when
 * this process does not lead, 500 for anything else; the body is always
 * `{"status": <code>, "message": …}`, never a stack trace.
 */
import { authorizeChange, OPEN_REST_AUTH, viewable, type RestAuth } from '@tessera/framework/service';
import { parseEveryBodyAsJson, type Logger } from '@tessera/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  JobValidationError,
  NotLeaderError,
  UnknownJobError,
  type ChronosApi,
  type JobKind,
  type JobStatusJson,
} from '../api.js';
import { errorResponse } from './errors.js';
import { asQuery, runArguments, textParam, wholeNumberParam, type Query } from './query.js';

export interface ChronosRoutesOptions {
  /** Where 5xx answers are logged (with the error's stack). */
  readonly logger: Logger;
  /**
   * Who may see and change which jobs (see @tessera/framework's rest-auth.ts): reads are filtered by
   * `view_jobs` on the job's `owner` (a job one may not view answers as a missing one); changes (add, replace,
   * delete, run, kill) are checked by `change_jobs` on the stored owner and the new one, and recorded in the
   * audit log. Default: no ACLs.
   */
  readonly auth?: RestAuth;
}

/** Where Chronos serves its scheduler API: `/v1/scheduler` since 2.4; `/scheduler` before (Airbnb's Chronos). */
export const SCHEDULER_PREFIXES = ['/v1/scheduler', '/scheduler'] as const;

/** Chronos's search answers at most this many jobs unless `limit` says otherwise (from `offset`, default 0). */
export const DEFAULT_SEARCH_LIMIT = 10;

const PLAIN_TEXT = 'text/plain; charset=utf-8';

/**
 * Registers Chronos's routes (see the module comment) on `app`, in their own
 * encapsulated scope: the scope reads every body as JSON whatever its content
 * type (`curl -d` sends form encoding) and answers unparseable JSON with 400;
 * its error handler answers as Chronos (`errors.ts`) and logs 5xx answers;
 * unknown paths under the prefixes answer 404 in the same body. Call once,
 * before `listen`.
 */
export async function registerChronosRoutes(
  app: FastifyInstance,
  api: ChronosApi,
  options: ChronosRoutesOptions,
): Promise<void> {
  await app.register(async (scope) => {
    parseEveryBodyAsJson(
      scope,
      (reason) => new JobValidationError([{ field: '', message: `Invalid JSON: ${reason}` }]),
    );
    scope.setErrorHandler((error, request, reply) => {
      const response = errorResponse(error);
      if (response.unexpected)
        options.logger.error({ err: error, method: request.method, url: request.url }, 'Chronos REST call failed');
      return reply.code(response.statusCode).send(response.body);
    });
    for (const prefix of SCHEDULER_PREFIXES)
      await scope.register(
        async (scheduler) => {
          schedulerRoutes(scheduler, api, options.auth ?? OPEN_REST_AUTH);
          scheduler.setNotFoundHandler((request, reply) => {
            const message = `HTTP 404 Not Found: ${request.method} ${request.url.split('?')[0]}`;
            return reply.code(404).send({ status: 404, message });
          });
        },
        { prefix },
      );
    scope.get('/leader', async () => leaderOf(api));
    scope.get('/ping', async (_request, reply) => reply.type(PLAIN_TEXT).send('pong'));
  });
}

/** The routes under one prefix. */
function schedulerRoutes(scope: FastifyInstance, api: ChronosApi, auth: RestAuth): void {
  const visible = (request: FastifyRequest, jobs: readonly JobStatusJson[]) =>
    viewable(auth, request, 'view_jobs', jobs, (job) => job.owner);
  /** The stored job, if the caller may view it; a job it may not view is as unknown as a missing one. */
  const viewableJob = async (request: FastifyRequest, name: string): Promise<JobStatusJson> => {
    const job = await api.getJob(name);
    if (visible(request, [job]).length === 0) throw new UnknownJobError(name);
    return job;
  };
  /** change_jobs on the stored job's owner (a job not stored is left to the api to refuse). */
  const changeStored = async (request: FastifyRequest, name: string, newOwners: readonly string[] = []) => {
    const stored = await api.getJob(name).catch((error: unknown) => {
      if (error instanceof UnknownJobError) return undefined;
      throw error;
    });
    await authorizeChange(auth, request, 'change_jobs', [
      ...(stored === undefined ? [] : [stored.owner]),
      ...newOwners,
    ]);
  };
  const post = (path: string, kind: JobKind) =>
    scope.post(path, async (request, reply) => {
      const body = request.body as { name?: unknown; owner?: unknown } | null;
      const name = typeof body?.name === 'string' ? body.name : '';
      const owner = typeof body?.owner === 'string' ? body.owner : '';
      // Both the stored owner and the new one: a job cannot be taken over, nor given away.
      if (name === '') await authorizeChange(auth, request, 'change_jobs', [owner]);
      else await changeStored(request, name, [owner]);
      await api.putJob(request.body, kind);
      return noContent(reply);
    });
  post('/iso8601', 'scheduled');
  post('/dependency', 'dependent');
  // Tessera's addition: a cron job (`cron` and `timezone`, as Metronome writes them), answered as the other two.
  post('/cron', 'cron');

  scope.get('/jobs', async (request) => visible(request, await api.listJobs()));
  scope.get('/jobs/search', async (request) => {
    const q = query(request);
    const search = {
      ...definedEntry('name', textParam(q, 'name')),
      ...definedEntry('command', textParam(q, 'command')),
      ...definedEntry('any', textParam(q, 'any')),
    };
    // NOTE: Chronos answers a page of the matches, by default the first DEFAULT_SEARCH_LIMIT.
    const offset = wholeNumberParam(q, 'offset', 0, 0);
    const limit = wholeNumberParam(q, 'limit', 0, DEFAULT_SEARCH_LIMIT);
    const jobs = visible(request, await api.listJobs(Object.keys(search).length === 0 ? undefined : search));
    return jobs.slice(offset, offset + limit);
  });

  scope.get<JobParams>('/job/:name', async (request) => viewableJob(request, request.params.name));
  scope.put<JobParams>('/job/:name', async (request, reply) => {
    await changeStored(request, request.params.name);
    await api.runJob(request.params.name, runArguments(query(request)));
    return noContent(reply);
  });
  scope.delete<JobParams>('/job/:name', async (request, reply) => {
    await changeStored(request, request.params.name);
    await api.deleteJob(request.params.name);
    return noContent(reply);
  });
  scope.delete<JobParams>('/task/kill/:name', async (request, reply) => {
    await changeStored(request, request.params.name);
    await api.killJobTasks(request.params.name);
    return noContent(reply);
  });

  scope.get<JobParams>('/job/stat/:name', async (request) => {
    await viewableJob(request, request.params.name);
    return api.jobStats(request.params.name);
  });
  // Tessera's addition: the run history, newest first.
  scope.get<JobParams>('/job/:name/runs', async (request) => {
    await viewableJob(request, request.params.name);
    return api.listRuns(request.params.name, wholeNumberParam(query(request), 'limit', 1));
  });
  scope.get<{ Params: { percentile: string } }>('/stats/:percentile', async (request) =>
    api.percentileStats(request.params.percentile),
  );

  scope.get('/graph/dot', async (_request, reply) => reply.type(PLAIN_TEXT).send((await api.graph()).dot));
  scope.get('/graph/csv', async (_request, reply) => reply.type(PLAIN_TEXT).send((await api.graph()).csv));

  scope.get('/leader', async () => leaderOf(api));
}

type JobParams = { Params: { name: string } };

/** `{"leader": "host:port"}`; with no leader known, NotLeaderError (503). */
async function leaderOf(api: ChronosApi): Promise<{ leader: string }> {
  const leader = await api.leader();
  if (leader === undefined) throw new NotLeaderError(undefined);
  return { leader };
}

function noContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}

function query(request: FastifyRequest): Query {
  return asQuery(request.query);
}

function definedEntry<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
