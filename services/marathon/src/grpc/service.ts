/**
 * `tessera.v1.Marathon`: the gRPC door over `MarathonApi`. Each call converts
 * the request to Marathon's JSON (`convert.ts`), calls the API, and converts
 * the answer back; it decides nothing itself. A refusal is answered by the
 * error's class alone (`errors.ts`), with the trailers the proto's error
 * contract names.
 */
import { SERVICE_NAMES, tesseraGrpc, type v1 } from '@tessera/proto';
import { serveGrpcEventStream, unary, type GrpcServiceRegistration, type Logger } from '@tessera/runtime';
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
}

const DEFAULT_MAX_BUFFERED_EVENTS = 1000;

/**
 * The handlers of every `tessera.v1.Marathon` method over `api`. Stateless
 * apart from open StreamEvents calls, each of which holds one `api.subscribe`
 * until the client cancels, the call ends, or the client is too slow.
 */
export function marathonGrpcHandlers(api: MarathonApi, options: MarathonGrpcOptions = {}): v1.MarathonHandlers {
  const unary = unaryHandler(options.logger);
  const maxBufferedEvents = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;

  /** Launch delays of the apps in the launch queue, by app id (AppStatus.delay). */
  const queueDelays = async (): Promise<ReadonlyMap<string, QueueDelayJson>> =>
    new Map((await api.queue()).queue.map((item) => [item.app.id, item.delay]));

  return {
    ListApps: unary(async (request: v1.ListAppsRequest__Output): Promise<v1.ListAppsResponse> => {
      const group = groupFilter(request.group);
      const [apps, delays] = await Promise.all([
        api.listApps({
          ...(request.idContains !== '' && { id: request.idContains }),
          ...(request.embedTasks && { embed: ['apps.tasks'] }),
        }),
        queueDelays(),
      ]);
      return {
        apps: apps
          .filter((app) => group === ROOT_ID || isAncestorOf(group, app.id))
          .map((app) => appStatusToProto(app, delays.get(app.id))),
      };
    }),

    GetApp: unary(async (request: v1.GetAppRequest__Output): Promise<v1.GetAppResponse> => {
      const [app, delays] = await Promise.all([
        api.getApp(request.appId, request.embedTasks ? ['app.tasks'] : undefined),
        queueDelays(),
      ]);
      return { app: appStatusToProto(app, delays.get(app.id)) };
    }),

    CreateApp: unary(async (request: v1.CreateAppRequest__Output): Promise<v1.DeploymentResult> => {
      const result = await api.createApp(appFromProto(required(request.app, 'app')));
      return deploymentResultToProto(result);
    }),

    UpdateApp: unary(async (request: v1.UpdateAppRequest__Output): Promise<v1.DeploymentResult> => {
      const app = required(request.app, 'app');
      const result = await api.updateApp(app.id, appFromProto(app), { partial: request.partial, force: request.force });
      return deploymentResultToProto(result);
    }),

    DeleteApp: unary(async (request: v1.DeleteAppRequest__Output): Promise<v1.DeploymentResult> =>
      deploymentResultToProto(await api.deleteApp(request.appId)),
    ),

    RestartApp: unary(async (request: v1.RestartAppRequest__Output): Promise<v1.DeploymentResult> =>
      deploymentResultToProto(await api.restartApp(request.appId, { force: request.force })),
    ),

    ListAppVersions: unary(async (request: v1.ListAppVersionsRequest__Output): Promise<v1.ListAppVersionsResponse> => ({
      versions: [...(await api.listAppVersions(request.appId)).versions],
    })),

    RollbackApp: unary(async (request: v1.RollbackAppRequest__Output): Promise<v1.DeploymentResult> =>
      deploymentResultToProto(await api.rollbackApp(request.appId, request.version, { force: request.force })),
    ),

    ListTasks: unary(async (request: v1.ListTasksRequest__Output): Promise<v1.ListTasksResponse> => {
      const tasks =
        request.appId === ''
          ? await api.listTasks(request.status.length > 0 ? request.status : undefined)
          : inStates(await api.appTasks(request.appId), request.status);
      return { tasks: tasks.map(taskToProto) };
    }),

    KillTasks: unary(async (request: v1.KillTasksRequest__Output): Promise<v1.KillTasksResponse> => {
      const result = await api.killTasks(request.taskIds, {
        scale: request.scale,
        wipe: request.wipe,
        force: request.force,
      });
      return 'tasks' in result
        ? { tasks: result.tasks.map(taskToProto) }
        : { tasks: [], deployment: deploymentResultToProto(result) };
    }),

    GetGroup: unary(async (request: v1.GetGroupRequest__Output): Promise<v1.GetGroupResponse> => ({
      group: groupToProto(await api.getGroup(request.groupId)),
    })),

    PutGroup: unary(async (request: v1.PutGroupRequest__Output): Promise<v1.DeploymentResult> => {
      // NOTE: refused rather than ignored: ignoring it would change what the caller asked only to check.
      if (request.dryRun)
        throw new UnsupportedRequestError('dry_run is not supported yet: MarathonApi.putGroup has no dry-run option');
      const group = required(request.group, 'group');
      const result = await api.putGroup(group.id === '' ? undefined : group.id, groupFromProto(group), {
        force: request.force,
      });
      return deploymentResultToProto(result);
    }),

    DeleteGroup: unary(async (request: v1.DeleteGroupRequest__Output): Promise<v1.DeploymentResult> =>
      deploymentResultToProto(await api.deleteGroup(request.groupId, { force: request.force })),
    ),

    ListDeployments: unary(
      async (_request: v1.ListDeploymentsRequest__Output): Promise<v1.ListDeploymentsResponse> => ({
        deployments: (await api.listDeployments()).map(deploymentToProto),
      }),
    ),

    CancelDeployment: unary(
      async (request: v1.CancelDeploymentRequest__Output): Promise<v1.CancelDeploymentResponse> => {
        const rollback = await api.cancelDeployment(request.deploymentId, { force: request.force });
        return rollback === undefined ? {} : { rollback: deploymentResultToProto(rollback) };
      },
    ),

    GetQueue: unary(async (_request: v1.GetQueueRequest__Output): Promise<v1.GetQueueResponse> => ({
      queue: (await api.queue()).queue.map(queueEntryToProto),
    })),

    ResetDelay: unary(async (request: v1.ResetDelayRequest__Output): Promise<v1.ResetDelayResponse> => {
      await api.resetDelay(request.appId);
      return {};
    }),

    GetInfo: unary(async (_request: v1.GetInfoRequest__Output): Promise<v1.MarathonInfo> =>
      infoToProto(await api.info()),
    ),

    StreamEvents: (call) => {
      const wanted = new Set(call.request.eventTypes);
      const send = serveGrpcEventStream(call, {
        subscribe: (listener: (event: MarathonEventJson) => void) => api.subscribe(listener),
        accepts: (event) => wanted.size === 0 || wanted.has(event.eventType),
        toMessage: eventMessage,
        maxBufferedEvents,
        errors: grpcErrorAnswer,
        ...(options.logger !== undefined && { logger: options.logger }),
      });
      // As REST /v2/events: first this stream's own event_stream_attached (it also tells the client that it is subscribed).
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
 * @tessera/runtime): what it throws is answered by `grpcErrorAnswer` (code,
 * message, trailers); errors that answer INTERNAL are logged.
 */
function unaryHandler(logger: Logger | undefined) {
  return <Req, Res>(handler: (request: Req) => Promise<Res>) => unary<Req, Res>(grpcErrorAnswer, logger, handler);
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
