/**
 * The operations of Marathon, as both of its front doors call them: the REST v2
 * routes (`rest/`) and the `tessera.v1.Marathon` gRPC service (`grpc/`). One
 * implementation (`service.ts`, on the leader) does the work; a follower's
 * implementation forwards to the leader. Both front doors only translate.
 *
 * The contract:
 * - Definitions go in as Marathon's JSON (`unknown`: the body as received, or the
 *   gRPC App converted to that JSON) and are validated here, by one path, so a
 *   definition means the same through either door. Answers are Marathon's JSON.
 * - A refused call throws one of the errors below, has changed nothing, and the
 *   front door maps it (REST status, gRPC code) by its class alone.
 * - A call that changes apps or groups resolves once the change and its
 *   deployment are durable (persisted, fenced) and answers the deployment's id
 *   and the new root version — as Marathon's `{deploymentId, version}`.
 * - Ids may be given with or without the leading "/" and are resolved against
 *   the root group; an invalid id is a ValidationFailedError on path "/id".
 */
import type { AppJson } from './core/app-definition.js';
import type { GroupJson } from './core/group-tree.js';
import type { QueueItemJson, DelayResultJson } from './core/launch-queue.js';
import type { ValidationProblem } from './core/problems.js';
import type { PathId } from './core/model.js';
import type { MarathonEventJson } from './events.js';

// ------------------------------------------------------------------ answers

/** `{deploymentId, version}`: what every change answers (REST 200/201 body, gRPC DeploymentResult). */
export interface DeploymentResultJson {
  readonly deploymentId: string;
  readonly version: string;
}

/** A task as `/v2/tasks` and `/v2/apps/{id}/tasks` show it (Marathon's field names). */
export interface TaskJson {
  readonly id: string;
  readonly appId: PathId;
  readonly host: string;
  readonly slaveId: string;
  readonly ports: readonly number[];
  readonly servicePorts: readonly number[];
  /** Marathon's task state name, e.g. "TASK_RUNNING". */
  readonly state: string;
  readonly stagedAt: string | null;
  readonly startedAt: string | null;
  readonly version: string;
  readonly healthCheckResults: readonly HealthCheckResultJson[];
  readonly ipAddresses: readonly { readonly ipAddress: string; readonly protocol: 'IPv4' }[];
}

export interface HealthCheckResultJson {
  readonly alive: boolean;
  readonly consecutiveFailures: number;
  readonly firstSuccess: string | null;
  readonly lastFailure: string | null;
  readonly lastSuccess: string | null;
  readonly lastFailureCause: string | null;
  readonly instanceId: string;
}

/** A deployment as `/v2/deployments` shows it. */
export interface DeploymentJson {
  readonly id: string;
  readonly version: string;
  readonly affectedApps: readonly PathId[];
  readonly affectedPods: readonly never[];
  readonly steps: readonly { readonly actions: readonly DeploymentActionJson[] }[];
  readonly currentActions: readonly (DeploymentActionJson & { readonly readinessCheckResults: readonly never[] })[];
  /** 1-based, as Marathon. */
  readonly currentStep: number;
  readonly totalSteps: number;
}

export interface DeploymentActionJson {
  readonly action: 'StartApplication' | 'ScaleApplication' | 'RestartApplication' | 'StopApplication';
  readonly app: PathId;
}

/**
 * An app with its status, as `GET /v2/apps/{id}` shows it: the definition plus
 * `tasksStaged`, `tasksRunning`, `tasksHealthy`, `tasksUnhealthy`,
 * `deployments` (ids of the running deployments that touch it), and what
 * `embed` asked for (`tasks`, `lastTaskFailure`, `counts` are always there).
 */
export type AppStatusJson = AppJson & {
  readonly tasksStaged: number;
  readonly tasksRunning: number;
  readonly tasksHealthy: number;
  readonly tasksUnhealthy: number;
  readonly deployments: readonly { readonly id: string }[];
  readonly tasks?: readonly TaskJson[];
  readonly lastTaskFailure?: LastTaskFailureJson | null;
};

export interface LastTaskFailureJson {
  readonly appId: PathId;
  readonly host: string;
  readonly message: string;
  readonly state: string;
  readonly taskId: string;
  readonly timestamp: string;
  readonly version: string;
  readonly slaveId: string | null;
}

export interface InfoJson {
  readonly name: 'marathon';
  readonly version: string;
  readonly buildref: string;
  readonly elected: boolean;
  readonly leader: string | null;
  readonly frameworkId: string | null;
  readonly marathon_config: Readonly<Record<string, unknown>>;
  readonly http_config: Readonly<Record<string, unknown>>;
}

// ------------------------------------------------------------------ options

/** `?force=true`: cancel deployments that hold the affected apps and go on. */
export interface ForceOption {
  readonly force?: boolean;
}

/** `embed` values as Marathon spells them ("apps.tasks", "app.tasks", "apps.counts", "apps.deployments", "apps.lastTaskFailure", …; the `app.`/`apps.` prefix is ignored). */
export type EmbedOption = readonly string[];

export interface KillOptions extends ForceOption {
  /** true: lower the app's `instances` by the number killed (a deployment); false: the instances are relaunched. */
  readonly scale?: boolean;
  /** Kill only the tasks on this host (app-wide kill only). */
  readonly host?: string;
  /** true: the killed instances are expunged, not relaunched (Marathon's `wipe`). */
  readonly wipe?: boolean;
}

/** A kill answers the tasks it killed, or (with `scale`) the deployment that lowers `instances`. */
export type KillResultJson = { readonly tasks: readonly TaskJson[] } | DeploymentResultJson;

// ------------------------------------------------------------------ the operations

export interface MarathonApi {
  listApps(query: {
    readonly id?: string;
    readonly cmd?: string;
    readonly label?: string;
    readonly embed?: EmbedOption;
  }): Promise<AppStatusJson[]>;
  /** UnknownAppError. */
  getApp(id: string, embed?: EmbedOption): Promise<AppStatusJson>;
  /** POST /v2/apps. AppExistsError, ValidationFailedError, PathConflictError. Answers the app as stored, with the deployment. */
  createApp(json: unknown, options?: ForceOption): Promise<{ readonly app: AppJson } & DeploymentResultJson>;
  /**
   * PUT /v2/apps/{id}: replaces the definition, or creates it (`created` true →
   * REST 201). The body's `id`, if any, must resolve to `id`. `partial` true:
   * PATCH semantics (only the given fields change). AppLockedError without force.
   */
  updateApp(
    id: string,
    json: unknown,
    options?: ForceOption & { readonly partial?: boolean },
  ): Promise<DeploymentResultJson & { readonly created: boolean }>;
  /** PUT /v2/apps: many apps at once in one deployment (each element needs an `id`). */
  updateApps(json: unknown, options?: ForceOption & { readonly partial?: boolean }): Promise<DeploymentResultJson>;
  /** DELETE /v2/apps/{id}; forced unless `force: false` is given (Marathon's default). */
  deleteApp(id: string, options?: ForceOption): Promise<DeploymentResultJson>;
  /** POST /v2/apps/{id}/restart: a new version with the same definition, deployed as a rolling restart. */
  restartApp(id: string, options?: ForceOption): Promise<DeploymentResultJson>;
  /** Newest first. */
  listAppVersions(id: string): Promise<{ readonly versions: readonly string[] }>;
  /** UnknownAppError, UnknownVersionError. */
  getAppVersion(id: string, version: string): Promise<AppJson>;
  /** Deploys a stored version again (Marathon: PUT /v2/apps/{id} with `{"version": …}`). */
  rollbackApp(id: string, version: string, options?: ForceOption): Promise<DeploymentResultJson>;

  /** Every task, or those whose Marathon state name is in `states` ("running", "staging", … as `/v2/tasks?status=`). */
  listTasks(states?: readonly string[]): Promise<TaskJson[]>;
  /** UnknownAppError. */
  appTasks(id: string): Promise<TaskJson[]>;
  /** DELETE /v2/apps/{id}/tasks (every task of the app, or those on `host`). */
  killAppTasks(id: string, options?: KillOptions): Promise<KillResultJson>;
  /** DELETE /v2/apps/{id}/tasks/{taskId}; UnknownTaskError if the task is not the app's. */
  killAppTask(id: string, taskId: string, options?: KillOptions): Promise<KillResultJson>;
  /** POST /v2/tasks/delete `{"ids": […]}`: unknown ids are ignored, as Marathon does. */
  killTasks(taskIds: readonly string[], options?: KillOptions): Promise<KillResultJson>;

  /** UnknownGroupError. */
  getGroup(id: string, embed?: EmbedOption): Promise<GroupJson>;
  /** POST /v2/groups (`create` true: GroupExistsError if it exists) and PUT /v2/groups/{id}. */
  putGroup(
    id: string | undefined,
    json: unknown,
    options?: ForceOption & { readonly create?: boolean },
  ): Promise<DeploymentResultJson>;
  /** DELETE /v2/groups/{id}: the group and everything inside it. */
  deleteGroup(id: string, options?: ForceOption): Promise<DeploymentResultJson>;

  listDeployments(): Promise<DeploymentJson[]>;
  /**
   * DELETE /v2/deployments/{id}: rolls back (deploys what was there before and
   * answers that deployment) or, with force, only stops it (answers undefined:
   * REST 202). UnknownDeploymentError.
   */
  cancelDeployment(id: string, options?: ForceOption): Promise<DeploymentResultJson | undefined>;

  queue(): Promise<{ readonly queue: readonly QueueItemJson<AppJson>[] }>;
  /** DELETE /v2/queue/{id}/delay. UnknownAppError. */
  resetDelay(id: string): Promise<DelayResultJson | undefined>;

  info(): Promise<InfoJson>;
  /** The leader's `host:port` (HTTP), or undefined while none is known. */
  leader(): Promise<string | undefined>;
  /** Every event from now on; the returned function unsubscribes. */
  subscribe(listener: (event: MarathonEventJson) => void): () => void;
}

// ------------------------------------------------------------------ errors (beyond core/errors.ts)

/** The definition (or a query) is invalid: REST 422 `{message: "Object is not valid", details}`, gRPC INVALID_ARGUMENT. */
export class ValidationFailedError extends Error {
  override readonly name = 'ValidationFailedError';
  constructor(readonly problems: readonly ValidationProblem[]) {
    super(`Object is not valid: ${problems.map((p) => `${p.path}: ${p.errors.join('; ')}`).join(', ')}`);
  }
}

/** POST of an app id that exists: REST 409 "An app with id [/x] already exists.", gRPC ALREADY_EXISTS. */
export class AppExistsError extends Error {
  override readonly name = 'AppExistsError';
  constructor(readonly appId: PathId) {
    super(`An app with id [${appId}] already exists.`);
  }
}

/** POST /v2/groups of a group that exists: REST 409, gRPC ALREADY_EXISTS. */
export class GroupExistsError extends Error {
  override readonly name = 'GroupExistsError';
  constructor(readonly groupId: PathId) {
    super(`A group with id [${groupId}] already exists.`);
  }
}

/** A change to apps that running deployments hold, without force: REST 409 with `deployments`, gRPC FAILED_PRECONDITION. */
export class AppLockedError extends Error {
  override readonly name = 'AppLockedError';
  constructor(readonly deploymentIds: readonly string[]) {
    super(
      `App is locked by one or more deployments. Override with the option '?force=true'. ` +
        `View details at '/v2/deployments/<DEPLOYMENT_ID>'. Deployments: ${deploymentIds.join(', ')}`,
    );
  }
}

/** REST 404 "DeploymentPlan {id} does not exist", gRPC NOT_FOUND. */
export class UnknownDeploymentError extends Error {
  override readonly name = 'UnknownDeploymentError';
  constructor(readonly deploymentId: string) {
    super(`DeploymentPlan ${deploymentId} does not exist`);
  }
}

/** REST 404, gRPC NOT_FOUND. */
export class UnknownTaskError extends Error {
  override readonly name = 'UnknownTaskError';
  constructor(readonly taskId: string) {
    super(`Task '${taskId}' does not exist`);
  }
}

/** REST 404 "App '/x' does not exist in version …", gRPC NOT_FOUND. */
export class UnknownVersionError extends Error {
  override readonly name = 'UnknownVersionError';
  constructor(
    readonly appId: PathId,
    readonly version: string,
  ) {
    super(`App '${appId}' does not exist in version ${version}`);
  }
}

/** This process is not the leader and cannot reach one: REST 503, gRPC UNAVAILABLE (with `tessera-leader` when known). */
export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
  constructor(readonly leader: string | undefined) {
    super(leader === undefined ? 'no Marathon leader is elected yet; try again shortly' : `the leader is ${leader}`);
  }
}
