/**
 * Marathon's REST v2 API as fastify routes over a MarathonApi. The routes only
 * translate: path, query and body in; the api's JSON, Marathon's status codes
 * and headers out; errors by class through `errors.ts`. They hold no state
 * but the event relay below.
 */
import type { ServerResponse } from 'node:http';
import { createMemoryBus } from '@tessera/bus';
import { openServiceAuth, requestAppAccess, type ServiceAuth } from '@tessera/framework/service';
import { parseEveryBodyAsJson, type Logger } from '@tessera/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  UnknownTaskError,
  ValidationFailedError,
  type DeploymentResultJson,
  type KillOptions,
  type KillResultJson,
  type MarathonApi,
} from '../api.js';
import {
  authorizeDeploymentCancel,
  authorizeTaskKill,
  canViewEvent,
  groupObject,
  requireViewableApp,
} from '../access.js';
import { EventHub, serveEventStream, type SseOptions } from '../events.js';
import { parseAppPath } from './app-path.js';
import { errorResponse } from './errors.js';
import { endpointsText, prefersPlainText } from './plain-text.js';
import { asQuery, booleanFlag, listParam, textParam, type Query } from './query.js';

export interface MarathonRoutesOptions {
  /** Where 5xx answers are logged (with the error's stack). */
  readonly logger: Logger;
  /**
   * The hub whose events `GET /v2/events` streams (the leader's). Omitted: the
   * events of `api.subscribe` are relayed (subscribed while at least one
   * stream is open), e.g. on a follower whose api forwards to the leader.
   */
  readonly events?: EventHub;
  /** Options of each `/v2/events` stream (slow-client limit, keep-alive). */
  readonly sse?: SseOptions;
  /**
   * Prometheus text for `GET /metrics`. Omitted: `/metrics` is not registered
   * here; leave it out when the server comes from `startHttpServer`, which
   * serves `/metrics` itself.
   */
  readonly metrics?: () => Promise<string> | string;
  /**
   * Who may see and change what (the rules of `../access.ts`, the same as the gRPC door's): reads of apps,
   * groups, deployments, tasks, the queue and `/v2/events` are filtered by `view_apps` on the app's path;
   * changes are checked by `change_apps` on every app or group path they touch, and recorded in the audit
   * log. The caller is authenticated by the hook `registerRestAuthentication` adds. Default: no ACLs
   * (everything allowed, nothing recorded).
   */
  readonly auth?: ServiceAuth;
}

/** The header Marathon names a change's deployment in. */
export const DEPLOYMENT_HEADER = 'Marathon-Deployment-Id';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Registers Marathon's routes (`/v2/apps`, `/v2/tasks`, `/v2/groups`,
 * `/v2/deployments`, `/v2/queue`, `/v2/info`, `/v2/leader`, `/v2/events`,
 * `/ping`, and `/metrics` when `options.metrics` is given) on `app`, in their
 * own encapsulated scope: the scope's body parser reads every body as JSON
 * whatever its content type (`curl -d @app.json` sends form encoding) and
 * answers unparseable JSON with 422, and its error handler answers as
 * Marathon (`errors.ts`). Also sets `app`'s not-found handler (404
 * `{"message": …}`), so `app` must not have one. Call once, before `listen`.
 */
export async function registerMarathonRoutes(
  app: FastifyInstance,
  api: MarathonApi,
  options: MarathonRoutesOptions,
): Promise<void> {
  const auth = options.auth ?? openServiceAuth('marathon');
  const events = options.events === undefined ? relayEvents(api, options.logger) : fixedEvents(options.events);
  await app.register(async (scope) => {
    parseEveryBodyAsJson(
      scope,
      (reason) => new ValidationFailedError([{ path: '/', errors: [`Invalid JSON: ${reason}`] }]),
    );
    scope.setErrorHandler((error, request, reply) => {
      const response = errorResponse(error);
      if (response.unexpected)
        options.logger.error({ err: error, method: request.method, url: request.url }, 'Marathon REST call failed');
      return reply.code(response.statusCode).send(response.body);
    });
    scope.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ message: `HTTP 404 Not Found: ${request.method} ${request.url.split('?')[0]}` }),
    );
    appRoutes(scope, api, auth);
    taskRoutes(scope, api, auth);
    groupRoutes(scope, api, auth);
    otherRoutes(scope, api, auth);
    const streams = new Set<ServerResponse>();
    // NOTE: no HEAD twin: it would open a stream.
    scope.get('/v2/events', { exposeHeadRoute: false }, (request, reply) => {
      const eventTypes = listParam(query(request), 'event_type');
      const access = requestAppAccess(auth, request);
      reply.hijack();
      const release = events.acquire();
      streams.add(reply.raw);
      const closed = () => {
        streams.delete(reply.raw);
        release();
      };
      serveEventStream(events.hub, request.raw, reply.raw, eventTypes, {
        ...options.sse,
        accepts: (event) => canViewEvent(access, event),
      }).then(closed, closed);
    });
    // NOTE: an open stream is never idle, so closing the server would wait for every client to go away.
    scope.addHook('preClose', (done) => {
      for (const stream of streams) stream.end();
      done();
    });
    const metrics = options.metrics;
    if (metrics !== undefined)
      scope.get('/metrics', async (_request, reply) => reply.type(PROMETHEUS_TEXT).send(await metrics()));
  });
}

// ------------------------------------------------------------------ /v2/apps

function appRoutes(scope: FastifyInstance, api: MarathonApi, auth: ServiceAuth): void {
  // NOTE: ACLs name absolute paths; AppAccess reads the path of a URL ("prod/web") as absolute.
  const change = (request: FastifyRequest, paths: readonly string[]) => requestAppAccess(auth, request).change(paths);
  scope.get('/v2/apps', async (request) => {
    const q = query(request);
    const apps = await api.listApps({
      id: textParam(q, 'id'),
      cmd: textParam(q, 'cmd'),
      label: textParam(q, 'label'),
      embed: listParam(q, 'embed'),
    });
    return { apps: requestAppAccess(auth, request).visible(apps, (app) => app.id) };
  });

  scope.post('/v2/apps', async (request, reply) => {
    await change(request, bodyIds(request.body));
    const created = await api.createApp(request.body, { force: booleanFlag(query(request), 'force', false) });
    reply
      .code(201)
      .header('Location', `/v2/apps${withLeadingSlash(created.app.id)}`)
      .header(DEPLOYMENT_HEADER, created.deploymentId);
    // NOTE: as Marathon's create answers: the app as stored with zero counts, no tasks and its deployment.
    return {
      ...created.app,
      tasksStaged: 0,
      tasksRunning: 0,
      tasksHealthy: 0,
      tasksUnhealthy: 0,
      deployments: [{ id: created.deploymentId }],
      tasks: [],
    };
  });

  scope.put('/v2/apps', async (request, reply) => {
    await change(request, bodyIds(request.body));
    const q = query(request);
    const result = await api.updateApps(request.body, {
      force: booleanFlag(q, 'force', false),
      // Marathon 1.x: PUT changes only the fields given unless `partialUpdate=false` (scripts scale with `{"instances": n}`).
      partial: booleanFlag(q, 'partialUpdate', true),
    });
    return deployed(reply, result);
  });

  scope.patch('/v2/apps', async (request, reply) => {
    await change(request, bodyIds(request.body));
    const result = await api.updateApps(request.body, {
      force: booleanFlag(query(request), 'force', false),
      partial: true,
    });
    return deployed(reply, result);
  });

  scope.get('/v2/apps/*', async (request, reply) => {
    const path = parseAppPath('GET', wildcard(request));
    const q = query(request);
    if (path !== undefined) requireViewableApp(requestAppAccess(auth, request), path.appId);
    switch (path?.kind) {
      case 'app':
        return { app: await api.getApp(path.appId, listParam(q, 'embed')) };
      case 'tasks':
        if (prefersPlainText(request.headers.accept)) {
          const [app, tasks] = await Promise.all([api.getApp(path.appId), api.appTasks(path.appId)]);
          return reply.type('text/plain; charset=utf-8').send(endpointsText([app], tasks));
        }
        return { tasks: await api.appTasks(path.appId) };
      case 'versions':
        return api.listAppVersions(path.appId);
      case 'version':
        return api.getAppVersion(path.appId, path.version);
      default:
        return notFound(request, reply);
    }
  });

  scope.put('/v2/apps/*', async (request, reply) => {
    const path = parseAppPath('PUT', wildcard(request));
    if (path?.kind !== 'app') return notFound(request, reply);
    await change(request, [path.appId]);
    const q = query(request);
    return updateApp(reply, api, path.appId, request.body, {
      force: booleanFlag(q, 'force', false),
      // Marathon 1.x: PUT changes only the fields given unless `partialUpdate=false` (scripts scale with `{"instances": n}`).
      partial: booleanFlag(q, 'partialUpdate', true),
    });
  });

  scope.patch('/v2/apps/*', async (request, reply) => {
    const path = parseAppPath('PATCH', wildcard(request));
    if (path?.kind !== 'app') return notFound(request, reply);
    await change(request, [path.appId]);
    return updateApp(reply, api, path.appId, request.body, {
      force: booleanFlag(query(request), 'force', false),
      partial: true,
    });
  });

  scope.delete('/v2/apps/*', async (request, reply) => {
    const path = parseAppPath('DELETE', wildcard(request));
    const q = query(request);
    if (path !== undefined) await change(request, [path.appId]);
    switch (path?.kind) {
      case 'app':
        // NOTE: Marathon deletes an app with force unless `?force=false`: a delete should not wait for a deployment.
        return deployed(reply, await api.deleteApp(path.appId, { force: booleanFlag(q, 'force', true) }));
      case 'tasks': {
        const host = textParam(q, 'host');
        const result = await api.killAppTasks(path.appId, {
          ...killOptions(q),
          ...(host === undefined ? {} : { host }),
        });
        return killed(reply, result);
      }
      case 'task': {
        const result = await api.killAppTask(path.appId, path.taskId, killOptions(q));
        if (!('tasks' in result)) return deployed(reply, result);
        const [task] = result.tasks;
        if (task === undefined) throw new UnknownTaskError(path.taskId);
        return { task };
      }
      default:
        return notFound(request, reply);
    }
  });

  scope.post('/v2/apps/*', async (request, reply) => {
    const path = parseAppPath('POST', wildcard(request));
    if (path?.kind !== 'restart') return notFound(request, reply);
    await change(request, [path.appId]);
    return deployed(reply, await api.restartApp(path.appId, { force: booleanFlag(query(request), 'force', false) }));
  });
}

/**
 * PUT/PATCH of one app. A body of only `version` (and, optionally, `id`) is
 * Marathon's rollback to that stored version; anything else updates (or, for
 * PUT, creates: 201 with Location).
 */
async function updateApp(
  reply: FastifyReply,
  api: MarathonApi,
  appId: string,
  body: unknown,
  options: { readonly force: boolean; readonly partial: boolean },
): Promise<DeploymentResultJson> {
  const rollbackTo = rollbackVersion(body);
  if (rollbackTo !== undefined)
    return deployed(reply, await api.rollbackApp(appId, rollbackTo, { force: options.force }));
  const result = await api.updateApp(appId, body, options);
  if (!result.created) return deployed(reply, result);
  reply.header('Location', `/v2/apps${withLeadingSlash(appId)}`);
  return deployed(reply, result, 201);
}

/** The version of a rollback body (`{"version": "…"}`, optionally with `id`), else undefined. */
export function rollbackVersion(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const version = record['version'];
  if (typeof version !== 'string') return undefined;
  return Object.keys(record).every((key) => key === 'version' || key === 'id') ? version : undefined;
}

// ------------------------------------------------------------------ /v2/tasks

function taskRoutes(scope: FastifyInstance, api: MarathonApi, auth: ServiceAuth): void {
  scope.get('/v2/tasks', async (request, reply) => {
    const access = requestAppAccess(auth, request);
    const states = listParam(query(request), 'status', 'status[]');
    const all = await api.listTasks(states.length === 0 ? undefined : states);
    const tasks = access.visible(all, (task) => task.appId);
    if (!prefersPlainText(request.headers.accept)) return { tasks };
    const apps = access.visible(await api.listApps({}), (app) => app.id);
    return reply.type('text/plain; charset=utf-8').send(endpointsText(apps, tasks));
  });

  scope.post('/v2/tasks/delete', async (request, reply) => {
    const ids = taskIdsOf(request.body);
    await authorizeTaskKill(requestAppAccess(auth, request), api, ids);
    const result = await api.killTasks(ids, killOptions(query(request)));
    return killed(reply, result);
  });
}

/** The `ids` of a `POST /v2/tasks/delete` body; a body of another shape is refused on "/ids" (or "/"). */
function taskIdsOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationFailedError([{ path: '/', errors: ['must be an object: {"ids": ["<task id>", …]}'] }]);
  const ids = (body as Record<string, unknown>)['ids'];
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string'))
    throw new ValidationFailedError([{ path: '/ids', errors: ['must be an array of task ids (strings)'] }]);
  return ids;
}

function killOptions(q: Query): KillOptions {
  return {
    scale: booleanFlag(q, 'scale', false),
    wipe: booleanFlag(q, 'wipe', false),
    force: booleanFlag(q, 'force', false),
  };
}

/** A kill's answer: `{"tasks": […]}`, or the deployment that lowers `instances` (with `scale`). */
function killed(reply: FastifyReply, result: KillResultJson): unknown {
  return 'tasks' in result ? { tasks: result.tasks } : deployed(reply, result);
}

// ------------------------------------------------------------------ /v2/groups

function groupRoutes(scope: FastifyInstance, api: MarathonApi, auth: ServiceAuth): void {
  const read = async (request: FastifyRequest, id: string) =>
    requestAppAccess(auth, request).visibleGroup(await api.getGroup(id, listParam(query(request), 'embed')));
  scope.get('/v2/groups', async (request) => read(request, '/'));
  scope.get('/v2/groups/*', async (request) => read(request, groupId(request)));
  const change = (request: FastifyRequest, id: string | undefined) =>
    requestAppAccess(auth, request).change([groupObject(id)]);

  const create = async (request: FastifyRequest, reply: FastifyReply, id: string | undefined) => {
    await change(request, id ?? bodyId(request.body));
    const result = await api.putGroup(id, request.body, {
      force: booleanFlag(query(request), 'force', false),
      create: true,
    });
    const createdId = id ?? bodyId(request.body);
    if (createdId !== undefined) reply.header('Location', `/v2/groups${withLeadingSlash(createdId)}`);
    return deployed(reply, result, 201);
  };
  scope.post('/v2/groups', (request, reply) => create(request, reply, undefined));
  scope.post('/v2/groups/*', (request, reply) => create(request, reply, groupId(request)));

  const update = async (request: FastifyRequest, reply: FastifyReply, id: string) => {
    await change(request, id);
    return deployed(
      reply,
      await api.putGroup(id, request.body, { force: booleanFlag(query(request), 'force', false) }),
    );
  };
  scope.put('/v2/groups', (request, reply) => update(request, reply, '/'));
  scope.put('/v2/groups/*', (request, reply) => update(request, reply, groupId(request)));

  const remove = async (request: FastifyRequest, reply: FastifyReply, id: string) => {
    await change(request, id);
    return deployed(reply, await api.deleteGroup(id, { force: booleanFlag(query(request), 'force', false) }));
  };
  scope.delete('/v2/groups', (request, reply) => remove(request, reply, '/'));
  scope.delete('/v2/groups/*', (request, reply) => remove(request, reply, groupId(request)));
}

/** The `id` of each app of a body (one app, or an array of them); '' for one without a string id. */
function bodyIds(body: unknown): string[] {
  const items = Array.isArray(body) ? (body as unknown[]) : [body];
  return items.map((item) => {
    const id = bodyId(item);
    return id === undefined || id === '' ? '' : withLeadingSlash(id);
  });
}

/** The group id of a `/v2/groups/*` path (trailing slashes dropped; "" is the root). */
function groupId(request: FastifyRequest): string {
  return withLeadingSlash(wildcard(request).replace(/\/+$/, ''));
}

/** The `id` field of a JSON body, when it is a string. */
function bodyId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id : undefined;
}

// ------------------------------------------------------------------ the rest

function otherRoutes(scope: FastifyInstance, api: MarathonApi, auth: ServiceAuth): void {
  scope.get('/v2/deployments', async (request) => {
    const access = requestAppAccess(auth, request);
    // A deployment is shown only to callers who may view every app it affects.
    return (await api.listDeployments()).filter((deployment) => access.canViewAll(deployment.affectedApps));
  });
  scope.delete<{ Params: { id: string } }>('/v2/deployments/:id', async (request, reply) => {
    await authorizeDeploymentCancel(requestAppAccess(auth, request), api, request.params.id);
    const result = await api.cancelDeployment(request.params.id, {
      force: booleanFlag(query(request), 'force', false),
    });
    // NOTE: a forced cancel only stops the deployment, so there is no new deployment to name: 202, no body.
    if (result === undefined) return reply.code(202).send();
    return deployed(reply, result);
  });

  scope.get('/v2/queue', async (request) => {
    const { queue } = await api.queue();
    return { queue: requestAppAccess(auth, request).visible(queue, (item) => item.app.id) };
  });
  scope.delete('/v2/queue/*', async (request, reply) => {
    const match = /^(.+)\/delay\/*$/.exec(wildcard(request));
    if (match?.[1] === undefined) return notFound(request, reply);
    await requestAppAccess(auth, request).change([match[1]]);
    await api.resetDelay(match[1]);
    return reply.code(204).send();
  });

  scope.get('/v2/info', async () => api.info());
  scope.get('/v2/leader', async (_request, reply) => {
    const leader = await api.leader();
    if (leader === undefined) return reply.code(404).send({ message: 'There is no leader' });
    return { leader };
  });
  scope.get('/ping', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('pong'));
}

// ------------------------------------------------------------------ helpers

function query(request: FastifyRequest): Query {
  return asQuery(request.query);
}

function wildcard(request: FastifyRequest): string {
  return (request.params as { '*'?: string })['*'] ?? '';
}

function withLeadingSlash(id: string): string {
  return id.startsWith('/') ? id : `/${id}`;
}

/** Answers a change: 200 (or `statusCode`), the Marathon-Deployment-Id header, `{deploymentId, version}`. */
function deployed(reply: FastifyReply, result: DeploymentResultJson, statusCode = 200): DeploymentResultJson {
  reply.code(statusCode).header(DEPLOYMENT_HEADER, result.deploymentId);
  return { deploymentId: result.deploymentId, version: result.version };
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ message: `HTTP 404 Not Found: ${request.method} ${request.url.split('?')[0]}` });
}

// ------------------------------------------------------------------ events

/** Where `/v2/events` streams from: a hub, and a hold on its source while a stream is open. */
interface EventSource {
  readonly hub: EventHub;
  /** Called when a stream opens; the returned function when it closes. */
  acquire(): () => void;
}

function fixedEvents(hub: EventHub): EventSource {
  return { hub, acquire: () => () => undefined };
}

/**
 * A private hub fed by `api.subscribe` while at least one stream is open.
 * NOTE: its bus is an in-memory one nobody reads: the facts were published
 * where the events were made (serveEventStream takes an EventHub, not any
 * source of events).
 */
function relayEvents(api: MarathonApi, logger: Logger): EventSource {
  const hub = new EventHub({ bus: createMemoryBus(), logger });
  let open = 0;
  let unsubscribe: (() => void) | undefined;
  return {
    hub,
    acquire: () => {
      open += 1;
      unsubscribe ??= api.subscribe((event) => hub.emit(event));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open -= 1;
        if (open === 0) {
          unsubscribe?.();
          unsubscribe = undefined;
        }
      };
    },
  };
}
