/**
 * The gRPC door's edge: `tessera.v1.Marathon` messages to Marathon's JSON (what
 * `MarathonApi` takes) and Marathon's JSON answers back to messages. Nothing here
 * validates a definition: the JSON goes to the one validation path behind
 * `MarathonApi`, so a definition means the same through either door.
 *
 * Requests (`appFromProto`, `groupFromProto`): a field the message leaves unset
 * is ABSENT from the JSON, so Marathon's default applies (or, for a partial
 * update, the field is left as it is). "Unset" is proto3's: an `optional` field
 * not present, a repeated or map field that is empty, a string that is "", a
 * bool that is false, an enum at its UNSPECIFIED value. The only exception is
 * `no_ports`, which becomes `"portDefinitions": []`.
 *
 * Answers (`appToProto`, …): every field is set, as the proto promises
 * ("read back, every field is set"); a JSON `null` or absent text becomes "".
 */
import type { v1 } from '@tessera/proto';
import type {
  AppStatusJson,
  DeploymentActionJson,
  DeploymentJson,
  DeploymentResultJson,
  HealthCheckResultJson,
  InfoJson,
  TaskJson,
} from '../api.js';
import { ValidationFailedError } from '../api.js';
import {
  parseTaskId,
  type AppJson,
  type DeclinedOfferStepJson,
  type GroupJson,
  type HealthCheckJson,
  type QueueDelayJson,
  type QueueItemJson,
  type ReadinessCheckDefinition,
} from '../core/index.js';
import { eventToProto, type MarathonEventJson } from '../events.js';

/** A JSON object being built (Marathon's field names); what `MarathonApi` takes as `json: unknown`. */
export type JsonObject = Record<string, unknown>;

// ------------------------------------------------------------------ requests: proto → Marathon JSON

/**
 * An app's Marathon JSON from its message: only the fields the message sets
 * (see the module comment), with Marathon's names ("portDefinitions",
 * "healthChecks", constraints as `[field, operator, value?]`, …). `version` and
 * `version_info` are read only and never sent. Throws ValidationFailedError
 * (path "/portDefinitions") when `no_ports` is set beside port definitions,
 * the one contradiction that the JSON cannot carry to the validation.
 */
export function appFromProto(app: v1.App__Output): JsonObject {
  if (app.noPorts && app.portDefinitions.length > 0)
    throw new ValidationFailedError([
      { path: '/portDefinitions', errors: ['no_ports is set, so port_definitions must be empty'] },
    ]);
  const json: JsonObject = { id: app.id };
  setIfDefined(json, 'cmd', app.cmd);
  setIfNonEmpty(json, 'args', app.args);
  setIfDefined(json, 'instances', app.instances);
  setIfDefined(json, 'cpus', app.cpus);
  setIfDefined(json, 'mem', app.mem);
  setIfDefined(json, 'disk', app.disk);
  setIfDefined(json, 'gpus', app.gpus);
  setIfNonEmptyMap(json, 'env', app.env);
  setIfNonEmptyMap(json, 'labels', app.labels);
  setIfText(json, 'user', app.user);
  if (app.noPorts) json['portDefinitions'] = [];
  else setIfNonEmpty(json, 'portDefinitions', app.portDefinitions.map(portDefinitionFromProto));
  if (app.requirePorts) json['requirePorts'] = true;
  setIfNonEmpty(json, 'fetch', app.fetch.map(fetchUriFromProto));
  setIfNonEmpty(json, 'constraints', app.constraints.map(constraintFromProto));
  setIfNonEmpty(json, 'acceptedResourceRoles', app.acceptedResourceRoles);
  setIfNonEmpty(json, 'healthChecks', app.healthChecks.map(healthCheckFromProto));
  setIfNonEmpty(json, 'readinessChecks', app.readinessChecks.map(readinessCheckFromProto));
  if (app.upgradeStrategy !== undefined && app.upgradeStrategy !== null)
    json['upgradeStrategy'] = {
      minimumHealthCapacity: app.upgradeStrategy.minimumHealthCapacity,
      maximumOverCapacity: app.upgradeStrategy.maximumOverCapacity,
    };
  setIfDefined(json, 'backoffSeconds', app.backoffSeconds);
  setIfDefined(json, 'backoffFactor', app.backoffFactor);
  setIfDefined(json, 'maxLaunchDelaySeconds', app.maxLaunchDelaySeconds);
  setIfNonEmpty(json, 'dependencies', app.dependencies);
  if (app.killSelection !== 'KILL_SELECTION_UNSPECIFIED') json['killSelection'] = app.killSelection;
  if (app.unreachableStrategy !== undefined && app.unreachableStrategy !== null)
    json['unreachableStrategy'] = app.unreachableStrategy.disabled
      ? 'disabled'
      : {
          inactiveAfterSeconds: app.unreachableStrategy.inactiveAfterSeconds,
          expungeAfterSeconds: app.unreachableStrategy.expungeAfterSeconds,
        };
  setIfDefined(json, 'taskKillGracePeriodSeconds', app.taskKillGracePeriodSeconds);
  setIfText(json, 'role', app.role);
  return json;
}

function portDefinitionFromProto(definition: v1.PortDefinition__Output): JsonObject {
  // NOTE: `port` is always sent: 0 is meaningful (a service port is assigned) and is also the default.
  const json: JsonObject = { port: definition.port };
  setIfText(json, 'protocol', definition.protocol);
  setIfText(json, 'name', definition.name);
  setIfNonEmptyMap(json, 'labels', definition.labels);
  return json;
}

function fetchUriFromProto(uri: v1.FetchUri__Output): JsonObject {
  const json: JsonObject = { uri: uri.uri };
  if (uri.executable) json['executable'] = true;
  setIfDefined(json, 'extract', uri.extract);
  if (uri.cache) json['cache'] = true;
  setIfText(json, 'destPath', uri.destPath);
  return json;
}

function constraintFromProto(constraint: v1.AppConstraint__Output): string[] {
  return constraint.value === undefined
    ? [constraint.field, constraint.operator]
    : [constraint.field, constraint.operator, constraint.value];
}

function healthCheckFromProto(check: v1.AppHealthCheck__Output): JsonObject {
  const json: JsonObject = {};
  setIfText(json, 'protocol', check.protocol);
  setIfDefined(json, 'path', check.path);
  setIfDefined(json, 'portIndex', check.portIndex);
  setIfDefined(json, 'port', check.port);
  if (check.command !== '') json['command'] = { value: check.command };
  setIfDefined(json, 'gracePeriodSeconds', check.gracePeriodSeconds);
  setIfDefined(json, 'intervalSeconds', check.intervalSeconds);
  setIfDefined(json, 'timeoutSeconds', check.timeoutSeconds);
  setIfDefined(json, 'maxConsecutiveFailures', check.maxConsecutiveFailures);
  setIfDefined(json, 'delaySeconds', check.delaySeconds);
  if (check.ignoreHttp1xx) json['ignoreHttp1xx'] = true;
  return json;
}

function readinessCheckFromProto(check: v1.ReadinessCheck__Output): JsonObject {
  const json: JsonObject = {};
  setIfText(json, 'name', check.name);
  setIfText(json, 'protocol', check.protocol);
  setIfText(json, 'path', check.path);
  setIfText(json, 'portName', check.portName);
  // NOTE: 0 is "unset" for these plain doubles; Marathon requires both to be >= 1 anyway.
  if (check.intervalSeconds !== 0) json['intervalSeconds'] = check.intervalSeconds;
  if (check.timeoutSeconds !== 0) json['timeoutSeconds'] = check.timeoutSeconds;
  setIfNonEmpty(json, 'httpStatusCodesForReady', check.httpStatusCodesForReady);
  if (check.preserveLastResponse) json['preserveLastResponse'] = true;
  return json;
}

/**
 * A group's Marathon JSON (`{id, apps, groups, dependencies}`, as PUT
 * /v2/groups takes it), its apps by `appFromProto` (their problems' paths are
 * under "/apps(i)"). `id` is left out when "" (the validation answers "/id").
 * `apps` and `groups` are always sent: the group is replaced with what is given.
 */
export function groupFromProto(group: v1.Group__Output): JsonObject {
  const json: JsonObject = {};
  setIfText(json, 'id', group.id);
  json['apps'] = group.apps.map((app, index) => underPrefix(`/apps(${index})`, () => appFromProto(app)));
  json['groups'] = group.groups.map((child, index) => underPrefix(`/groups(${index})`, () => groupFromProto(child)));
  setIfNonEmpty(json, 'dependencies', group.dependencies);
  return json;
}

/** Runs `convert`; a ValidationFailedError it throws gets its paths prefixed ("/apps(2)" + "/portDefinitions"). */
function underPrefix<T>(prefix: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    throw new ValidationFailedError(
      error.problems.map((problem) => ({
        path: problem.path === '/' ? prefix : `${prefix}${problem.path}`,
        errors: problem.errors,
      })),
    );
  }
}

// ------------------------------------------------------------------ answers: Marathon JSON → proto

/** An app as the answers show it, every field set (`task_kill_grace_period_seconds` only when the app has one). */
export function appToProto(app: AppJson): v1.App {
  return {
    id: app.id,
    ...(app.cmd !== undefined && { cmd: app.cmd }),
    args: [...(app.args ?? [])],
    instances: app.instances,
    cpus: app.cpus,
    mem: app.mem,
    disk: app.disk,
    gpus: app.gpus,
    env: { ...app.env },
    labels: { ...app.labels },
    user: app.user ?? '',
    portDefinitions: app.portDefinitions.map((definition) => ({
      port: definition.port,
      protocol: definition.protocol,
      name: definition.name ?? '',
      labels: { ...definition.labels },
    })),
    noPorts: app.portDefinitions.length === 0,
    requirePorts: app.requirePorts,
    fetch: app.fetch.map((uri) => ({
      uri: uri.uri,
      executable: uri.executable,
      extract: uri.extract,
      cache: uri.cache,
      destPath: uri.destPath ?? '',
    })),
    constraints: app.constraints.map(constraintToProto),
    acceptedResourceRoles: [...(app.acceptedResourceRoles ?? [])],
    healthChecks: app.healthChecks.map(healthCheckToProto),
    readinessChecks: app.readinessChecks.map(readinessCheckToProto),
    upgradeStrategy: { ...app.upgradeStrategy },
    backoffSeconds: app.backoffSeconds,
    backoffFactor: app.backoffFactor,
    maxLaunchDelaySeconds: app.maxLaunchDelaySeconds,
    dependencies: [...app.dependencies],
    killSelection: killSelectionToProto(app.killSelection),
    unreachableStrategy:
      app.unreachableStrategy === 'disabled'
        ? { disabled: true, inactiveAfterSeconds: 0, expungeAfterSeconds: 0 }
        : { disabled: false, ...app.unreachableStrategy },
    ...(app.taskKillGracePeriodSeconds !== undefined && { taskKillGracePeriodSeconds: app.taskKillGracePeriodSeconds }),
    role: app.role,
    version: app.version,
    versionInfo: { ...app.versionInfo },
  };
}

function constraintToProto(constraint: readonly string[]): v1.AppConstraint {
  const [field = '', operator = '', value] = constraint;
  return { field, operator, ...(value !== undefined && { value }) };
}

function healthCheckToProto(check: HealthCheckJson): v1.AppHealthCheck {
  return {
    protocol: check.protocol,
    ...(check.path !== undefined && { path: check.path }),
    ...(check.portIndex !== undefined && { portIndex: check.portIndex }),
    ...(check.port !== undefined && { port: check.port }),
    command: check.command?.value ?? '',
    gracePeriodSeconds: check.gracePeriodSeconds,
    intervalSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    maxConsecutiveFailures: check.maxConsecutiveFailures,
    delaySeconds: check.delaySeconds,
    ignoreHttp1xx: check.ignoreHttp1xx,
  };
}

function readinessCheckToProto(check: ReadinessCheckDefinition): v1.ReadinessCheck {
  return { ...check, httpStatusCodesForReady: [...check.httpStatusCodesForReady] };
}

function killSelectionToProto(killSelection: string): v1.KillSelection {
  return killSelection === 'OLDEST_FIRST' || killSelection === 'YOUNGEST_FIRST'
    ? killSelection
    : 'KILL_SELECTION_UNSPECIFIED';
}

/**
 * An app with its status. `tasks` are there when the answer embeds them;
 * `delay` is the app's launch delay when it waits in the launch queue (the
 * app JSON does not carry it: the caller looks it up in the queue).
 */
export function appStatusToProto(status: AppStatusJson, delay?: QueueDelayJson): v1.AppStatus {
  return {
    app: appToProto(status),
    tasksStaged: status.tasksStaged,
    tasksRunning: status.tasksRunning,
    tasksHealthy: status.tasksHealthy,
    tasksUnhealthy: status.tasksUnhealthy,
    deploymentIds: status.deployments.map((deployment) => deployment.id),
    tasks: (status.tasks ?? []).map(taskToProto),
    ...(delay !== undefined && { delay: delayToProto(delay) }),
  };
}

/** A task; `instance_id` is read from the task id (empty when the id is not one of Marathon's). */
export function taskToProto(task: TaskJson): v1.MarathonTask {
  return {
    id: task.id,
    appId: task.appId,
    instanceId: parseTaskId(task.id)?.instanceId ?? '',
    agentId: task.slaveId,
    host: task.host,
    ports: [...task.ports],
    servicePorts: [...task.servicePorts],
    state: task.state,
    stagedAt: task.stagedAt ?? '',
    startedAt: task.startedAt ?? '',
    version: task.version,
    healthCheckResults: task.healthCheckResults.map(healthCheckResultToProto),
  };
}

function healthCheckResultToProto(result: HealthCheckResultJson): v1.HealthCheckResult {
  return {
    alive: result.alive,
    consecutiveFailures: result.consecutiveFailures,
    firstSuccess: result.firstSuccess ?? '',
    lastSuccess: result.lastSuccess ?? '',
    lastFailure: result.lastFailure ?? '',
    lastFailureCause: result.lastFailureCause ?? '',
  };
}

export function groupToProto(group: GroupJson): v1.Group {
  return {
    id: group.id,
    apps: group.apps.map(appToProto),
    groups: group.groups.map(groupToProto),
    dependencies: [...group.dependencies],
    version: group.version,
  };
}

export function deploymentResultToProto(result: DeploymentResultJson): v1.DeploymentResult {
  return { deploymentId: result.deploymentId, version: result.version };
}

export function deploymentToProto(deployment: DeploymentJson): v1.DeploymentInfo {
  return {
    id: deployment.id,
    version: deployment.version,
    affectedApps: [...deployment.affectedApps],
    steps: deployment.steps.map((step) => ({ actions: step.actions.map(deploymentActionToProto) })),
    currentStep: deployment.currentStep,
    totalSteps: deployment.totalSteps,
    currentActions: deployment.currentActions.map(deploymentActionToProto),
  };
}

function deploymentActionToProto(action: DeploymentActionJson): v1.DeploymentAction {
  return { action: action.action, app: action.app };
}

export function delayToProto(delay: QueueDelayJson): v1.DelayInfo {
  return { timeLeftSeconds: delay.timeLeftSeconds, overdue: delay.overdue };
}

export function queueEntryToProto(item: QueueItemJson<AppJson>): v1.QueueEntry {
  const summary = item.processedOffersSummary;
  return {
    appId: item.app.id,
    count: item.count,
    delay: delayToProto(item.delay),
    since: item.since,
    processedOffersCount: summary.processedOffersCount,
    unusedOffersCount: summary.unusedOffersCount,
    lastUnusedOfferAt: summary.lastUnusedOfferAt ?? '',
    lastUsedOfferAt: summary.lastUsedOfferAt ?? '',
    rejectSummaryLastOffers: summary.rejectSummaryLastOffers.map(rejectCountToProto),
    rejectSummaryLaunchAttempt: summary.rejectSummaryLaunchAttempt.map(rejectCountToProto),
  };
}

function rejectCountToProto(step: DeclinedOfferStepJson): v1.RejectCount {
  return { reason: step.reason, declined: step.declined, processed: step.processed };
}

/**
 * `/v2/info` as a message. `master` and `role` are read from `marathon_config`
 * under Marathon's names ("master", "mesos_role"). `instance_id` stays "":
 * InfoJson does not carry this process's id.
 */
export function infoToProto(info: InfoJson): v1.MarathonInfo {
  const config = (key: string): string =>
    typeof info.marathon_config[key] === 'string' ? (info.marathon_config[key] as string) : '';
  return {
    name: info.name,
    version: info.version,
    frameworkId: info.frameworkId ?? '',
    instanceId: '',
    elected: info.elected,
    leader: info.leader ?? '',
    master: config('master'),
    role: config('mesos_role'),
  };
}

/** An event as the stream sends it: the typed part, and `json` exactly as REST /v2/events sends it. */
export function eventMessage(event: MarathonEventJson): v1.MarathonEvent {
  return eventToProto(event, JSON.stringify(event));
}

// ------------------------------------------------------------------ helpers

function setIfDefined(json: JsonObject, key: string, value: unknown): void {
  if (value !== undefined && value !== null) json[key] = value;
}

function setIfText(json: JsonObject, key: string, value: string): void {
  if (value !== '') json[key] = value;
}

function setIfNonEmpty(json: JsonObject, key: string, values: readonly unknown[]): void {
  if (values.length > 0) json[key] = [...values];
}

function setIfNonEmptyMap(json: JsonObject, key: string, map: Readonly<Record<string, string>>): void {
  if (Object.keys(map).length > 0) json[key] = { ...map };
}
