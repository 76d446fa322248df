import type { Resources } from '@tessera/domain';
import { resourcesToProto, type v1 } from '@tessera/proto';

/** A task's command: a shell line (`/bin/sh -c`), or an argv run directly. */
export type CommandSpec =
  | { readonly shell: string }
  | {
      /** argv, argv[0] included (as Mesos passes it). */
      readonly argv: readonly string[];
      /** The program to execute. Default argv[0]. */
      readonly program?: string;
    };

/** A file fetched into the sandbox before the command starts. */
export interface UriSpec {
  /** http, https or file URI. */
  readonly value: string;
  readonly executable?: boolean;
  readonly extract?: boolean;
  readonly cache?: boolean;
  /** Name inside the sandbox. Default: the URI's last path segment. */
  readonly outputFile?: string;
}

/** When and how often a health check runs; absent fields take the agent's defaults (Mesos's). */
export interface HealthCheckTiming {
  readonly delaySeconds?: number;
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly consecutiveFailures?: number;
  readonly gracePeriodSeconds?: number;
}

/**
 * A health check. A network check names its port directly (`port`) or as the
 * index of one of the task's ports (`portIndex`, Marathon's way: 0 is the
 * lowest port the task got).
 */
export type HealthCheckSpec = HealthCheckTiming &
  (
    | { readonly protocol: 'COMMAND'; readonly command: CommandSpec }
    | {
        readonly protocol: 'HTTP' | 'HTTPS';
        readonly path?: string;
        readonly port?: number;
        readonly portIndex?: number;
      }
    | { readonly protocol: 'TCP'; readonly port?: number; readonly portIndex?: number }
  );

/** Everything about a task but its resources, which come from the match. */
export interface LaunchSpec {
  /** Unique among the framework's tasks; launching it again is idempotent while it lives. */
  readonly taskId: string;
  /** Default: the task ID. */
  readonly name?: string;
  readonly command: CommandSpec;
  /** Variables set for the command (the agent adds its own, e.g. PORT0, which win). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly uris?: readonly UriSpec[];
  /** The user to run as. Default: the framework's. */
  readonly user?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly healthCheck?: HealthCheckSpec;
  /** SIGTERM to SIGKILL, seconds. Default: the agent's (3 s). */
  readonly killGracePeriodSeconds?: number;
}

/** The part of a match that a launch uses: the offer's entries to take, and the host ports among them. */
export interface MatchedResources {
  readonly resources: Resources;
  readonly ports: readonly number[];
}

/** A launch spec that cannot be turned into a task; the problems say why. Nothing was sent. */
export class InvalidLaunchSpecError extends Error {
  override readonly name = 'InvalidLaunchSpecError';
  constructor(
    readonly taskId: string,
    readonly problems: readonly string[],
  ) {
    super(`cannot build task ${JSON.stringify(taskId)}: ${problems.join('; ')}`);
  }
}

function commandInfo(
  command: CommandSpec,
  extra: Pick<LaunchSpec, 'environment' | 'uris' | 'user'> = {},
): v1.CommandInfo {
  const base: v1.CommandInfo =
    'shell' in command
      ? { shell: true, value: command.shell }
      : { shell: false, value: command.program ?? command.argv[0] ?? '', arguments: [...command.argv] };
  return {
    ...base,
    ...(extra.environment === undefined
      ? {}
      : { environment: { variables: Object.entries(extra.environment).map(([name, value]) => ({ name, value })) } }),
    ...(extra.uris === undefined || extra.uris.length === 0
      ? {}
      : {
          uris: extra.uris.map((uri) => ({
            value: uri.value,
            executable: uri.executable ?? false,
            extract: uri.extract ?? false,
            cache: uri.cache ?? false,
            ...(uri.outputFile === undefined ? {} : { outputFile: uri.outputFile }),
          })),
        }),
    ...(extra.user === undefined ? {} : { user: extra.user }),
  };
}

function commandProblems(command: CommandSpec, where: string): string[] {
  if ('shell' in command) return command.shell.trim() === '' ? [`${where} is an empty shell line`] : [];
  return command.argv.length === 0 && (command.program ?? '') === '' ? [`${where} has no argv`] : [];
}

function healthCheckInfo(check: HealthCheckSpec, ports: readonly number[], problems: string[]): v1.HealthCheck {
  const timing = {
    ...(check.delaySeconds === undefined ? {} : { delaySeconds: check.delaySeconds }),
    ...(check.intervalSeconds === undefined ? {} : { intervalSeconds: check.intervalSeconds }),
    ...(check.timeoutSeconds === undefined ? {} : { timeoutSeconds: check.timeoutSeconds }),
    ...(check.consecutiveFailures === undefined ? {} : { consecutiveFailures: check.consecutiveFailures }),
    ...(check.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: check.gracePeriodSeconds }),
  };
  if (check.protocol === 'COMMAND') {
    problems.push(...commandProblems(check.command, 'the health check command'));
    return { type: 'COMMAND', ...timing, command: commandInfo(check.command) };
  }
  let port = check.port;
  if (check.portIndex !== undefined) {
    port = ports[check.portIndex];
    if (port === undefined) {
      problems.push(`the health check's portIndex ${check.portIndex} is not one of the task's ${ports.length} ports`);
    }
  } else if (port === undefined) {
    problems.push('a network health check needs a port or a portIndex');
  }
  if (check.protocol === 'TCP') return { type: 'TCP', ...timing, tcp: { port: port ?? 0 } };
  return {
    type: 'HTTP',
    ...timing,
    http: { scheme: check.protocol === 'HTTPS' ? 'https' : 'http', port: port ?? 0, path: check.path ?? '/' },
  };
}

/**
 * The TaskInfo that launches `spec` on what `match` took from an offer. Plain:
 * builds, sends nothing. The resources are the match's entries as they are, so
 * the reservation and revocable flag of each stay those of the offer (the master
 * accepts a launch only of what the offer holds, key by key). Optional parts
 * (environment, URIs, user, labels, health check, kill policy) are set only
 * when the spec has them. A `portIndex` in the health check is resolved against
 * `match.ports`.
 *
 * Throws InvalidLaunchSpecError, listing every problem, for an empty task ID or
 * command, or a health check port it cannot resolve (a caller's bug).
 */
export function buildTaskInfo(spec: LaunchSpec, match: MatchedResources): v1.TaskInfo {
  const problems: string[] = [];
  if (spec.taskId === '') problems.push('the task ID is empty');
  problems.push(...commandProblems(spec.command, 'the command'));
  const healthCheck =
    spec.healthCheck === undefined ? undefined : healthCheckInfo(spec.healthCheck, match.ports, problems);
  if (problems.length > 0) throw new InvalidLaunchSpecError(spec.taskId, problems);
  const labels = Object.entries(spec.labels ?? {});
  return {
    name: spec.name ?? spec.taskId,
    taskId: { value: spec.taskId },
    resources: resourcesToProto(match.resources),
    command: commandInfo(spec.command, spec),
    ...(healthCheck === undefined ? {} : { healthCheck }),
    ...(spec.killGracePeriodSeconds === undefined
      ? {}
      : { killPolicy: { gracePeriodSeconds: spec.killGracePeriodSeconds } }),
    ...(labels.length === 0 ? {} : { labels: labels.map(([key, value]) => ({ key, value })) }),
  };
}
