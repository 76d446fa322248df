/**
 * The edge between tessera.v1 messages and the agent's domain types: proto is
 * converted once here, on the way in and on the way out; nothing else in the
 * agent touches generated message types for tasks and statuses.
 */
import { DEFAULT_KILL_GRACE_PERIOD_SECONDS, type Attribute, type Resource } from '@tessera/domain';
import { attributesToProto, InvalidResourceError, resourcesFromProto, resourcesToProto, type v1 } from '@tessera/proto';
import { DEFAULT_HEALTH_CHECK_TIMING } from './core/health.js';
import type {
  CommandSpec,
  FetchUri,
  FrameworkCapabilities,
  HealthCheckProbe,
  HealthCheckSpec,
  StatusUpdate,
  TaskDescription,
} from './core/types.js';
import { InvalidTaskError } from './errors.js';

/** The framework capabilities that change what the agent sends. */
export function capabilitiesFromProto(info: v1.FrameworkInfo__Output | null | undefined): FrameworkCapabilities {
  const capabilities = info?.capabilities ?? [];
  return {
    taskKillingState: capabilities.includes('TASK_KILLING_STATE'),
    partitionAware: capabilities.includes('PARTITION_AWARE'),
  };
}

/**
 * A RunTask's task, validated. Throws InvalidTaskError naming the problem (no
 * command, malformed resources, bad kill policy, a URI that cannot be fetched
 * or a health check that cannot run).
 */
export function taskFromProto(
  frameworkInfo: v1.FrameworkInfo__Output | null | undefined,
  info: v1.TaskInfo__Output,
): TaskDescription {
  const frameworkId = frameworkInfo?.id?.value ?? '';
  const taskId = info.taskId?.value ?? '';
  const command = info.command;
  if (command === null || command.value === '') throw new InvalidTaskError(`task ${taskId}: command.value is required`);
  let resources: Resource[];
  try {
    resources = resourcesFromProto(info.resources);
  } catch (error) {
    if (error instanceof InvalidResourceError)
      throw new InvalidTaskError(`task ${taskId}: ${error.message}`, { cause: error });
    throw error;
  }
  const graceSeconds = info.killPolicy?.gracePeriodSeconds ?? 0;
  if (!Number.isFinite(graceSeconds) || graceSeconds < 0) {
    throw new InvalidTaskError(`task ${taskId}: kill_policy.grace_period_seconds must be >= 0`);
  }
  const environment: Record<string, string> = {};
  for (const variable of command.environment?.variables ?? []) {
    if (variable.name === '' || variable.name.includes('=') || variable.name.includes('\0')) {
      throw new InvalidTaskError(`task ${taskId}: invalid environment variable name ${JSON.stringify(variable.name)}`);
    }
    environment[variable.name] = variable.value;
  }
  const labels: Record<string, string> = {};
  for (const label of info.labels) labels[label.key] = label.value;
  const user = command.user !== '' ? command.user : (frameworkInfo?.user ?? '');
  const frameworkPrincipal = frameworkInfo?.principal ?? '';
  const uris = command.uris.map((uri) => fetchUriFromProto(taskId, uri));
  const healthCheck = info.healthCheck === null ? undefined : healthCheckFromProto(taskId, info.healthCheck);
  return {
    frameworkId,
    ...(frameworkPrincipal === '' ? {} : { frameworkPrincipal }),
    taskId,
    name: info.name,
    resources,
    command: commandFromProto(command),
    environment,
    labels,
    killGracePeriodMs: Math.round((graceSeconds > 0 ? graceSeconds : DEFAULT_KILL_GRACE_PERIOD_SECONDS) * 1000),
    ...(user === '' ? {} : { user }),
    uris,
    ...(healthCheck === undefined ? {} : { healthCheck }),
  };
}

function commandFromProto(command: v1.CommandInfo__Output): CommandSpec {
  return {
    // The default is a shell command when there are no arguments.
    shell: command.shell || command.arguments.length === 0,
    value: command.value,
    arguments: [...command.arguments],
  };
}

/** Schemes the fetcher understands; a bare absolute path is a local file too. */
const FETCH_SCHEMES = new Set(['http:', 'https:', 'file:']);

function fetchUriFromProto(taskId: string, uri: v1._tessera_v1_CommandInfo_URI__Output): FetchUri {
  const where = `task ${taskId}: uri ${JSON.stringify(uri.value)}`;
  if (uri.value === '') throw new InvalidTaskError(`task ${taskId}: a uri has an empty value`);
  if (!uri.value.startsWith('/')) {
    let parsed: URL;
    try {
      parsed = new URL(uri.value);
    } catch (cause) {
      throw new InvalidTaskError(`${where} is not a URI or an absolute path`, { cause });
    }
    if (!FETCH_SCHEMES.has(parsed.protocol)) {
      throw new InvalidTaskError(`${where}: scheme ${parsed.protocol} is not supported (http, https, file)`);
    }
  }
  const outputFile = uri.outputFile;
  if (outputFile !== '') {
    const parts = outputFile.split('/');
    if (outputFile.startsWith('/') || parts.includes('..') || outputFile.includes('\0') || outputFile.endsWith('/')) {
      throw new InvalidTaskError(`${where}: output_file must be a file path inside the sandbox, got ${outputFile}`);
    }
  }
  return {
    value: uri.value,
    executable: uri.executable,
    extract: uri.extract,
    cache: uri.cache,
    ...(outputFile === '' ? {} : { outputFile }),
  };
}

/** Seconds from the wire in ms; absent or 0 takes the default (proto3 cannot tell them apart). */
function secondsOrDefault(taskId: string, field: string, seconds: number, defaultMs: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidTaskError(`task ${taskId}: health_check.${field} must be >= 0, got ${seconds}`);
  }
  return seconds === 0 ? defaultMs : Math.round(seconds * 1000);
}

/** A proto3 `optional` duration: absent → the default, 0 → 0. */
function optionalSeconds(taskId: string, field: string, seconds: number | undefined, defaultMs: number): number {
  if (seconds === undefined) return defaultMs;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidTaskError(`task ${taskId}: health_check.${field} must be >= 0, got ${seconds}`);
  }
  return Math.round(seconds * 1000);
}

function checkPort(taskId: string, kind: string, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidTaskError(`task ${taskId}: health_check.${kind}.port must be 1-65535, got ${port}`);
  }
  return port;
}

/**
 * A HealthCheck, validated, with Mesos's defaults for fields that are absent or
 * 0 (delay 15 s, interval 10 s, timeout 20 s, 3 consecutive failures, grace
 * period 10 s). COMMAND needs `command.value`, HTTP and TCP a port.
 */
function healthCheckFromProto(taskId: string, check: v1.HealthCheck__Output): HealthCheckSpec {
  const defaults = DEFAULT_HEALTH_CHECK_TIMING;
  let probe: HealthCheckProbe;
  switch (check.type) {
    case 'COMMAND':
      if (check.command === null || check.command.value === '') {
        throw new InvalidTaskError(`task ${taskId}: health_check.command.value is required for a COMMAND check`);
      }
      probe = { type: 'command', command: commandFromProto(check.command) };
      break;
    case 'HTTP': {
      const scheme = check.http?.scheme || 'http';
      if (scheme !== 'http' && scheme !== 'https') {
        throw new InvalidTaskError(`task ${taskId}: health_check.http.scheme must be http or https, got ${scheme}`);
      }
      const path = check.http?.path || '/';
      probe = {
        type: 'http',
        scheme,
        port: checkPort(taskId, 'http', check.http?.port ?? 0),
        path: path.startsWith('/') ? path : `/${path}`,
      };
      break;
    }
    case 'TCP':
      probe = { type: 'tcp', port: checkPort(taskId, 'tcp', check.tcp?.port ?? 0) };
      break;
    default:
      throw new InvalidTaskError(`task ${taskId}: health_check.type must be COMMAND, HTTP or TCP`);
  }
  return {
    probe,
    delayMs: optionalSeconds(taskId, 'delay_seconds', check.delaySeconds, defaults.delayMs),
    intervalMs: secondsOrDefault(taskId, 'interval_seconds', check.intervalSeconds, defaults.intervalMs),
    timeoutMs: secondsOrDefault(taskId, 'timeout_seconds', check.timeoutSeconds, defaults.timeoutMs),
    consecutiveFailures: check.consecutiveFailures === 0 ? defaults.consecutiveFailures : check.consecutiveFailures,
    gracePeriodMs: optionalSeconds(taskId, 'grace_period_seconds', check.gracePeriodSeconds, defaults.gracePeriodMs),
  };
}

function healthCheckToProto(check: HealthCheckSpec): v1.HealthCheck {
  const probe = check.probe;
  return {
    type: probe.type === 'command' ? 'COMMAND' : probe.type === 'http' ? 'HTTP' : 'TCP',
    delaySeconds: check.delayMs / 1000,
    intervalSeconds: check.intervalMs / 1000,
    timeoutSeconds: check.timeoutMs / 1000,
    consecutiveFailures: check.consecutiveFailures,
    gracePeriodSeconds: check.gracePeriodMs / 1000,
    ...(probe.type === 'command'
      ? { command: { shell: probe.command.shell, value: probe.command.value, arguments: [...probe.command.arguments] } }
      : probe.type === 'http'
        ? { http: { scheme: probe.scheme, port: probe.port, path: probe.path } }
        : { tcp: { port: probe.port } }),
  };
}

/** A task as the agent reports it (Reregister, GetTasks). */
export function taskToProto(task: TaskDescription, agentId: string | undefined): v1.TaskInfo {
  return {
    name: task.name,
    taskId: { value: task.taskId },
    ...(agentId === undefined ? {} : { agentId: { value: agentId } }),
    resources: resourcesToProto(task.resources),
    command: {
      shell: task.command.shell,
      value: task.command.value,
      arguments: [...task.command.arguments],
      environment: { variables: Object.entries(task.environment).map(([name, value]) => ({ name, value })) },
      user: task.user ?? '',
      uris: task.uris.map((uri) => ({
        value: uri.value,
        executable: uri.executable,
        extract: uri.extract,
        cache: uri.cache,
        outputFile: uri.outputFile ?? '',
      })),
    },
    ...(task.healthCheck === undefined ? {} : { healthCheck: healthCheckToProto(task.healthCheck) }),
    killPolicy: { gracePeriodSeconds: task.killGracePeriodMs / 1000 },
    labels: Object.entries(task.labels).map(([key, value]) => ({ key, value })),
  };
}

const SOURCES = { agent: 'SOURCE_AGENT', executor: 'SOURCE_EXECUTOR' } as const;

export function statusToProto(update: StatusUpdate, agentId: string | undefined): v1.TaskStatus {
  return {
    taskId: { value: update.taskId },
    state: update.state,
    message: update.message,
    source: SOURCES[update.source],
    reason: update.reason ?? 'REASON_UNSPECIFIED',
    ...(agentId === undefined ? {} : { agentId: { value: agentId } }),
    executorId: { value: update.taskId },
    timestamp: update.timestampMs / 1000,
    uuid: update.uuid,
    hasHealthy: update.healthy !== undefined,
    healthy: update.healthy ?? false,
    hasExitCode: update.exitCode !== undefined,
    exitCode: update.exitCode ?? 0,
  };
}

export function statusUpdateToProto(update: StatusUpdate, agentId: string | undefined): v1.AgentMessage {
  return { statusUpdate: { frameworkId: { value: update.frameworkId }, status: statusToProto(update, agentId) } };
}

export interface AgentInfoFields {
  readonly agentId: string | undefined;
  readonly hostname: string;
  readonly endpoint: string;
  readonly httpPort: number;
  readonly resources: readonly Resource[];
  readonly attributes: readonly Attribute[];
  readonly bootId: string;
  readonly executorBackend: 'process' | 'simulated';
}

export function agentInfoToProto(fields: AgentInfoFields): v1.AgentInfo {
  return {
    ...(fields.agentId === undefined ? {} : { id: { value: fields.agentId } }),
    hostname: fields.hostname,
    endpoint: fields.endpoint,
    resources: resourcesToProto(fields.resources),
    attributes: attributesToProto(fields.attributes),
    bootId: fields.bootId,
    executorBackend: fields.executorBackend,
    httpPort: fields.httpPort,
  };
}
