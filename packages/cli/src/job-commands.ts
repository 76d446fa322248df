import { Option, type Command } from 'commander';
import { renderTable } from './table.js';
import { jsonText, readJsonFile, RestClient, type RestService } from './rest-client.js';

const DEFAULT_CHRONOS = process.env['TESSERA_CHRONOS'] ?? 'http://127.0.0.1:4400';

/** Chronos's name, and its refusals: `{"status": 400, "message": "..."}` (503 while no leader is elected). */
export const CHRONOS: RestService = {
  name: 'Chronos',
  describeRefusal(status, body) {
    const message = (body as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string' && message.trim() !== '') return message.trim();
    return status === 503 ? 'Chronos has no leader (HTTP 503); try again' : `Chronos answered HTTP ${status}`;
  },
};

/*
 * The parts of Chronos's answers the CLI reads (services/chronos/src/api.ts:
 * JobStatusJson, RunJson). NOTE: declared here, every field optional, rather
 * than imported: the CLI may talk to a Chronos of another version, and shows
 * what it is given.
 */

interface JobJson {
  name: string;
  schedule?: string;
  scheduleTimeZone?: string;
  cron?: string;
  timezone?: string;
  parents?: string[];
  nextRun?: string;
  successCount?: number;
  errorCount?: number;
  lastSuccess?: string;
  lastError?: string;
  disabled?: boolean;
}

interface RunAttemptJson {
  exitCode?: number | null;
  agentId?: string;
  hostname?: string;
  message?: string;
}

interface RunJson {
  job?: string;
  scheduledAt?: string;
  cause?: string;
  state?: string;
  skipReason?: string;
  skippedCount?: number;
  latenessMs?: number | null;
  attempts?: RunAttemptJson[];
}

/** A job name as one path segment: names may hold spaces and "#". */
const jobPath = (name: string): string => `/v1/scheduler/job/${encodeURIComponent(name)}`;

/** The REST path a job is posted to, by the one field that says when it runs. */
const POST_PATHS = {
  schedule: '/v1/scheduler/iso8601',
  parents: '/v1/scheduler/dependency',
  cron: '/v1/scheduler/cron',
} as const;

type WhenField = keyof typeof POST_PATHS;

/**
 * The path a job of a file is posted to, by the field it has. Throws, naming
 * the job by `label`, when it is not an object, or has none or several of
 * `schedule`, `parents` and `cron` (Chronos refuses those; the CLI could not
 * choose a path).
 */
function postPath(job: unknown, label: string): string {
  if (typeof job !== 'object' || job === null || Array.isArray(job))
    throw new Error(`${label} is not a job: a job is a JSON object`);
  const given = (Object.keys(POST_PATHS) as WhenField[]).filter(
    (field) => (job as Record<string, unknown>)[field] !== undefined,
  );
  if (given.length !== 1)
    throw new Error(
      `${label} needs exactly one of schedule (ISO 8601), parents or cron; ${given.length === 0 ? 'it has none' : `it has ${given.join(' and ')}`}`,
    );
  return POST_PATHS[given[0] as WhenField];
}

/** A job's label in messages: its name when it has one, else its place in the file. */
function jobLabel(job: unknown, index: number, count: number): string {
  const name = (job as { name?: unknown } | null)?.name;
  const place = count > 1 ? `job ${index + 1} of ${count}` : 'the job';
  return typeof name === 'string' ? `${place} (${name})` : place;
}

/** A job of a file that was not saved, after `saved` were; `notSent` were not tried. */
export class JobAddError extends Error {
  override readonly name = 'JobAddError';
  constructor(
    label: string,
    readonly saved: readonly string[],
    readonly notSent: readonly string[],
    options: { cause: Error },
  ) {
    const rest = [
      saved.length > 0 ? `saved before it: ${saved.join(', ')}` : 'none saved',
      ...(notSent.length > 0 ? [`not sent: ${notSent.join(', ')}`] : []),
    ];
    super(`${label}: ${options.cause.message}\n(${rest.join('; ')})`, options);
  }
}

/** When a job runs, in a few words: its ISO 8601 schedule, its cron expression, or its parents. */
function whenText(job: JobJson): string {
  if (job.schedule !== undefined)
    return job.scheduleTimeZone ? `${job.schedule} (${job.scheduleTimeZone})` : job.schedule;
  if (job.cron !== undefined) return `cron ${job.cron}${job.timezone ? ` (${job.timezone})` : ''}`;
  if (job.parents !== undefined) return `after ${job.parents.join(', ')}`;
  return '-';
}

/** A time as Chronos gives it, "-" when never ("" in Chronos's answers). */
const timeText = (time: string | undefined): string => (time === undefined || time === '' ? '-' : time);

/** A lateness in ms as a short duration: "850ms", "12.3s", "4m05s", "2h03m". */
export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * The dependency graph as an indented tree: each root (a job without a
 * parent among the jobs), by name, then its children, by name, below it.
 * A job with several parents appears under each; its children are shown under
 * the first only, and later it is marked "(children above)". Every job appears
 * at least once (a cycle, which Chronos refuses, would be shown from its
 * first job by name). Names compare by UTF-16 code units, as Chronos sorts.
 */
export function graphTree(jobs: readonly JobJson[]): string {
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const known = new Set(jobs.map((job) => job.name));
  const children = new Map<string, string[]>();
  for (const job of jobs)
    for (const parent of new Set(job.parents ?? []))
      if (known.has(parent)) children.set(parent, [...(children.get(parent) ?? []), job.name]);
  for (const list of children.values()) list.sort(byName);
  const disabled = new Set(jobs.filter((job) => job.disabled === true).map((job) => job.name));
  const names = [...known].sort(byName);
  const hasParent = new Set(jobs.filter((job) => (job.parents ?? []).some((p) => known.has(p))).map((job) => job.name));
  const roots = names.filter((name) => !hasParent.has(name));

  const lines: string[] = [];
  const expanded = new Set<string>();
  const visit = (name: string, prefix: string, branch: string, below: string) => {
    const kids = children.get(name) ?? [];
    const repeated = expanded.has(name);
    const marks = [
      ...(disabled.has(name) ? ['disabled'] : []),
      ...(repeated && kids.length > 0 ? ['children above'] : []),
    ];
    lines.push(`${prefix}${branch}${name}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`);
    if (repeated) return;
    expanded.add(name);
    kids.forEach((kid, index) => {
      const last = index === kids.length - 1;
      visit(kid, prefix + below, last ? '└── ' : '├── ', last ? '    ' : '│   ');
    });
  };
  for (const root of roots) visit(root, '', '', '');
  for (const name of names) if (!expanded.has(name)) visit(name, '', '', '');
  return lines.map((line) => `${line}\n`).join('');
}

interface ChronosOptions {
  chronos: string;
}

interface JsonOptions extends ChronosOptions {
  json: boolean;
}

/**
 * `tessera job add|list|show|run|history|remove|graph`: Chronos's REST API
 * from the command line. `--json` prints Chronos's answers as they are
 * (`null` for an empty one). `out` receives everything printed on stdout.
 */
export function jobCommands(
  program: Command,
  out: (text: string) => void = (text) => void process.stdout.write(text),
): void {
  const chronosOption = () =>
    new Option('--chronos <url>', 'Chronos REST URL (env TESSERA_CHRONOS)').default(DEFAULT_CHRONOS);
  const jsonOption = () => new Option('--json', "print Chronos's answer as JSON").default(false);
  const chronos = (options: ChronosOptions) => new RestClient(CHRONOS, options.chronos);
  const job = program
    .command('job')
    .description("Chronos jobs: scheduled and dependent batch jobs (Chronos's REST API).");

  job
    .command('add')
    .description(
      'Add jobs, or replace those of the same name, from a JSON file (a job, or an array of jobs added in order; - for stdin).',
    )
    .argument('<file>', "the job definitions, Chronos's JSON")
    .addOption(chronosOption())
    .addOption(jsonOption())
    .action(async (file: string, options: JsonOptions) => {
      const content = await readJsonFile(file);
      const jobs = Array.isArray(content) ? (content as unknown[]) : [content];
      const labels = jobs.map((definition, index) => jobLabel(definition, index, jobs.length));
      // Every job's path is decided before any is sent: a file the CLI cannot route changes nothing.
      const paths = jobs.map((definition, index) => postPath(definition, labels[index] ?? ''));
      const client = chronos(options);
      const answers: unknown[] = [];
      const saved: string[] = [];
      for (const [index, definition] of jobs.entries()) {
        const label = labels[index] ?? '';
        let answer: unknown;
        try {
          ({ body: answer } = await client.request('POST', paths[index] ?? '', definition));
        } catch (error) {
          if (jobs.length === 1) throw error;
          throw new JobAddError(label, saved, labels.slice(index + 1), { cause: error as Error });
        }
        answers.push(answer ?? null);
        const name = String((definition as { name?: unknown }).name);
        saved.push(name);
        if (options.json) continue;
        const shown = typeof answer === 'object' && answer !== null ? (answer as JobJson) : (definition as JobJson);
        const next = shown.nextRun ? `, next run ${shown.nextRun}` : '';
        out(`saved ${name}: ${whenText(shown)}${next}\n`);
      }
      if (options.json) out(jsonText(Array.isArray(content) ? answers : answers[0]));
    });

  job
    .command('list')
    .description('List the jobs with their schedule, next run and outcomes.')
    .option('--name <text>', 'only the jobs whose name holds this text (any case)')
    .addOption(chronosOption())
    .addOption(jsonOption())
    .action(async (options: JsonOptions & { name?: string }) => {
      const path =
        options.name === undefined
          ? '/v1/scheduler/jobs'
          : `/v1/scheduler/jobs/search?name=${encodeURIComponent(options.name)}`;
      const { body } = await chronos(options).request<JobJson[]>('GET', path);
      if (options.json) return out(jsonText(body));
      out(
        renderTable(
          ['NAME', 'SCHEDULE', 'NEXT RUN', 'SUCCESSES', 'ERRORS', 'LAST SUCCESS', 'LAST ERROR', 'DISABLED'],
          body.map((j) => [
            j.name,
            whenText(j),
            timeText(j.nextRun),
            String(j.successCount ?? 0),
            String(j.errorCount ?? 0),
            timeText(j.lastSuccess),
            timeText(j.lastError),
            j.disabled === true ? 'yes' : 'no',
          ]),
        ),
      );
    });

  job
    .command('show')
    .description("Show a job, Chronos's JSON.")
    .argument('<name>', 'job name')
    .addOption(chronosOption())
    .action(async (name: string, options: ChronosOptions) => {
      const { body } = await chronos(options).request('GET', jobPath(name));
      out(jsonText(body));
    });

  job
    .command('run')
    .description(
      'Start a run of a job now, with arguments appended to its command (Chronos ignores them for a shell job).',
    )
    .argument('<name>', 'job name')
    .argument('[arguments...]', 'arguments for this run (after --); none may hold whitespace')
    .addOption(chronosOption())
    .addOption(jsonOption())
    .action(async (name: string, args: string[], options: JsonOptions) => {
      // NOTE: Chronos takes one `arguments` string and splits it at spaces; an argument with whitespace would split.
      const spaced = args.find((arg) => /\s/.test(arg) || arg === '');
      if (spaced !== undefined)
        throw new Error(
          `Chronos splits a run's arguments at spaces, so each must be a non-empty word: ${JSON.stringify(spaced)}`,
        );
      const query = args.length > 0 ? `?arguments=${encodeURIComponent(args.join(' '))}` : '';
      const { body } = await chronos(options).request<RunJson | undefined>('PUT', `${jobPath(name)}${query}`);
      if (options.json) return out(jsonText(body ?? null));
      if (body?.scheduledAt === undefined) return out(`started ${name}\n`);
      out(`started ${name}: the run of ${body.scheduledAt}${body.state ? `, ${body.state}` : ''}\n`);
    });

  job
    .command('history')
    .description(
      "A job's runs, newest first: each attempt's outcome, lateness and agent; skipped times with their count.",
    )
    .argument('<name>', 'job name')
    .option('--limit <n>', 'at most this many runs (Chronos keeps up to 100 by default)')
    .addOption(chronosOption())
    .addOption(jsonOption())
    .action(async (name: string, options: JsonOptions & { limit?: string }) => {
      let query = '';
      if (options.limit !== undefined) {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new Error(`--limit is a whole number from 1, not ${options.limit}`);
        query = `?limit=${limit}`;
      }
      const { body } = await chronos(options).request<RunJson[]>('GET', `${jobPath(name)}/runs${query}`);
      if (options.json) return out(jsonText(body));
      out(
        renderTable(
          ['SCHEDULED AT', 'CAUSE', 'STATE', 'ATTEMPTS', 'LATENESS', 'EXIT CODE', 'AGENT', 'NOTE'],
          body.map((run) => {
            const attempts = run.attempts ?? [];
            const last = attempts.at(-1);
            const skipped = run.state === 'Skipped';
            return [
              timeText(run.scheduledAt),
              run.cause ?? '-',
              skipped && (run.skippedCount ?? 0) > 0 ? `Skipped ×${run.skippedCount}` : (run.state ?? '-'),
              String(attempts.length),
              durationText(run.latenessMs),
              last?.exitCode === null || last?.exitCode === undefined ? '-' : String(last.exitCode),
              last?.hostname || last?.agentId || '-',
              skipped
                ? (run.skipReason ?? '')
                : run.state === 'Failed' || run.state === 'Killed'
                  ? (last?.message ?? '')
                  : '',
            ];
          }),
        ),
      );
    });

  job
    .command('remove')
    .description('Remove a job and kill its runs; its children are rewired as Chronos does.')
    .argument('<name>', 'job name')
    .addOption(chronosOption())
    .addOption(jsonOption())
    .action(async (name: string, options: JsonOptions) => {
      const { body } = await chronos(options).request<{ changedChildren?: string[] } | undefined>(
        'DELETE',
        jobPath(name),
      );
      if (options.json) return out(jsonText(body ?? null));
      const changed = body?.changedChildren ?? [];
      out(`removed ${name}${changed.length > 0 ? `; changed its children: ${changed.join(', ')}` : ''}\n`);
    });

  job
    .command('graph')
    .description('The dependency graph: each job with its children below it, from the jobs without parents.')
    .option('--dot', "print Chronos's DOT text instead", false)
    .addOption(chronosOption())
    .action(async (options: ChronosOptions & { dot: boolean }) => {
      const client = chronos(options);
      if (options.dot) return out(await client.requestText('GET', '/v1/scheduler/graph/dot'));
      // NOTE: from the jobs' `parents` (JSON), not /graph/csv: a name may hold a line break, which CSV cannot carry.
      const { body } = await client.request<JobJson[]>('GET', '/v1/scheduler/jobs');
      out(graphTree(body));
    });
}
