/**
 * Job definitions as Chronos users write them (the JSON of
 * `POST /v1/scheduler/iso8601` and `POST /v1/scheduler/dependency`, plus
 * Metronome-style cron jobs), parsed into normalized `JobDefinition`s and
 * written back as `GET /v1/scheduler/jobs` shows them.
 *
 * `parseJob` checks the whole input and answers every problem at once (see
 * `job-problems.ts`); it never throws for user input. It checks one job
 * alone: that its parents exist and that the graph has no cycle is the job
 * graph's business, not this module's.
 *
 * Its rules, where Chronos's documentation leaves room:
 * - `null` is the same as an absent field (Chronos's reads treat it so).
 * - Booleans may be given as the strings "true" and "false", numbers as
 *   numeric strings ("0.5", "512"): real Chronos job JSON has them so
 *   (Chronos's reader converts text nodes).
 * - Fields Chronos knows but Tessera cannot honour (`container`, `async`
 *   jobs, custom `executor`s, `taskInfoData`, data-processing jobs) are
 *   refused with a message naming the field; their empty forms (`""`,
 *   `false`), which Chronos writes in every job it lists, are accepted.
 * - Unknown fields are refused (Chronos ignored them: a typo "worked").
 * - What Chronos adds to a job in its answers (READ_ONLY_FIELDS) is accepted
 *   and ignored, so a script may post a listed job back.
 */
import { CONSTRAINT_OPERATORS, formatConstraint, parseConstraint, type Constraint } from '@tessera/framework';
import { DateTime, Duration, IANAZone } from 'luxon';
import { z } from 'zod';
import {
  describeValue,
  jobMessages,
  JobProblemList,
  PROTO_KEY,
  protoKeyPaths,
  UNKNOWN_FIELD,
  type JobProblem,
  type PathSegment,
} from './job-problems.js';
import type {
  ConcurrencyPolicy,
  EnvironmentVariable,
  FetchUri,
  JobCounters,
  JobDefinition,
  JobName,
  ScheduleSpec,
} from './model.js';
import { parseCronSchedule, parseIso8601Schedule } from './schedule-parse.js';
import {
  MAX_JOB_ENVIRONMENT_VARIABLES,
  MAX_JOB_NAME_LENGTH,
  MAX_JOB_PARENTS,
  MAX_JOB_TEXT_BYTES,
  utf8Length,
} from './limits.js';

// ------------------------------------------------------------------ defaults

/**
 * The service's settings that fill in what a job leaves out (Chronos's
 * command-line flags `--mesos_task_cpu`, `--mesos_task_mem`,
 * `--mesos_task_disk`, `--task_epsilon` and `--user`).
 */
export interface JobDefaults {
  /** cpus of a job that gives none, or 0. */
  readonly cpus: number;
  /** mem (MiB) of a job that gives none, or 0. */
  readonly memMb: number;
  /** disk (MiB) of a job that gives none, or 0. */
  readonly diskMb: number;
  /** The epsilon of an ISO 8601 or dependent job that gives none (ms). Cron jobs: `JOB_FIELD_DEFAULTS.startingDeadlineSeconds`. */
  readonly epsilonMs: number;
  /** `runAsUser` of a job that gives none; undefined: the framework's user. */
  readonly user?: string;
}

/** Chronos's defaults of the service's settings (0.1 cpus, 128 MiB, 256 MiB disk, epsilon PT60S). */
export const JOB_DEFAULTS: JobDefaults = { cpus: 0.1, memMb: 128, diskMb: 256, epsilonMs: 60_000 };

/** The defaults of a job's own fields: Chronos's, and Metronome's for what only cron jobs have. */
export const JOB_FIELD_DEFAULTS = {
  shell: true,
  retries: 2,
  disabled: false,
  softError: false,
  highPriority: false,
  concurrent: false,
  owner: '',
  ownerName: '',
  description: '',
  /** A cron job's `timezone`. */
  cronTimeZone: 'UTC',
  /** A cron job's epsilon, in seconds. */
  startingDeadlineSeconds: 900,
  /** An element of `fetch` (Chronos's reader: all false). */
  fetch: { executable: false, extract: false, cache: false },
  /** An element of the deprecated `uris` (Chronos fetches them with Mesos's defaults: extracted). */
  uris: { executable: false, extract: true, cache: false },
} as const;

// ------------------------------------------------------------------ schemas

/**
 * Chronos's rule of a job's name: one or more of letters, digits, "_",
 * whitespace (Java's: space, \t, \n, \v, \f, \r), ".", "#" and "-".
 */
export const JOB_NAME_PATTERN = /^[\w \t\n\v\f\r.#-]+$/;
const NAME_RULE = { error: 'must be letters, digits, whitespace, "_", ".", "#" or "-" (at least one character)' };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A numeric string ("0.5", " 512 ") as the number; anything else as it is. */
const fromNumericString = (value: unknown): unknown =>
  typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value.trim()) : value;
/** "true" / "false" as booleans; anything else as it is. */
const fromBooleanString = (value: unknown): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** A message for a value of the wrong type only; the other issues (ranges) keep `jobMessages`'. */
const typeError = (message: string) => ({
  error: (issue: z.core.$ZodRawIssue) => (issue.code === 'invalid_type' ? message : undefined),
});
const flag = () =>
  z.preprocess(fromBooleanString, z.boolean(typeError('must be a boolean (true or false, or "true" or "false")')));
const amount = () =>
  z.preprocess(fromNumericString, z.number(typeError('must be a number or a numeric string ("0.5")')).min(0));
const count = (min: number) =>
  z.preprocess(fromNumericString, z.int(typeError('must be a whole number (or one in a string, "2")')).min(min));

/** One element of `fetch` (a Mesos fetcher URI). */
const fetchSchema = z.strictObject({
  uri: z.string().min(1),
  executable: flag().default(JOB_FIELD_DEFAULTS.fetch.executable),
  extract: flag().default(JOB_FIELD_DEFAULTS.fetch.extract),
  cache: flag().default(JOB_FIELD_DEFAULTS.fetch.cache),
});

/** The fields of a job, each with its schema (structure, ranges, defaults); rules between fields are in `parseJob`. */
const FIELD_SCHEMAS = {
  name: z.string().regex(JOB_NAME_PATTERN, NAME_RULE),
  command: z.string().min(1),
  shell: flag().default(JOB_FIELD_DEFAULTS.shell),
  arguments: z.array(z.string()).default(() => []),
  description: z.string().default(JOB_FIELD_DEFAULTS.description),
  owner: z.string().default(JOB_FIELD_DEFAULTS.owner),
  ownerName: z.string().default(JOB_FIELD_DEFAULTS.ownerName),
  schedule: z.string().optional(),
  scheduleTimeZone: z.string().optional(),
  cron: z.string().optional(),
  timezone: z.string().min(1).optional(),
  parents: z.array(z.string().regex(JOB_NAME_PATTERN, NAME_RULE)).min(1).optional(),
  epsilon: z.string().optional(),
  startingDeadlineSeconds: count(1).optional(),
  retries: count(0).default(JOB_FIELD_DEFAULTS.retries),
  disabled: flag().default(JOB_FIELD_DEFAULTS.disabled),
  softError: flag().default(JOB_FIELD_DEFAULTS.softError),
  highPriority: flag().default(JOB_FIELD_DEFAULTS.highPriority),
  concurrent: flag().optional(),
  concurrencyPolicy: z.enum(['ALLOW', 'FORBID', 'REPLACE']).optional(),
  cpus: amount().optional(),
  mem: amount().optional(),
  disk: amount().optional(),
  environmentVariables: z.array(z.strictObject({ name: z.string().min(1), value: z.string() })).default(() => []),
  uris: z.array(z.string().min(1)).default(() => []),
  fetch: z.array(fetchSchema).default(() => []),
  runAsUser: z.string().optional(),
  constraints: z.array(z.unknown()).default(() => []),
} as const;
type FieldName = keyof typeof FIELD_SCHEMAS;

/** The refusal of a field's value, or undefined when the value asks for nothing Tessera does not do. */
type Refusal = (value: unknown) => string | undefined;

const isFalse = (value: unknown): boolean => value === false || value === 'false';

/**
 * Fields Chronos has that Tessera cannot honour, each with its refusal. Their
 * empty forms (undefined refusal: `""`, `false`) are what Chronos writes in
 * every job it lists, and are accepted (and ignored).
 */
const REFUSED_FIELDS = {
  container: () =>
    'Docker containers are not supported by Tessera; run the command on the agent directly (leave out container)',
  async: (value) =>
    isFalse(value)
      ? undefined
      : "asynchronous jobs (which report their end through Chronos's PUT /v1/scheduler/task/{taskId}) are not supported by Tessera: a run ends when its task ends (async must be false)",
  executor: (value) =>
    value === ''
      ? undefined
      : 'custom executors are not supported by Tessera; jobs run with the command executor (executor must be "")',
  executorFlags: (value) =>
    value === '' ? undefined : 'flags of a custom executor are not supported by Tessera (executorFlags must be "")',
  taskInfoData: (value) =>
    value === ''
      ? undefined
      : 'data for a custom executor (TaskInfo\'s data) is not supported by Tessera (taskInfoData must be "")',
  dataJob: (value) =>
    isFalse(value)
      ? undefined
      : 'data-processing jobs (progress reported as elements processed) are not supported by Tessera (dataJob must be false)',
  // NOTE: Chronos's documentation calls it dataJob; its reader and its listings use dataProcessingJobType.
  dataProcessingJobType: (value) =>
    isFalse(value)
      ? undefined
      : 'data-processing jobs (progress reported as elements processed) are not supported by Tessera (dataProcessingJobType must be false)',
} satisfies Readonly<Record<string, Refusal>>;

/**
 * What Chronos adds to a job in `GET /v1/scheduler/jobs` (counters and the
 * times of the last runs): accepted on input, whatever their value, and
 * ignored, so a listed job can be posted back unchanged. (The empty forms of
 * the refused fields, `executor: ""`, `async: false`, ..., are accepted too:
 * see REFUSED_FIELDS.)
 */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'successCount',
  'errorCount',
  'lastSuccess',
  'lastError',
  'errorsSinceLastSuccess',
]);

/** Messages of unknown keys inside a field, where Tessera knows why it refuses them. */
function unknownNestedKey(path: readonly PathSegment[]): string {
  if (path[0] === 'fetch' && path[2] === 'outputFile')
    return 'renaming a fetched file is not supported by Tessera (the file keeps the name of its URI)';
  return UNKNOWN_FIELD;
}

// ------------------------------------------------------------------ parsing

export interface ParseJobOptions {
  /** The service's settings that fill in what the job leaves out (`JOB_DEFAULTS` unless configured). */
  readonly defaults: JobDefaults;
  /**
   * When the job is created (the injected clock's reading, ms). Given: an
   * empty start of an ISO 8601 schedule (`R5//PT10S`, "start now") becomes
   * this time, written into the expression. Absent: the start stays
   * undefined (for the schedule calculator to decide).
   */
  readonly createdAtMs?: number;
}

export type ParseJobResult =
  { readonly ok: true; readonly job: JobDefinition } | { readonly ok: false; readonly problems: readonly JobProblem[] };

const INVALID = Symbol('invalid');
type Checked<T> = T | typeof INVALID;

/**
 * Parses a job's JSON into a normalized definition, every default applied.
 * Every problem of the input is answered (each naming its field and value);
 * nothing is thrown. Pure; idempotent through `jobToJson`:
 * parseJob(jobToJson(job)) gives `job` back when the schedule is not re-based
 * (no `nextRunAtMs`) and the same defaults are given.
 *
 * Does NOT check that the parents exist nor that the job graph stays acyclic
 * (the job graph does, when the job is added).
 *
 * - When: exactly one of `schedule` (ISO 8601, with `scheduleTimeZone`),
 *   `cron` (with `timezone`, default UTC) and `parents` (non-empty, no
 *   duplicates, not the job itself).
 * - Epsilon: `epsilon` (an ISO 8601 duration; calendar units counted as
 *   luxon does, P1D = 24 h, P1M = 30 days) or `startingDeadlineSeconds`;
 *   neither: `defaults.epsilonMs`, or 900 s for a cron job.
 *   CHOICE: both may be given (a cron job's listing shows both) but must say
 *   the same; if they disagree, neither wins: the job is refused. A cron
 *   job's epsilon must be whole seconds, at least 1 (it is its
 *   startingDeadlineSeconds).
 * - Concurrency: `concurrencyPolicy` when given; else `concurrent` (true:
 *   ALLOW, false: FORBID) when given; else ALLOW for a cron job and FORBID
 *   for the others. CHOICE: both given and contradicting (`concurrent: true`
 *   with FORBID or REPLACE, `false` with ALLOW) is refused, not resolved.
 * - Resources: `cpus`, `mem`, `disk` >= 0; 0 or absent: the defaults.
 * - `fetch` and the deprecated `uris` both become `fetch` (fetch's first,
 *   then each URI of uris not already in fetch).
 * - `constraints`: Chronos's EQUALS is CLUSTER with a value (the field's
 *   value must be exactly it); LIKE, UNLIKE and the framework's other
 *   operators (UNIQUE, CLUSTER, GROUP_BY, MAX_PER, IS) by its rules.
 * - `runAsUser` "" is the same as absent (`defaults.user`).
 */
export function parseJob(json: unknown, options: ParseJobOptions): ParseJobResult {
  if (!isRecord(json))
    return {
      ok: false,
      problems: [{ field: '', message: `a job must be a JSON object, got ${describeValue(json)}` }],
    };
  const problems = new JobProblemList();
  for (const path of protoKeyPaths(json)) problems.add(path, PROTO_KEY);

  for (const [key, value] of Object.entries(json)) {
    if (value === null || key === '__proto__' || READ_ONLY_FIELDS.has(key) || Object.hasOwn(FIELD_SCHEMAS, key))
      continue;
    const refuse = Object.hasOwn(REFUSED_FIELDS, key)
      ? (REFUSED_FIELDS as Readonly<Record<string, Refusal>>)[key]
      : undefined;
    const refusal = refuse === undefined ? UNKNOWN_FIELD : refuse(value);
    if (refusal !== undefined) problems.add([key], refusal);
  }

  const raw = (key: FieldName): unknown => (json[key] === null ? undefined : json[key]);
  const field = <K extends FieldName>(key: K): Checked<z.output<(typeof FIELD_SCHEMAS)[K]>> => {
    const value = raw(key);
    const result = FIELD_SCHEMAS[key].safeParse(value, { error: jobMessages });
    if (result.success) return result.data as z.output<(typeof FIELD_SCHEMAS)[K]>;
    problems.addZodIssues([key], value, result.error.issues, unknownNestedKey);
    return INVALID;
  };

  const name = field('name');
  const when = checkWhen(field, raw, name, options.createdAtMs, problems);
  const epsilonMs = checkEpsilon(field('epsilon'), field('startingDeadlineSeconds'), when, options.defaults, problems);
  const concurrencyPolicy = checkConcurrency(field('concurrencyPolicy'), field('concurrent'), when, problems);
  const environmentVariables = checkEnvironment(field('environmentVariables'), problems);
  const fetch = checkFetch(field('fetch'), field('uris'));
  const constraints = checkConstraints(field('constraints'), problems);
  const cpus = orDefault(field('cpus'), options.defaults.cpus);
  const memMb = orDefault(field('mem'), options.defaults.memMb);
  const diskMb = orDefault(field('disk'), options.defaults.diskMb);
  const runAsUser = field('runAsUser');
  const command = field('command');
  const shell = field('shell');
  const args = field('arguments');
  const description = field('description');
  const owner = field('owner');
  const ownerName = field('ownerName');
  const retries = field('retries');
  const disabled = field('disabled');
  const softError = field('softError');
  const highPriority = field('highPriority');
  checkLimits({ name, command, args, environmentVariables, parents: raw('parents') }, problems);

  if (
    !problems.isEmpty ||
    name === INVALID ||
    when === INVALID ||
    epsilonMs === INVALID ||
    concurrencyPolicy === INVALID ||
    environmentVariables === INVALID ||
    fetch === INVALID ||
    constraints === INVALID ||
    cpus === INVALID ||
    memMb === INVALID ||
    diskMb === INVALID ||
    runAsUser === INVALID ||
    command === INVALID ||
    shell === INVALID ||
    args === INVALID ||
    description === INVALID ||
    owner === INVALID ||
    ownerName === INVALID ||
    retries === INVALID ||
    disabled === INVALID ||
    softError === INVALID ||
    highPriority === INVALID
  )
    return { ok: false, problems: problems.toList() };

  return {
    ok: true,
    job: {
      name,
      description,
      owner,
      ownerName,
      command,
      shell,
      arguments: args,
      schedule: when.schedule,
      parents: when.parents,
      epsilonMs,
      retries,
      disabled,
      concurrencyPolicy,
      softError,
      highPriority,
      cpus,
      memMb,
      diskMb,
      environmentVariables,
      fetch,
      runAsUser: runAsUser === undefined || runAsUser === '' ? options.defaults.user : runAsUser,
      constraints,
    },
  };
}

/** When a job runs: its schedule, or its parents. */
interface When {
  readonly schedule: ScheduleSpec | undefined;
  readonly parents: readonly JobName[];
}

type FieldReader = <K extends FieldName>(key: K) => Checked<z.output<(typeof FIELD_SCHEMAS)[K]>>;

const WHEN_FIELDS = ['schedule', 'cron', 'parents'] as const;

/**
 * The bounds of `limits.ts` on what parsed: each value over one is a problem
 * naming the bound. The text bound counts `command`, `arguments` and the
 * environment (names and values) in UTF-8 bytes, as the master counts a task's.
 */
function checkLimits(
  parsed: {
    readonly name: Checked<string>;
    readonly command: Checked<string>;
    readonly args: Checked<readonly string[]>;
    readonly environmentVariables: Checked<readonly { readonly name: string; readonly value: string }[]>;
    readonly parents: unknown;
  },
  problems: JobProblemList,
): void {
  const { name, command, args, environmentVariables, parents } = parsed;
  if (name !== INVALID && name.length > MAX_JOB_NAME_LENGTH)
    problems.add(['name'], `must be at most ${MAX_JOB_NAME_LENGTH} characters long (it has ${name.length})`);
  if (Array.isArray(parents) && parents.length > MAX_JOB_PARENTS)
    problems.add(['parents'], `must name at most ${MAX_JOB_PARENTS} parents (it names ${parents.length})`);
  const variables = environmentVariables === INVALID ? [] : environmentVariables;
  if (variables.length > MAX_JOB_ENVIRONMENT_VARIABLES)
    problems.add(
      ['environmentVariables'],
      `must have at most ${MAX_JOB_ENVIRONMENT_VARIABLES} variables (it has ${variables.length})`,
    );
  const textBytes =
    (command === INVALID ? 0 : utf8Length(command)) +
    (args === INVALID ? 0 : args.reduce((sum, arg) => sum + utf8Length(arg), 0)) +
    variables.reduce((sum, variable) => sum + utf8Length(variable.name) + utf8Length(variable.value), 0);
  if (textBytes > MAX_JOB_TEXT_BYTES)
    problems.add(
      [],
      `command, arguments and environmentVariables together must be at most ${MAX_JOB_TEXT_BYTES} bytes (they have ${textBytes})`,
    );
}

function checkWhen(
  field: FieldReader,
  raw: (key: FieldName) => unknown,
  name: Checked<string>,
  createdAtMs: number | undefined,
  problems: JobProblemList,
): Checked<When> {
  const given = WHEN_FIELDS.filter((key) => raw(key) !== undefined);
  const schedule = checkIsoSchedule(field('schedule'), field('scheduleTimeZone'), createdAtMs, problems);
  const cron = checkCronSchedule(field('cron'), field('timezone'), problems);
  const parents = checkParents(field('parents'), name, problems);
  if (given.length === 0) {
    problems.add(
      [],
      'a job needs one of schedule (an ISO 8601 repeating interval), cron (a cron expression) or parents (the jobs it depends on); none is given',
    );
    return INVALID;
  }
  if (given.length > 1) {
    problems.add([], `a job has exactly one of schedule, cron and parents; this one has ${given.join(' and ')}`);
    return INVALID;
  }
  const zone = raw('scheduleTimeZone');
  if (given[0] !== 'schedule' && zone !== undefined && zone !== '')
    problems.addValue(['scheduleTimeZone'], zone, 'applies to an ISO 8601 schedule only, and this job has none');
  const cronZone = raw('timezone');
  if (given[0] !== 'cron' && cronZone !== undefined)
    problems.addValue(['timezone'], cronZone, 'applies to a cron schedule only, and this job has none');
  switch (given[0]) {
    case 'schedule':
      return schedule === INVALID || schedule === undefined ? INVALID : { schedule, parents: [] };
    case 'cron':
      return cron === INVALID || cron === undefined ? INVALID : { schedule: cron, parents: [] };
    case 'parents':
      return parents === INVALID || parents === undefined ? INVALID : { schedule: undefined, parents };
  }
  return INVALID;
}

function checkIsoSchedule(
  expression: Checked<string | undefined>,
  zoneName: Checked<string | undefined>,
  createdAtMs: number | undefined,
  problems: JobProblemList,
): Checked<ScheduleSpec | undefined> {
  let zone = zoneName === INVALID || zoneName === '' ? undefined : zoneName;
  if (zone !== undefined && !IANAZone.isValidZone(zone)) {
    problems.addValue(['scheduleTimeZone'], zone, 'is not a time zone of the tz database (e.g. "America/Los_Angeles")');
    zone = undefined;
  }
  if (expression === INVALID || expression === undefined) return expression;
  const parsed = parseIso8601Schedule(expression, zone);
  if (!parsed.ok) {
    problems.add(['schedule'], parsed.message);
    return INVALID;
  }
  const spec = parsed.spec;
  if (spec.kind !== 'iso8601' || spec.startMs !== undefined || createdAtMs === undefined) return spec;
  return {
    ...spec,
    startMs: createdAtMs,
    expression: isoExpression(spec.recurrences, createdAtMs, spec.period, spec.timeZone),
  };
}

function checkCronSchedule(
  expression: Checked<string | undefined>,
  zoneName: Checked<string | undefined>,
  problems: JobProblemList,
): Checked<ScheduleSpec | undefined> {
  let zone = zoneName === INVALID || zoneName === undefined ? JOB_FIELD_DEFAULTS.cronTimeZone : zoneName;
  if (!IANAZone.isValidZone(zone)) {
    problems.addValue(['timezone'], zone, 'is not a time zone of the tz database (e.g. "Europe/Berlin")');
    zone = JOB_FIELD_DEFAULTS.cronTimeZone;
  }
  if (expression === INVALID || expression === undefined) return expression;
  const parsed = parseCronSchedule(expression, zone);
  if (!parsed.ok) {
    problems.add(['cron'], parsed.message);
    return INVALID;
  }
  return parsed.spec;
}

function checkParents(
  parents: Checked<string[] | undefined>,
  name: Checked<string>,
  problems: JobProblemList,
): Checked<readonly JobName[] | undefined> {
  if (parents === INVALID || parents === undefined) return parents;
  let valid = true;
  parents.forEach((parent, index) => {
    const first = parents.indexOf(parent);
    if (first !== index) {
      problems.addValue(['parents', index], parent, `is given twice (also parents[${first}])`);
      valid = false;
    } else if (parent === name) {
      problems.addValue(['parents', index], parent, 'is the job itself: a job cannot depend on itself');
      valid = false;
    }
  });
  return valid ? parents : INVALID;
}

function checkEpsilon(
  epsilon: Checked<string | undefined>,
  deadlineSeconds: Checked<number | undefined>,
  when: Checked<When>,
  defaults: JobDefaults,
  problems: JobProblemList,
): Checked<number> {
  if (epsilon === INVALID || deadlineSeconds === INVALID) return INVALID;
  const isCron = when !== INVALID && when.schedule?.kind === 'cron';
  let epsilonMs: number | undefined;
  if (epsilon !== undefined) {
    epsilonMs = durationMs(epsilon);
    if (epsilonMs === undefined) {
      problems.addValue(
        ['epsilon'],
        epsilon,
        'is not an ISO 8601 duration of zero or more (e.g. "PT60S", "PT15M", "P1D")',
      );
      return INVALID;
    }
    if (isCron && (epsilonMs < 1000 || epsilonMs % 1000 !== 0)) {
      problems.addValue(
        ['epsilon'],
        epsilon,
        'a cron job\'s epsilon is its startingDeadlineSeconds: whole seconds, at least 1 (e.g. "PT15M")',
      );
      return INVALID;
    }
  }
  if (deadlineSeconds !== undefined) {
    if (epsilonMs !== undefined && epsilonMs !== deadlineSeconds * 1000) {
      problems.add(
        [],
        `epsilon ${JSON.stringify(epsilon)} and startingDeadlineSeconds ${deadlineSeconds} disagree; they are the same setting, give one`,
      );
      return INVALID;
    }
    return deadlineSeconds * 1000;
  }
  return epsilonMs ?? (isCron ? JOB_FIELD_DEFAULTS.startingDeadlineSeconds * 1000 : defaults.epsilonMs);
}

/** An ISO 8601 duration of zero or more, in ms; undefined if it is none (or negative in any unit). */
function durationMs(text: string): number | undefined {
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return undefined;
  const values = Object.values(duration.toObject()) as number[];
  if (values.length === 0 || values.some((value) => value < 0)) return undefined;
  return duration.toMillis();
}

function checkConcurrency(
  policy: Checked<ConcurrencyPolicy | undefined>,
  concurrent: Checked<boolean | undefined>,
  when: Checked<When>,
  problems: JobProblemList,
): Checked<ConcurrencyPolicy> {
  if (policy === INVALID || concurrent === INVALID) return INVALID;
  if (policy !== undefined) {
    if (concurrent !== undefined && concurrent !== (policy === 'ALLOW')) {
      problems.add(
        [],
        `concurrent ${concurrent} contradicts concurrencyPolicy ${policy} (concurrent true is ALLOW, false is FORBID or REPLACE); give one`,
      );
      return INVALID;
    }
    return policy;
  }
  if (concurrent !== undefined) return concurrent ? 'ALLOW' : 'FORBID';
  return when !== INVALID && when.schedule?.kind === 'cron' ? 'ALLOW' : 'FORBID';
}

function checkEnvironment(
  variables: Checked<EnvironmentVariable[]>,
  problems: JobProblemList,
): Checked<readonly EnvironmentVariable[]> {
  if (variables === INVALID) return INVALID;
  let valid = true;
  const seen = new Map<string, number>();
  variables.forEach(({ name }, index) => {
    const first = seen.get(name);
    if (name.includes('=') || name.includes('\0')) {
      problems.addValue(['environmentVariables', index, 'name'], name, 'must not contain "=" or NUL');
      valid = false;
    } else if (first !== undefined) {
      problems.addValue(
        ['environmentVariables', index, 'name'],
        name,
        `is given twice (also environmentVariables[${first}])`,
      );
      valid = false;
    } else seen.set(name, index);
  });
  return valid ? variables.map(({ name, value }) => ({ name, value })) : INVALID;
}

function checkFetch(fetch: Checked<FetchUri[]>, uris: Checked<string[]>): Checked<readonly FetchUri[]> {
  if (fetch === INVALID || uris === INVALID) return INVALID;
  const out = fetch.map(({ uri, executable, extract, cache }) => ({ uri, executable, extract, cache }));
  for (const uri of uris) if (!out.some((item) => item.uri === uri)) out.push({ uri, ...JOB_FIELD_DEFAULTS.uris });
  return out;
}

/** Chronos's operator that is the framework's CLUSTER with a value. */
const EQUALS = 'EQUALS';

function checkConstraints(raw: Checked<unknown[]>, problems: JobProblemList): Checked<readonly Constraint[]> {
  if (raw === INVALID) return INVALID;
  let valid = true;
  const out: Constraint[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, index) => {
    const at = ['constraints', index];
    const fail = (error: string): void => {
      problems.addValue(at, item, error);
      valid = false;
    };
    const operator: unknown = Array.isArray(item) ? item[1] : undefined;
    if (typeof operator === 'string' && operator !== EQUALS && !isFrameworkOperator(operator))
      return fail(
        `unknown operator ${JSON.stringify(operator)}: must be Chronos's EQUALS, LIKE or UNLIKE, or one of ${CONSTRAINT_OPERATORS.join(', ')} (case matters)`,
      );
    let constraint: unknown = item;
    if (operator === EQUALS) {
      const [fieldName, , value] = item as unknown[];
      if ((item as unknown[]).length !== 3 || typeof value !== 'string' || value === '')
        return fail('EQUALS needs a value: the exact field value, e.g. ["rack", "EQUALS", "rack-1"]');
      constraint = [fieldName, 'CLUSTER', value];
    }
    const parsed = parseConstraint(constraint);
    if (!parsed.ok) {
      for (const problem of parsed.problems) fail(problem);
      return;
    }
    const key = formatConstraint(parsed.constraint);
    const first = seen.get(key);
    if (first !== undefined) return fail(`is given twice (also constraints[${first}])`);
    seen.set(key, index);
    out.push(parsed.constraint);
  });
  return valid ? out : INVALID;
}

function isFrameworkOperator(operator: string): boolean {
  return (CONSTRAINT_OPERATORS as readonly string[]).includes(operator);
}

// ------------------------------------------------------------------ writing

/** What `jobToJson` shows besides the definition. */
export interface JobView {
  readonly counters: JobCounters;
  /**
   * The next run of an ISO 8601 job (ms), if known: its `schedule` is then
   * shown re-based on it, as Chronos shows a job after runs. Ignored for
   * cron and dependent jobs.
   */
  readonly nextRunAtMs?: number;
  /**
   * With `nextRunAtMs`: the runs left, the next one included; undefined: the
   * schedule's own count (`R` alone, forever, stays so).
   */
  readonly remainingRecurrences?: number;
}

/** A constraint as Chronos writes it. */
export type ConstraintJson = [string, string] | [string, string, string];

/** A job as `GET /v1/scheduler/jobs` shows it (Chronos's field names and types; cron fields as Metronome's). */
export type ChronosJobJson = {
  name: string;
  command: string;
  shell: boolean;
  arguments: string[];
  epsilon: string;
  executor: '';
  executorFlags: '';
  taskInfoData: '';
  retries: number;
  owner: string;
  ownerName: string;
  description: string;
  async: false;
  successCount: number;
  errorCount: number;
  lastSuccess: string;
  lastError: string;
  cpus: number;
  disk: number;
  mem: number;
  disabled: boolean;
  softError: boolean;
  dataJob: false;
  dataProcessingJobType: false;
  fetch: { uri: string; executable: boolean; extract: boolean; cache: boolean }[];
  uris: string[];
  environmentVariables: { name: string; value: string }[];
  highPriority: boolean;
  runAsUser: string;
  concurrent: boolean;
  concurrencyPolicy: ConcurrencyPolicy;
  constraints: ConstraintJson[];
  /** ISO 8601 jobs. */
  schedule?: string;
  scheduleTimeZone?: string;
  /** Dependent jobs. */
  parents?: string[];
  /** Cron jobs. */
  cron?: string;
  timezone?: string;
  startingDeadlineSeconds?: number;
};

/**
 * The job in Chronos's JSON shape, as `GET /v1/scheduler/jobs` lists it.
 * Pure. `parseJob` accepts the result back and, without `nextRunAtMs`, gives
 * the same job.
 *
 * - Always: the empty forms of what Tessera refuses (`executor: ""`,
 *   `async: false`, `dataJob` and Chronos's real name of it,
 *   `dataProcessingJobType`, false), `uris: []` (every URI is in `fetch`),
 *   `concurrent` (true for ALLOW) and `concurrencyPolicy`.
 * - `epsilon`: the epsilon in hours, minutes and seconds ("PT1M", "PT1H30M").
 * - `runAsUser`: "" when the job has none (the framework's user).
 * - `lastSuccess` / `lastError`: ISO 8601 in UTC, or "" when never.
 * - Constraints: CLUSTER with a value is written as Chronos's EQUALS.
 * - An ISO 8601 job: `schedule` and `scheduleTimeZone` ("" when none). With
 *   `view.nextRunAtMs`, the schedule is `R{remaining}/{next run}/{period}`,
 *   CHOICE: the next run written in UTC ("Z") when the job has no zone, and
 *   with the zone's offset when it has one (a zone keeps the start's
 *   wall-clock time and ignores its offset, so a UTC time would be misread).
 * - A cron job: `cron`, `timezone`, `startingDeadlineSeconds` (its epsilon).
 * - A dependent job: `parents`.
 */
export function jobToJson(job: JobDefinition, view: JobView): ChronosJobJson {
  const { counters } = view;
  const json: ChronosJobJson = {
    name: job.name,
    command: job.command,
    shell: job.shell,
    arguments: [...job.arguments],
    epsilon: formatDuration(job.epsilonMs),
    executor: '',
    executorFlags: '',
    taskInfoData: '',
    retries: job.retries,
    owner: job.owner,
    ownerName: job.ownerName,
    description: job.description,
    async: false,
    successCount: counters.successCount,
    errorCount: counters.errorCount,
    lastSuccess: counters.lastSuccessAtMs === undefined ? '' : new Date(counters.lastSuccessAtMs).toISOString(),
    lastError: counters.lastErrorAtMs === undefined ? '' : new Date(counters.lastErrorAtMs).toISOString(),
    cpus: job.cpus,
    disk: job.diskMb,
    mem: job.memMb,
    disabled: job.disabled,
    softError: job.softError,
    dataJob: false,
    dataProcessingJobType: false,
    fetch: job.fetch.map(({ uri, executable, extract, cache }) => ({ uri, executable, extract, cache })),
    uris: [],
    environmentVariables: job.environmentVariables.map(({ name, value }) => ({ name, value })),
    highPriority: job.highPriority,
    runAsUser: job.runAsUser ?? '',
    concurrent: job.concurrencyPolicy === 'ALLOW',
    concurrencyPolicy: job.concurrencyPolicy,
    constraints: job.constraints.map(constraintToJson),
  };
  const schedule = job.schedule;
  if (schedule === undefined) json.parents = [...job.parents];
  else if (schedule.kind === 'cron') {
    json.cron = schedule.expression;
    json.timezone = schedule.timeZone;
    json.startingDeadlineSeconds = job.epsilonMs / 1000;
  } else {
    json.schedule =
      view.nextRunAtMs === undefined
        ? schedule.expression
        : isoExpression(
            schedule.recurrences === undefined ? undefined : (view.remainingRecurrences ?? schedule.recurrences),
            view.nextRunAtMs,
            schedule.period,
            schedule.timeZone,
          );
    json.scheduleTimeZone = schedule.timeZone ?? '';
  }
  return json;
}

function constraintToJson({ field, operator, value }: Constraint): ConstraintJson {
  if (value === undefined) return [field, operator];
  return [field, operator === 'CLUSTER' ? EQUALS : operator, value];
}

/** `R[n]/{start}/{period}`, the start in `timeZone` (with its offset) or UTC. */
function isoExpression(
  recurrences: number | undefined,
  startMs: number,
  period: string,
  timeZone: string | undefined,
): string {
  const start = DateTime.fromMillis(startMs, { zone: timeZone ?? 'utc' }).toISO();
  return `R${recurrences ?? ''}/${start ?? new Date(startMs).toISOString()}/${period}`;
}

/** ms as an ISO 8601 duration in hours, minutes and seconds: 60000 → "PT1M", 5400500 → "PT1H30M0.5S". */
function formatDuration(ms: number): string {
  return Duration.fromMillis(ms).shiftTo('hours', 'minutes', 'seconds', 'milliseconds').toISO() ?? `PT${ms / 1000}S`;
}

// ------------------------------------------------------------------ helpers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function orDefault(value: Checked<number | undefined>, fallback: number): Checked<number> {
  if (value === INVALID) return INVALID;
  return value === undefined || value === 0 ? fallback : value;
}
