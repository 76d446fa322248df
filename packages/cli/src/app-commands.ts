import { Option, type Command } from 'commander';
import { renderTable } from './table.js';
import {
  jsonText,
  readJsonFile,
  RestClient,
  RestRefusedError,
  RestUnreachableError,
  type RestService,
} from './rest-client.js';

const DEFAULT_MARATHON = process.env['TESSERA_MARATHON'] ?? 'http://127.0.0.1:8080';

/** Marathon's name, and its refusals: its message, and each problem's path for a 422. */
const MARATHON: RestService = {
  name: 'Marathon',
  describeRefusal(status, body) {
    const answer = (body ?? {}) as { message?: unknown; details?: { path?: unknown; errors?: unknown }[] };
    const message = typeof answer.message === 'string' ? answer.message : `Marathon answered HTTP ${status}`;
    const details = Array.isArray(answer.details)
      ? answer.details.map((d) => `  ${String(d.path ?? '')}: ${Array.isArray(d.errors) ? d.errors.join('; ') : ''}`)
      : [];
    return [message, ...details].join('\n');
  },
};

/** Marathon could not be reached at all. */
export class MarathonUnreachableError extends RestUnreachableError {
  override readonly name = 'MarathonUnreachableError';
  constructor(url: string, options?: ErrorOptions) {
    super(MARATHON.name, url, options);
  }
}

/** Marathon answered with an error: its message, and each problem's path for a 422. */
export class MarathonRefusedError extends RestRefusedError {
  override readonly name = 'MarathonRefusedError';
  constructor(status: number, body: unknown) {
    super(MARATHON.name, status, body, MARATHON.describeRefusal(status, body));
  }
}

/** A small client of Marathon's REST API v2, as the CLI uses it. */
export class MarathonRest extends RestClient {
  constructor(url: string) {
    super(MARATHON, url);
  }

  protected override unreachable(cause: unknown): Error {
    return new MarathonUnreachableError(this.url, { cause });
  }

  protected override refused(status: number, body: unknown): Error {
    return new MarathonRefusedError(status, body);
  }
}

/** An app id as typed ("web", "/prod/web") as an absolute path for the URL (no leading slash). */
const appPath = (id: string): string => id.replace(/^\/+/, '');

interface AppJson {
  id: string;
  instances?: number;
  cpus?: number;
  mem?: number;
  tasksRunning?: number;
  tasksHealthy?: number;
  tasksStaged?: number;
  deployments?: { id: string }[];
  healthChecks?: unknown[];
  version?: string;
}

interface DeploymentJson {
  id: string;
  version?: string;
  affectedApps?: string[];
  currentStep?: number;
  totalSteps?: number;
  currentActions?: { action: string; app: string }[];
}

/**
 * Waits until deployment `id` is no longer running, printing one live line of
 * progress (instances running or healthy of those wanted, and the step) on
 * stderr; on a terminal the line is rewritten in place. Resolves once the
 * deployment is gone (finished, or cancelled).
 */
async function followDeployment(marathon: MarathonRest, id: string, appIds: readonly string[]): Promise<void> {
  const tty = process.stderr.isTTY === true;
  let last = '';
  for (;;) {
    const { body: deployments } = await marathon.request<DeploymentJson[]>('GET', '/v2/deployments');
    const deployment = deployments.find((d) => d.id === id);
    const parts: string[] = [];
    for (const appId of appIds) {
      const app = await marathon
        .request<{ app: AppJson }>('GET', `/v2/apps/${appPath(appId)}`)
        .then((r) => r.body.app)
        .catch(() => undefined);
      if (app === undefined) continue;
      const counted = (app.healthChecks ?? []).length > 0 ? app.tasksHealthy : app.tasksRunning;
      const word = (app.healthChecks ?? []).length > 0 ? 'healthy' : 'running';
      parts.push(`${app.id}: ${counted ?? 0}/${app.instances ?? 0} ${word}`);
    }
    const step =
      deployment === undefined ? 'done' : `step ${deployment.currentStep ?? 0}/${deployment.totalSteps ?? 0}`;
    const line = `deployment ${id}: ${parts.join(', ')}${parts.length > 0 ? ', ' : ''}${step}`;
    if (line !== last) {
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
      last = line;
    }
    if (deployment === undefined) {
      if (tty) process.stderr.write('\n');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface CommonOptions {
  marathon: string;
  json: boolean;
  wait: boolean;
}

/** Prints a change's answer and, unless --no-wait or --json, follows its deployment to the end. */
async function changed(
  marathon: MarathonRest,
  options: CommonOptions,
  answer: { body: unknown; headers: Headers },
  appIds: readonly string[],
): Promise<void> {
  const body = (answer.body ?? {}) as { deploymentId?: string; deployments?: { id: string }[]; version?: string };
  const deploymentId =
    answer.headers.get('marathon-deployment-id') ?? body.deploymentId ?? body.deployments?.[0]?.id ?? undefined;
  if (options.json) {
    process.stdout.write(jsonText(answer.body ?? { deploymentId }));
    return;
  }
  process.stdout.write(
    `deployment ${deploymentId ?? '(none)'} started${body.version ? ` (version ${body.version})` : ''}\n`,
  );
  if (options.wait && deploymentId !== undefined) await followDeployment(marathon, deploymentId, appIds);
}

/**
 * `tessera app add|list|show|scale|restart|remove|rollback` and `tessera
 * deployments`: Marathon's REST API v2 from the command line. Changes follow
 * their deployment with a live progress line until it ends (`--no-wait` to
 * return at once); `--json` prints Marathon's answer as it is.
 */
export function appCommands(program: Command): void {
  const marathonOption = () =>
    new Option('--marathon <url>', 'Marathon REST URL (env TESSERA_MARATHON)').default(DEFAULT_MARATHON);
  const app = program.command('app').description("Marathon apps: long-running services (Marathon's REST API v2).");

  const change = (command: Command) =>
    command
      .addOption(marathonOption())
      .option('--json', "print Marathon's answer as JSON", false)
      .option('--no-wait', 'return once the change is accepted, without following its deployment');

  change(app.command('add').description('Create an app from a Marathon app definition (JSON file, - for stdin).'))
    .argument('<file>', 'the app definition')
    .option('--force', 'replace the app if it exists, cancelling its deployments', false)
    .action(async (file: string, options: CommonOptions & { force: boolean }) => {
      const definition = (await readJsonFile(file)) as { id?: string };
      const marathon = new MarathonRest(options.marathon);
      const answer = options.force
        ? await marathon.request('PUT', `/v2/apps/${appPath(definition.id ?? '')}?force=true`, definition)
        : await marathon.request('POST', '/v2/apps', definition);
      await changed(marathon, options, answer, [String((answer.body as AppJson | undefined)?.id ?? definition.id)]);
    });

  app
    .command('list')
    .description('List the apps with their instances.')
    .addOption(marathonOption())
    .option('--json', "print Marathon's answer as JSON", false)
    .action(async (options: { marathon: string; json: boolean }) => {
      const { body } = await new MarathonRest(options.marathon).request<{ apps: AppJson[] }>('GET', '/v2/apps');
      if (options.json) return void process.stdout.write(jsonText(body));
      process.stdout.write(
        renderTable(
          ['ID', 'INSTANCES', 'RUNNING', 'HEALTHY', 'STAGED', 'CPUS', 'MEM', 'DEPLOYMENTS'],
          body.apps.map((a) => [
            a.id,
            String(a.instances ?? 0),
            String(a.tasksRunning ?? 0),
            (a.healthChecks ?? []).length > 0 ? String(a.tasksHealthy ?? 0) : '-',
            String(a.tasksStaged ?? 0),
            String(a.cpus ?? ''),
            String(a.mem ?? ''),
            (a.deployments ?? []).map((d) => d.id).join(',') || '-',
          ]),
        ),
      );
    });

  app
    .command('show')
    .description('Show an app, with its tasks.')
    .argument('<id>', 'app id')
    .addOption(marathonOption())
    .action(async (id: string, options: { marathon: string }) => {
      const { body } = await new MarathonRest(options.marathon).request(
        'GET',
        `/v2/apps/${appPath(id)}?embed=app.tasks&embed=app.deployments`,
      );
      process.stdout.write(jsonText(body));
    });

  change(app.command('scale').description('Set the number of instances.'))
    .argument('<id>', 'app id')
    .argument('<instances>', 'how many instances')
    .option('--force', "cancel the app's deployments", false)
    .action(async (id: string, instances: string, options: CommonOptions & { force: boolean }) => {
      const count = Number(instances);
      if (!Number.isInteger(count) || count < 0) throw new Error('instances is a whole number from 0');
      const marathon = new MarathonRest(options.marathon);
      const answer = await marathon.request('PATCH', `/v2/apps/${appPath(id)}${options.force ? '?force=true' : ''}`, {
        instances: count,
      });
      await changed(marathon, options, answer, [id]);
    });

  change(app.command('restart').description('Replace every instance, following the upgrade strategy.'))
    .argument('<id>', 'app id')
    .option('--force', "cancel the app's deployments", false)
    .action(async (id: string, options: CommonOptions & { force: boolean }) => {
      const marathon = new MarathonRest(options.marathon);
      const answer = await marathon.request(
        'POST',
        `/v2/apps/${appPath(id)}/restart${options.force ? '?force=true' : ''}`,
      );
      await changed(marathon, options, answer, [id]);
    });

  change(app.command('remove').description('Stop and remove an app.'))
    .argument('<id>', 'app id')
    .action(async (id: string, options: CommonOptions) => {
      const marathon = new MarathonRest(options.marathon);
      const answer = await marathon.request('DELETE', `/v2/apps/${appPath(id)}`);
      await changed(marathon, { ...options, wait: false }, answer, []);
    });

  change(app.command('rollback').description('Deploy an earlier version again (default: the one before the current).'))
    .argument('<id>', 'app id')
    .argument('[version]', 'the version to deploy, as `/v2/apps/{id}/versions` lists it')
    .option('--force', "cancel the app's deployments", false)
    .action(async (id: string, version: string | undefined, options: CommonOptions & { force: boolean }) => {
      const marathon = new MarathonRest(options.marathon);
      let target = version;
      if (target === undefined) {
        const { body } = await marathon.request<{ versions: string[] }>('GET', `/v2/apps/${appPath(id)}/versions`);
        // Newest first, as Marathon lists them: the current one, then the one before.
        target = body.versions[1];
        if (target === undefined) throw new Error(`${id} has no earlier version to roll back to`);
      }
      const answer = await marathon.request('PUT', `/v2/apps/${appPath(id)}${options.force ? '?force=true' : ''}`, {
        version: target,
      });
      await changed(marathon, options, answer, [id]);
    });

  program
    .command('deployments')
    .description("List Marathon's running deployments.")
    .addOption(marathonOption())
    .option('--json', "print Marathon's answer as JSON", false)
    .action(async (options: { marathon: string; json: boolean }) => {
      const { body } = await new MarathonRest(options.marathon).request<DeploymentJson[]>('GET', '/v2/deployments');
      if (options.json) return void process.stdout.write(jsonText(body));
      process.stdout.write(
        renderTable(
          ['ID', 'VERSION', 'APPS', 'STEP', 'ACTIONS'],
          body.map((d) => [
            d.id,
            d.version ?? '',
            (d.affectedApps ?? []).join(','),
            `${d.currentStep ?? 0}/${d.totalSteps ?? 0}`,
            (d.currentActions ?? []).map((a) => `${a.action} ${a.app}`).join(', '),
          ]),
        ),
      );
    });
}
