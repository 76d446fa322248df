/**
 * `tessera.v1.Marathon`: the gRPC door over `MarathonApi`. Each call
 * authenticates its caller (`grpcCaller`: client certificate, else
 * `authorization` metadata, as the REST door), converts the request to
 * Marathon's JSON (`convert.ts`), applies the same ACL rules as the matching
 * REST route (`../access.ts`), calls the API, and converts the answer back. A
 * refusal is answered by the error's class alone (`errors.ts`), with the
 * trailers the proto's error contract names.
 */
import { AppAccess, grpcCaller, openServiceAuth, type ServiceAuth } from '@tessera/framework/service';
import { SERVICE_NAMES, tesseraGrpc, type v1 } from '@tessera/proto';
import { serveGrpcEventStream, unary, type GrpcServiceRegistration, type Logger } from '@tessera/runtime';
import {
  authorizeDeploymentCancel,
  authorizeTaskKill,
  canViewEvent,
  groupObject,
  requireViewableApp,
} from '../access.js';
import { ValidationFailedError, type MarathonApi, type TaskJson } from '../api.js';
import { isAncestorOf, resolvePathId, ROOT_ID, type PathId, type QueueDelayJson } from '../core/index.js';
import type { MarathonEventJson } from '../events.js';
import {
  appFromProto,
  appStatusToProto,
  deploymentResultToProto,
  deploymentToProto,
  eventMessage,
  groupFromProto,
  groupToProto,
  infoToProto,
  queueEntryToProto,
  taskToProto,
} from './convert.js';
import { grpcErrorAnswer, UnsupportedRequestError } from './errors.js';

export interface MarathonGrpcOptions {
  /** Where calls that fail with INTERNAL are logged (with the error). Default: not logged. */
  readonly logger?: Logger;
  /**
   * A StreamEvents call with more than this many events not yet sent to the
   * client is ended with RESOURCE_EXHAUSTED (SlowEventConsumerError), as
   * Marathon drops slow event listeners. Default 1000.
   */
  readonly maxBufferedEvents?: number;
  /**
   * Who may call, see and change what: the REST door's (see `@tessera/framework`'s access.ts). Every method
   * authenticates its caller (UNAUTHENTICATED when it proves nothing, or presents nothing and the service
   * requires it); reads are filtered by `view_apps` (a hidden app reads as a missing one: NOT_FOUND);
   * changes are checked by `change_apps` (PERMISSION_DENIED naming the rule, nothing changed) and audited.
   * Default: no credentials, no ACLs.
   */
  readonly auth?: ServiceAuth;
}

const DEFAULT_MAX_BUFFERED_EVENTS = 1000;

/**
 * The handlers of every `tessera.v1.Marathon` method over `api`. Stateless
 * apart from open StreamEvents calls, each of which holds one `api.subscribe`
 * until the client cancels, the call ends, or the client is too slow.
 */
export function marathonGrpcHandlers(api: MarathonApi, options: MarathonGrpcOptions = {}): v1.MarathonHandlers {
  const auth = options.auth ?? openServiceAuth('marathon');
  const unary = unaryHandler(options.logger, auth);
  const maxBufferedEvents = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;

  /** Launch delays of the apps in the launch queue, by app id (AppStatus.delay). */
  const queueDelays = async (): Promise<ReadonlyMap<string, QueueDelayJson>> =>
    new Map((await api.queue()).queue.map((item) => [item.app.id, item.delay]));

  return {
    ListApps: unary(async (request: v1.ListAppsRequest__Output, access): Promise<v1.ListAppsResponse> => {
      const group = groupFilter(request.group);
      const [apps, delays] = await Promise.all([
        api.listApps({
          ...(request.idContains !== '' && { id: request.idContains }),
          ...(request.embedTasks && { embed: ['apps.tasks'] }),
        }),
        queueDelays(),
      ]);
      return {
        apps: access
          .visible(apps, (app) => app.id)
          .filter((app) => group === ROOT_ID || isAncestorOf(group, app.id))
          .map((app) => appStatusToProto(app, delays.get(app.id))),
      };
    }),

    GetApp: unary(async (request: v1.GetAppRequest__Output, access): Promise<v1.GetAppResponse> => {
      requireViewableApp(access, request.appId);
      const [app, delays] = await Promise.all([
        api.getApp(request.appId, request.embedTasks ? ['app.tasks'] : undefined),
        queueDelays(),
      ]);
      return { app: appStatusToProto(app, delays.get(app.id)) };
    }),

    CreateApp: unary(async (request: v1.CreateAppRequest__Output, access): Promise<v1.DeploymentResult> => {
      const app = appFromProto(required(request.app, 'app'));
      await access.change([typeof app['id'] === 'string' ? app['id'] : '']);
      const result = await api.createApp(app);
      return deploymentResultToProto(result);
    }),

    UpdateApp: unary(async (request: v1.UpdateAppRequest__Output, access): Promise<v1.DeploymentResult> => {
      const app = required(request.app, 'app');
      await access.change([app.id]);
      const result = await api.updateApp(app.id, appFromProto(app), { partial: request.partial, force: request.force });
      return deploymentResultToProto(result);
    }),

    DeleteApp: unary(async (request: v1.DeleteAppRequest__Output, access): Promise<v1.DeploymentResult> => {
      await access.change([request.appId]);
      return deploymentResultToProto(await api.deleteApp(request.appId));
    }),

    RestartApp: unary(async (request: v1.RestartAppRequest__Output, access): Promise<v1.DeploymentResult> => {
      await access.change([request.appId]);
      return deploymentResultToProto(await api.restartApp(request.appId, { force: request.force }));
    }),

    ListAppVersions: unary(
      async (request: v1.ListAppVersionsRequest__Output, access): Promise<v1.ListAppVersionsResponse> => {
        requireViewableApp(access, request.appId);
        return { versions: [...(await api.listAppVersions(request.appId)).versions] };
      },
    ),

    RollbackApp: unary(async (request: v1.RollbackAppRequest__Output, access): Promise<v1.DeploymentResult> => {
      await access.change([request.appId]);
      return deploymentResultToProto(await api.rollbackApp(request.appId, request.version, { force: request.force }));
    }),

    ListTasks: unary(async (request: v1.ListTasksRequest__Output, access): Promise<v1.ListTasksResponse> => {
      if (request.appId !== '') requireViewableApp(access, request.appId);
      const tasks =
        request.appId === ''
          ? access.visible(
              await api.listTasks(request.status.length > 0 ? request.status : undefined),
              (task) => task.appId,
            )
          : inStates(await api.appTasks(request.appId), request.status);
      return { tasks: tasks.map(taskToProto) };
    }),

    KillTasks: unary(async (request: v1.KillTasksRequest__Output, access): Promise<v1.KillTasksResponse> => {
      await authorizeTaskKill(access, api, request.taskIds);
      const result = await api.killTasks(request.taskIds, {
        scale: request.scale,
        wipe: request.wipe,
        force: request.force,
      });
      return 'tasks' in result
        ? { tasks: result.tasks.map(taskToProto) }
        : { tasks: [], deployment: deploymentResultToProto(result) };
    }),

    GetGroup: unary(async (request: v1.GetGroupRequest__Output, access): Promise<v1.GetGroupResponse> => ({
      group: groupToProto(access.visibleGroup(await api.getGroup(request.groupId))),
    })),

    PutGroup: unary(async (request: v1.PutGroupRequest__Output, access): Promise<v1.DeploymentResult> => {
      // NOTE: refused rather than ignored: ignoring it would change what the caller asked only to check.
      if (request.dryRun)
        throw new UnsupportedRequestError('dry_run is not supported yet: MarathonApi.putGroup has no dry-run option');
      const group = required(request.group, 'group');
      await access.change([groupObject(group.id)]);
      const result = await api.putGroup(group.id === '' ? undefined : group.id, groupFromProto(group), {
        force: request.force,
      });
      return deploymentResultToProto(result);
    }),

    DeleteGroup: unary(async (request: v1.DeleteGroupRequest__Output, access): Promise<v1.DeploymentResult> => {
      await access.change([groupObject(request.groupId)]);
      return deploymentResultToProto(await api.deleteGroup(request.groupId, { force: request.force }));
    }),

    ListDeployments: unary(
      async (_request: v1.ListDeploymentsRequest__Output, access): Promise<v1.ListDeploymentsResponse> => ({
        // A deployment is shown only to callers who may view every app it affects (as /v2/deployments).
        deployments: (await api.listDeployments())
          .filter((deployment) => access.canViewAll(deployment.affectedApps))
          .map(deploymentToProto),
      }),
    ),

    CancelDeployment: unary(
      async (request: v1.CancelDeploymentRequest__Output, access): Promise<v1.CancelDeploymentResponse> => {
        await authorizeDeploymentCancel(access, api, request.deploymentId);
        const rollback = await api.cancelDeployment(request.deploymentId, { force: request.force });
        return rollback === undefined ? {} : { rollback: deploymentResultToProto(rollback) };
      },
    ),

    GetQueue: unary(async (_request: v1.GetQueueRequest__Output, access): Promise<v1.GetQueueResponse> => ({
      queue: access.visible((await api.queue()).queue, (item) => item.app.id).map(queueEntryToProto),
    })),

    ResetDelay: unary(async (request: v1.ResetDelayRequest__Output, access): Promise<v1.ResetDelayResponse> => {
      await access.change([request.appId]);
      await api.resetDelay(request.appId);
      return {};
    }),

    GetInfo: unary(async (_request: v1.GetInfoRequest__Output): Promise<v1.MarathonInfo> =>
      infoToProto(await api.info()),
    ),

    StreamEvents: (call) => {
      const wanted = new Set(call.request.eventTypes);
      let access: AppAccess | undefined;
      const send = serveGrpcEventStream(call, {
        // NOTE: the caller is authenticated here, so that a refusal ends the stream with its status.
        subscribe: (listener: (event: MarathonEventJson) => void) => {
          access = new AppAccess(auth, grpcCaller(call, auth));
          return api.subscribe(listener);
        },
        // As /v2/events: only the events of apps the caller may view (see canViewEvent).
        accepts: (event) =>
          access !== undefined && canViewEvent(access, event) && (wanted.size === 0 || wanted.has(event.eventType)),
        toMessage: eventMessage,
        maxBufferedEvents,
        errors: grpcErrorAnswer,
        ...(options.logger !== undefined && { logger: options.logger }),
      });
      // As REST /v2/events: first this stream's own event_stream_attached (it also tells the client that it is subscribed).
      if (access !== undefined)
        send({
          eventType: 'event_stream_attached',
          timestamp: new Date().toISOString(),
          remoteAddress: hostOf(call.getPeer()),
        });
    },
  };
}

/**
 * `tessera.v1.Marathon` for `startGrpcServer` of @tessera/runtime, which adds
 * the health service (this name SERVING) and server reflection beside it.
 */
export function marathonGrpcService(api: MarathonApi, options: MarathonGrpcOptions = {}): GrpcServiceRegistration {
  return {
    name: SERVICE_NAMES.marathon,
    definition: tesseraGrpc().tessera.v1.Marathon.service,
    implementation: marathonGrpcHandlers(api, options),
  };
}

// ------------------------------------------------------------------ helpers

/**
 * Adapts an async handler to a gRPC unary handler (`unary` of
 * @tessera/runtime): the caller is authenticated first and the handler gets
 * its decisions (`AppAccess`); what it throws is answered by
 * `grpcErrorAnswer` (code, message, trailers); errors that answer INTERNAL
 * are logged.
 */
function unaryHandler(logger: Logger | undefined, auth: ServiceAuth) {
  return <Req, Res>(handler: (request: Req, access: AppAccess) => Promise<Res>) =>
    unary<Req, Res>(grpcErrorAnswer, logger, (request, call) =>
      handler(request, new AppAccess(auth, grpcCaller(call, auth))),
    );
}

/** A message field the request must set; its absence is a ValidationFailedError on "/". */
function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined)
    throw new ValidationFailedError([{ path: '/', errors: [`${field} is required`] }]);
  return value;
}

/** ListApps' `group` as an absolute group id ("" and "/" are the root); a bad id is a ValidationFailedError on "/group". */
function groupFilter(group: string): PathId {
  if (group === '') return ROOT_ID;
  const resolved = resolvePathId(group, ROOT_ID);
  if (!resolved.ok) throw new ValidationFailedError([{ path: '/group', errors: [resolved.error] }]);
  return resolved.id;
}

/**
 * The tasks whose state is one of `states`, given as `/v2/tasks?status=` takes
 * them ("running" is TASK_RUNNING); all of them when `states` is empty.
 */
function inStates(tasks: readonly TaskJson[], states: readonly string[]): readonly TaskJson[] {
  if (states.length === 0) return tasks;
  const names = new Set(states.map((state) => `TASK_${state.toUpperCase()}`));
  return tasks.filter((task) => names.has(task.state));
}

/** The host of a grpc-js peer ("127.0.0.1:50312" → "127.0.0.1", "[::1]:50312" → "::1"), as SSE names the client. */
function hostOf(peer: string): string {
  const bracketed = /^\[(.*)\]:\d+$/.exec(peer);
  if (bracketed !== null) return bracketed[1] ?? peer;
  const withPort = /^([^:]*):\d+$/.exec(peer);
  return withPort?.[1] ?? peer;
}
