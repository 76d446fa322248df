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
import { openServiceAuth, requestJobAccess, type ServiceAuth } from '@tessera/framework/service';
import { parseEveryBodyAsJson, type Logger } from '@tessera/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorizeJobChange, requireViewableJob, viewableJob, viewableJobNames, visibleGraph } from '../access.js';
import { JobValidationError, NotLeaderError, type ChronosApi, type JobKind } from '../api.js';
import { errorResponse } from './errors.js';
import { asQuery, runArguments, textParam, wholeNumberParam, type Query } from './query.js';

export interface ChronosRoutesOptions {
  /** Where 5xx answers are logged (with the error's stack). */
  readonly logger: Logger;
  /**
   * Who may see and change which jobs (the rules of `../access.ts`, the same as the gRPC door's): reads
   * (jobs, search, stats, the graph) are filtered by `view_jobs` on the job's `owner` (a job one may not view
   * answers as a missing one); changes (add, replace, delete, run, kill) are checked by `change_jobs` on the
   * stored owner and the new one, and recorded in the audit log. Default: no ACLs.
   */
  readonly auth?: ServiceAuth;
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
          schedulerRoutes(scheduler, api, options.auth ?? openServiceAuth('chronos'));
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
function schedulerRoutes(scope: FastifyInstance, api: ChronosApi, auth: ServiceAuth): void {
  const access = (request: FastifyRequest) => requestJobAccess(auth, request);
  const changeStored = (request: FastifyRequest, name: string) => authorizeJobChange(access(request), api, name);
  const post = (path: string, kind: JobKind) =>
    scope.post(path, async (request, reply) => {
      const body = request.body as { name?: unknown; owner?: unknown } | null;
      const name = typeof body?.name === 'string' ? body.name : '';
      const owner = typeof body?.owner === 'string' ? body.owner : '';
      // Both the stored owner and the new one: a job cannot be taken over, nor given away.
      await authorizeJobChange(access(request), api, name, [owner]);
      await api.putJob(request.body, kind);
      return noContent(reply);
    });
  post('/iso8601', 'scheduled');
  post('/dependency', 'dependent');
  // Tessera's addition: a cron job (`cron` and `timezone`, as Metronome writes them), answered as the other two.
  post('/cron', 'cron');

  scope.get('/jobs', async (request) => access(request).visible(await api.listJobs()));
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
    const jobs = access(request).visible(await api.listJobs(Object.keys(search).length === 0 ? undefined : search));
    return jobs.slice(offset, offset + limit);
  });

  scope.get<JobParams>('/job/:name', async (request) => viewableJob(access(request), api, request.params.name));
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
    await requireViewableJob(access(request), api, request.params.name);
    return api.jobStats(request.params.name);
  });
  // Tessera's addition: the run history, newest first.
  scope.get<JobParams>('/job/:name/runs', async (request) => {
    await requireViewableJob(access(request), api, request.params.name);
    return api.listRuns(request.params.name, wholeNumberParam(query(request), 'limit', 1));
  });
  scope.get<{ Params: { percentile: string } }>('/stats/:percentile', async (request) => {
    const stats = await api.percentileStats(request.params.percentile);
    const canView = await viewableJobNames(access(request), api);
    return stats.filter((stat) => canView(stat.jobNameLabel));
  });

  const graph = async (request: FastifyRequest) =>
    visibleGraph(await api.graph(), await viewableJobNames(access(request), api));
  scope.get('/graph/dot', async (request, reply) => reply.type(PLAIN_TEXT).send((await graph(request)).dot));
  scope.get('/graph/csv', async (request, reply) => reply.type(PLAIN_TEXT).send((await graph(request)).csv));

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
