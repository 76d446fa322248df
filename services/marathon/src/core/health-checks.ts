/**
 * Health checks: who runs them, who kills, and the task's HealthCheck.
 *
 * Who kills: the agent. In Tessera every health check runs on the agent, next
 * to the task (Marathon's HTTP/HTTPS/TCP, which Marathon itself runs, are run
 * there as MESOS_HTTP/MESOS_HTTPS/MESOS_TCP are). The agent counts the
 * consecutive failures after the grace period, reports each change of health
 * in a TASK_RUNNING update with `healthy`, and after `consecutive_failures`
 * kills the task itself: TASK_KILLED, reason REASON_TASK_HEALTH_CHECK_STATUS_UPDATED,
 * healthy false. Marathon never sends a kill of its own for failing health: it
 * would double the agent's count and race its kill. Marathon's part is what
 * follows the kill, as for any instance it wants running: the instance is
 * relaunched, the kill is published (`unhealthy_instance_kill_event`), and it
 * counts as a failure for the app's launch delay (`launch-queue.ts`).
 *
 * What the agent cannot do, and how it is mapped:
 * - `maxConsecutiveFailures: 0` (never kill): the wire's 0 means "the default,
 *   3", so it is sent as NEVER_KILL_CONSECUTIVE_FAILURES (2^32 − 1 failures:
 *   136 years at one check a second).
 * - `ignoreHttp1xx`: the agent counts only 200–399 as healthy; a 1xx answer is
 *   a failure.
 * - One check per task: the TaskInfo has one `health_check`. An app's first
 *   health check is the one run; validation should refuse a second.
 */
import type { AppDefinition, HealthCheckDefinition } from './model.js';
import type { TaskStatusUpdate } from './task-status.js';

/** Sent as `consecutive_failures` for Marathon's maxConsecutiveFailures 0 (the largest uint32). */
export const NEVER_KILL_CONSECUTIVE_FAILURES = 0xffff_ffff;

interface TaskHealthCheckTiming {
  /** Before the first check, from the task's start. */
  readonly delaySeconds: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  /** Counted failures in a row after which the agent kills the task (>= 1). */
  readonly consecutiveFailures: number;
  /** From the task's start, failures are ignored until the first success. */
  readonly gracePeriodSeconds: number;
}

/** Tessera's HealthCheck (common.proto) in domain form; the shell makes the proto. */
export type TaskHealthCheck = TaskHealthCheckTiming &
  (
    | { readonly type: 'HTTP'; readonly scheme: 'http' | 'https'; readonly port: number; readonly path: string }
    | { readonly type: 'TCP'; readonly port: number }
    /** Run through the shell in the task's sandbox; exit 0 is healthy. */
    | { readonly type: 'COMMAND'; readonly command: string }
  );

/** The check's port is not one the task has: `portIndex` beyond its host ports, or no port at all. */
export class HealthCheckPortError extends Error {
  override readonly name = 'HealthCheckPortError';
  constructor(
    readonly portIndex: number,
    readonly hostPorts: readonly number[],
  ) {
    super(`health check portIndex ${portIndex} names no port of the task (host ports [${hostPorts.join(', ')}])`);
  }
}

/** A COMMAND health check without a command. */
export class HealthCheckCommandError extends Error {
  override readonly name = 'HealthCheckCommandError';
  constructor() {
    super('a COMMAND health check needs a command');
  }
}

/**
 * The task's HealthCheck for Marathon's `check`, given the host ports the task
 * was given (in portDefinitions order). The probed port is `check.port` when
 * set, else the host port at `portIndex` (default 0). Throws HealthCheckPortError,
 * HealthCheckCommandError.
 */
export function taskHealthCheckOf(check: HealthCheckDefinition, hostPorts: readonly number[]): TaskHealthCheck {
  const timing: TaskHealthCheckTiming = {
    delaySeconds: check.delaySeconds,
    intervalSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    consecutiveFailures:
      check.maxConsecutiveFailures === 0 ? NEVER_KILL_CONSECUTIVE_FAILURES : check.maxConsecutiveFailures,
    gracePeriodSeconds: check.gracePeriodSeconds,
  };
  switch (check.protocol) {
    case 'COMMAND':
      if (check.command === undefined || check.command === '') throw new HealthCheckCommandError();
      return { ...timing, type: 'COMMAND', command: check.command };
    case 'HTTP':
    case 'MESOS_HTTP':
    case 'HTTPS':
    case 'MESOS_HTTPS':
      return {
        ...timing,
        type: 'HTTP',
        scheme: check.protocol === 'HTTPS' || check.protocol === 'MESOS_HTTPS' ? 'https' : 'http',
        port: portOf(check, hostPorts),
        path: check.path === '' ? '/' : check.path,
      };
    case 'TCP':
    case 'MESOS_TCP':
      return { ...timing, type: 'TCP', port: portOf(check, hostPorts) };
  }
}

function portOf(check: HealthCheckDefinition, hostPorts: readonly number[]): number {
  if (check.port !== undefined) return check.port;
  const portIndex = check.portIndex ?? 0;
  const port = hostPorts[portIndex];
  if (port === undefined) throw new HealthCheckPortError(portIndex, hostPorts);
  return port;
}

/** The health check the agent runs for a task of `app` (its first), or undefined when it has none. */
export function taskHealthCheckFor(app: AppDefinition, hostPorts: readonly number[]): TaskHealthCheck | undefined {
  const first = app.healthChecks[0];
  return first === undefined ? undefined : taskHealthCheckOf(first, hostPorts);
}

/** Whether the update reports the agent's kill of the task for failing its health check. */
export function isHealthCheckKill(status: TaskStatusUpdate): boolean {
  return status.state === 'TASK_KILLED' && status.reason === 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED';
}
