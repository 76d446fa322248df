/**
 * What a task of an app is launched with: the command, the environment Marathon
 * gives its tasks, fetched URIs, the user, labels, the health check and the kill
 * grace period — as `@tessera/framework`'s LaunchSpec, which the shell turns
 * into a TaskInfo with the resources the offer matching took. Pure.
 *
 * The environment, as Marathon 1.x sets it (the app's `env` first; Marathon's
 * own variables win over it):
 * - `PORT0…PORTn` the host ports in portDefinitions order, `PORT` the first,
 *   `PORTS` all of them comma separated, `PORT_<NAME>` for a named port (name
 *   upper-cased, non-alphanumerics as "_"), and `PORT_<servicePort>` for each
 *   non-zero service port;
 * - `HOST` the agent's hostname, `MESOS_TASK_ID` the task ID;
 * - `MARATHON_APP_ID`, `MARATHON_APP_VERSION`, `MARATHON_APP_RESOURCE_CPUS`,
 *   `…_MEM`, `…_DISK`, `…_GPUS`, `MARATHON_APP_LABELS` (the label names,
 *   space separated) and `MARATHON_APP_LABEL_<NAME>` for each label.
 */
import type { HealthCheckSpec, LaunchSpec } from '@tessera/framework';
import type { TaskHealthCheck } from './health-checks.js';
import type { AppDefinition } from './model.js';

export interface TaskLaunchInput {
  readonly app: AppDefinition;
  readonly taskId: string;
  readonly hostname: string;
  /** Host ports given to the task, in portDefinitions order. */
  readonly hostPorts: readonly number[];
  readonly healthCheck: TaskHealthCheck | undefined;
  /** The user when the app names none; undefined: the framework's. */
  readonly defaultUser: string | undefined;
}

/** Marathon's name mangling for variable names: upper case, anything but letters and digits as "_". */
export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The variables Marathon sets for a task (see the module's comment). */
export function taskEnvironment(input: TaskLaunchInput): Record<string, string> {
  const { app, hostPorts } = input;
  const env: Record<string, string> = { ...app.env };
  hostPorts.forEach((port, index) => {
    env[`PORT${index}`] = String(port);
    const definition = app.portDefinitions[index];
    if (definition?.name !== undefined) env[`PORT_${envName(definition.name)}`] = String(port);
    if (definition !== undefined && definition.port > 0) env[`PORT_${definition.port}`] = String(port);
  });
  if (hostPorts.length > 0) {
    env['PORT'] = String(hostPorts[0]);
    env['PORTS'] = hostPorts.join(',');
  }
  env['HOST'] = input.hostname;
  env['MESOS_TASK_ID'] = input.taskId;
  env['MARATHON_APP_ID'] = app.id;
  env['MARATHON_APP_VERSION'] = app.version;
  env['MARATHON_APP_RESOURCE_CPUS'] = String(app.cpus);
  env['MARATHON_APP_RESOURCE_MEM'] = String(app.mem);
  env['MARATHON_APP_RESOURCE_DISK'] = String(app.disk);
  env['MARATHON_APP_RESOURCE_GPUS'] = String(app.gpus);
  const labelNames = Object.keys(app.labels);
  env['MARATHON_APP_LABELS'] = labelNames.map(envName).join(' ');
  for (const name of labelNames) env[`MARATHON_APP_LABEL_${envName(name)}`] = app.labels[name] ?? '';
  return env;
}

function healthCheckSpec(check: TaskHealthCheck): HealthCheckSpec {
  const timing = {
    delaySeconds: check.delaySeconds,
    intervalSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    consecutiveFailures: check.consecutiveFailures,
    gracePeriodSeconds: check.gracePeriodSeconds,
  };
  switch (check.type) {
    case 'COMMAND':
      return { ...timing, protocol: 'COMMAND', command: { shell: check.command } };
    case 'TCP':
      return { ...timing, protocol: 'TCP', port: check.port };
    case 'HTTP':
      return { ...timing, protocol: check.scheme === 'https' ? 'HTTPS' : 'HTTP', port: check.port, path: check.path };
  }
}

/** The launch spec of one task of `input.app`. */
export function taskLaunchSpec(input: TaskLaunchInput): LaunchSpec {
  const { app } = input;
  const user = app.user ?? input.defaultUser;
  return {
    taskId: input.taskId,
    name: app.id.slice(1).split('/').reverse().join('.'),
    command: app.args !== undefined ? { argv: [...app.args] } : { shell: app.cmd ?? '' },
    environment: taskEnvironment(input),
    uris: app.fetch.map((uri) => ({
      value: uri.uri,
      executable: uri.executable,
      extract: uri.extract,
      cache: uri.cache,
      ...(uri.destPath === undefined ? {} : { outputFile: uri.destPath }),
    })),
    ...(user === undefined ? {} : { user }),
    labels: app.labels,
    ...(input.healthCheck === undefined ? {} : { healthCheck: healthCheckSpec(input.healthCheck) }),
    ...(app.taskKillGracePeriodSeconds === undefined ? {} : { killGracePeriodSeconds: app.taskKillGracePeriodSeconds }),
  };
}
