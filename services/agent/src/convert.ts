/**
 * The edge between tessera.v1 messages and the agent's domain types: proto is
 * converted once here, on the way in and on the way out; nothing else in the
 * agent touches generated message types for tasks and statuses.
 */
import { DEFAULT_KILL_GRACE_PERIOD_SECONDS, type Attribute, type Resource } from '@tessera/domain';
import { attributesToProto, InvalidResourceError, resourcesFromProto, resourcesToProto, type v1 } from '@tessera/proto';
import type { FrameworkCapabilities, StatusUpdate, TaskDescription } from './core/types.js';
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
 * command, malformed resources, bad kill policy). Health checks and URIs are not
 * carried yet (a later issue); the shell logs when a task has them.
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
  return {
    frameworkId,
    taskId,
    name: info.name,
    resources,
    command: {
      // The default is a shell command when there are no arguments.
      shell: command.shell || command.arguments.length === 0,
      value: command.value,
      arguments: [...command.arguments],
    },
    environment,
    labels,
    killGracePeriodMs: Math.round((graceSeconds > 0 ? graceSeconds : DEFAULT_KILL_GRACE_PERIOD_SECONDS) * 1000),
    ...(user === '' ? {} : { user }),
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
    },
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
