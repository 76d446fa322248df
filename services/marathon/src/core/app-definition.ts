/**
 * App definitions as Marathon users write them (the JSON of `POST /v2/apps`,
 * Marathon 1.x), parsed into normalized `AppDefinition`s and written back.
 *
 * `parseApp` checks the whole input and answers every problem at once, in
 * Marathon's shape (see `problems.ts`); it never throws for user input. Its
 * rules, where Marathon's documentation leaves room:
 * - `null` is the same as an absent field (Marathon's reads treat it so, and
 *   its `GET` output carries `"cmd": null`, `"container": null`, ...).
 * - Fields Marathon knows but Tessera cannot honour (`container`, `networks`
 *   other than host, `ipAddress`, `secrets`, `residency`, custom `executor`s,
 *   `storeUrls`, `tty`, `resourceLimits`, `check`, secret `env` values, fetch
 *   URIs or archives the agent cannot fetch or unpack) are refused with a
 *   message naming the field. Their empty forms (`"container": null`,
 *   `"networks": [{"mode": "host"}]`, `"executor": ""`, `"secrets": {}`) say
 *   nothing Tessera does not do and are accepted, so Marathon's own output
 *   parses.
 * - Unknown fields are refused (Marathon 1.x ignored them silently, a known
 *   source of typos that "worked"; see its issues #2164 and #5127).
 * - Read-only fields of Marathon's answers (`version`, `versionInfo`,
 *   `tasksRunning`, `deployments`, ...) are accepted and ignored: the version
 *   comes from the injected clock.
 */
import { isValidRole } from '@tessera/domain';
import { z } from 'zod';
import type {
  AppDefinition,
  Constraint,
  ConstraintOperator,
  FetchUri,
  HealthCheckDefinition,
  PathId,
  PortDefinition,
  ReadinessCheckDefinition,
  UnreachableStrategy,
  Version,
} from './model.js';
import {
  MAX_APP_ENVIRONMENT_VARIABLES,
  MAX_APP_ID_LENGTH,
  MAX_APP_INSTANCES,
  MAX_APP_LABELS,
  MAX_APP_TEXT_BYTES,
  utf8Length,
} from './limits.js';
import { parentOf, resolvePathId, ROOT_ID } from './paths.js';
import {
  marathonMessages,
  pathOf,
  ProblemList,
  PROTO_KEY,
  protoKeyPaths,
  UNKNOWN_FIELD,
  type ValidationProblem,
} from './problems.js';
import { nextVersions } from './versions.js';

// ------------------------------------------------------------------ defaults

/** Marathon 1.x's defaults of an app's fields. */
export const APP_DEFAULTS = {
  instances: 1,
  cpus: 1,
  mem: 128,
  disk: 0,
  gpus: 0,
  requirePorts: false,
  backoffSeconds: 1,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300,
  killSelection: 'YOUNGEST_FIRST',
  upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
  unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
  /** An app that declares no ports gets one, so `$PORT0` always exists. */
  portDefinition: { port: 0, protocol: 'tcp', name: 'default', labels: {} },
} as const;

/** Marathon's defaults of a health check. */
export const HEALTH_CHECK_DEFAULTS = {
  protocol: 'HTTP',
  path: '/',
  portIndex: 0,
  gracePeriodSeconds: 300,
  intervalSeconds: 60,
  timeoutSeconds: 20,
  maxConsecutiveFailures: 3,
  delaySeconds: 15,
  ignoreHttp1xx: false,
} as const;

/** Marathon's defaults of a readiness check. */
export const READINESS_CHECK_DEFAULTS = {
  name: 'readinessCheck',
  protocol: 'HTTP',
  path: '/',
  portName: 'http-api',
  intervalSeconds: 30,
  timeoutSeconds: 10,
  httpStatusCodesForReady: [200],
  preserveLastResponse: false,
} as const;

// ------------------------------------------------------------------ schemas

const PORT_NAME = /^[a-z][a-z0-9-]*$/;
const PORT_NAME_RULE = { error: 'must be lowercase letters, digits and "-", starting with a letter' };
const stringMap = () => z.record(z.string(), z.string());

/** One element of `portDefinitions`. */
export const portDefinitionSchema = z.strictObject({
  port: z.int().min(0).max(65535).default(0),
  protocol: z
    .enum(['tcp', 'udp', 'udp,tcp', 'tcp,udp'])
    // NOTE: "tcp,udp" and "udp,tcp" are the same; the model spells it "udp,tcp".
    .transform((protocol): PortDefinition['protocol'] => (protocol === 'tcp,udp' ? 'udp,tcp' : protocol))
    .default('tcp'),
  name: z.string().regex(PORT_NAME, PORT_NAME_RULE).optional(),
  labels: stringMap().default(() => ({})),
});

/** One element of `fetch` (Mesos fetcher URI; Marathon's defaults: extract, not executable, not cached). */
export const fetchUriSchema = z.strictObject({
  uri: z.string().min(1).max(1024),
  executable: z.boolean().default(false),
  extract: z.boolean().default(true),
  cache: z.boolean().default(false),
  destPath: z.string().min(1).max(1024).optional(),
});

const HEALTH_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP'] as const;
const HTTP_HEALTH_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTPS', 'MESOS_HTTP', 'MESOS_HTTPS']);

/** One element of `healthChecks`, before the rules between its fields and the app's ports. */
export const healthCheckSchema = z.strictObject({
  protocol: z.enum(HEALTH_PROTOCOLS).default(HEALTH_CHECK_DEFAULTS.protocol),
  path: z.string().min(1).optional(),
  portIndex: z.int().min(0).optional(),
  port: z.int().min(1).max(65535).optional(),
  command: z.strictObject({ value: z.string().min(1) }).optional(),
  gracePeriodSeconds: z.int().min(0).default(HEALTH_CHECK_DEFAULTS.gracePeriodSeconds),
  intervalSeconds: z.int().min(1).default(HEALTH_CHECK_DEFAULTS.intervalSeconds),
  timeoutSeconds: z.int().min(1).default(HEALTH_CHECK_DEFAULTS.timeoutSeconds),
  maxConsecutiveFailures: z.int().min(0).default(HEALTH_CHECK_DEFAULTS.maxConsecutiveFailures),
  delaySeconds: z.int().min(0).default(HEALTH_CHECK_DEFAULTS.delaySeconds),
  ignoreHttp1xx: z.boolean().default(HEALTH_CHECK_DEFAULTS.ignoreHttp1xx),
  ipProtocol: z.enum(['IPv4', 'IPv6']).optional(),
});

/** One element of `readinessChecks`. */
export const readinessCheckSchema = z.strictObject({
  name: z.string().min(1).default(READINESS_CHECK_DEFAULTS.name),
  protocol: z.enum(['HTTP', 'HTTPS']).default(READINESS_CHECK_DEFAULTS.protocol),
  path: z.string().min(1).default(READINESS_CHECK_DEFAULTS.path),
  portName: z.string().regex(PORT_NAME, PORT_NAME_RULE).default(READINESS_CHECK_DEFAULTS.portName),
  intervalSeconds: z.int().min(1).default(READINESS_CHECK_DEFAULTS.intervalSeconds),
  timeoutSeconds: z.int().min(1).default(READINESS_CHECK_DEFAULTS.timeoutSeconds),
  httpStatusCodesForReady: z
    .array(z.int().min(100).max(999))
    .min(1)
    .default(() => [...READINESS_CHECK_DEFAULTS.httpStatusCodesForReady]),
  preserveLastResponse: z.boolean().default(READINESS_CHECK_DEFAULTS.preserveLastResponse),
});

const upgradeStrategySchema = z
  .strictObject({
    minimumHealthCapacity: z.number().min(0).max(1).default(APP_DEFAULTS.upgradeStrategy.minimumHealthCapacity),
    maximumOverCapacity: z.number().min(0).max(1).default(APP_DEFAULTS.upgradeStrategy.maximumOverCapacity),
  })
  .default(() => ({ ...APP_DEFAULTS.upgradeStrategy }));

const unreachableEnabledSchema = z.strictObject({
  inactiveAfterSeconds: z.int().min(0).default(APP_DEFAULTS.unreachableStrategy.inactiveAfterSeconds),
  expungeAfterSeconds: z.int().min(0).default(APP_DEFAULTS.unreachableStrategy.expungeAfterSeconds),
});

/** The fields of an app, each with its schema (structure, ranges and defaults; rules between fields are in `parseApp`). */
const FIELD_SCHEMAS = {
  id: z.string(),
  cmd: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  instances: z.int().min(0).default(APP_DEFAULTS.instances),
  cpus: z.number().min(0).default(APP_DEFAULTS.cpus),
  mem: z.number().min(0).default(APP_DEFAULTS.mem),
  disk: z.number().min(0).default(APP_DEFAULTS.disk),
  gpus: z.int().min(0).default(APP_DEFAULTS.gpus),
  env: z.record(z.string(), z.union([z.string(), z.strictObject({ secret: z.string() })])).optional(),
  labels: stringMap().default(() => ({})),
  user: z.string().min(1).optional(),
  portDefinitions: z.array(portDefinitionSchema).optional(),
  ports: z.array(z.int().min(0).max(65535)).optional(),
  requirePorts: z.boolean().default(APP_DEFAULTS.requirePorts),
  fetch: z.array(fetchUriSchema).optional(),
  uris: z.array(z.string().min(1).max(1024)).optional(),
  constraints: z.array(z.array(z.string())).optional(),
  healthChecks: z.array(healthCheckSchema).optional(),
  readinessChecks: z.array(readinessCheckSchema).optional(),
  upgradeStrategy: upgradeStrategySchema,
  backoffSeconds: z.int().min(0).default(APP_DEFAULTS.backoffSeconds),
  backoffFactor: z.number().min(1).default(APP_DEFAULTS.backoffFactor),
  maxLaunchDelaySeconds: z.int().min(0).default(APP_DEFAULTS.maxLaunchDelaySeconds),
  dependencies: z.array(z.string()).optional(),
  killSelection: z.enum(['YOUNGEST_FIRST', 'OLDEST_FIRST']).default(APP_DEFAULTS.killSelection),
  unreachableStrategy: z.union([z.literal('disabled'), unreachableEnabledSchema]).optional(),
  taskKillGracePeriodSeconds: z.number().min(0).optional(),
  role: z.string().optional(),
  acceptedResourceRoles: z.array(z.string()).min(1).optional(),
} as const;

/** The refusal of a field's value, or undefined when the value asks for nothing Tessera does not do. */
type Refusal = (value: unknown) => string | undefined;

/**
 * Fields Marathon has that Tessera cannot honour, each with its refusal; their
 * empty forms (undefined refusal) are accepted.
 */
const REFUSED_FIELDS = {
  container: (value) =>
    isRecord(value) && (value['type'] === 'DOCKER' || value['docker'] !== undefined)
      ? 'container: Docker containers are not supported by Tessera; run the command directly'
      : 'container: containers (images, volumes, Mesos containerizer options) are not supported by Tessera; run the command directly',
  networks: (value) =>
    Array.isArray(value) &&
    value.every((network) => isRecord(network) && onlyKeys(network, ['mode']) && network['mode'] === 'host')
      ? undefined
      : 'networks: container networks are not supported by Tessera; tasks use the agent\'s host network ([{"mode": "host"}] or nothing)',
  ipAddress: () => "ipAddress: IP-per-task is not supported by Tessera; tasks use the agent's host network",
  secrets: (value) =>
    isRecord(value) && Object.keys(value).length === 0
      ? undefined
      : 'secrets: secrets are not supported by Tessera (it has no secret store)',
  residency: () => 'residency: persistent local volumes are not supported by Tessera',
  executor: (value) =>
    value === '' || value === '//cmd'
      ? undefined
      : 'executor: custom executors are not supported by Tessera; only the command executor ("" or "//cmd")',
  storeUrls: (value) =>
    Array.isArray(value) && value.length === 0
      ? undefined
      : "storeUrls: Marathon's artifact store is not supported by Tessera; use fetch with the artifacts' URIs",
  tty: (value) => (value === false ? undefined : 'tty: terminals for tasks are not supported by Tessera'),
  resourceLimits: () =>
    'resourceLimits: limits above the requested cpus and mem are not supported by Tessera; tasks are limited to what they request',
  check: () => 'check: Mesos checks (reported, never acted on) are not supported by Tessera; use healthChecks',
} satisfies Readonly<Record<string, Refusal>>;
const REFUSED_FIELD_NAMES = Object.keys(REFUSED_FIELDS) as (keyof typeof REFUSED_FIELDS)[];

/** What Marathon adds to an app in its answers; accepted on input and ignored. */
const READ_ONLY_FIELD_NAMES = [
  'version',
  'versionInfo',
  'tasksRunning',
  'tasksStaged',
  'tasksHealthy',
  'tasksUnhealthy',
  'deployments',
  'tasks',
  'lastTaskFailure',
  'taskStats',
  'readinessCheckResults',
] as const;
const READ_ONLY_FIELDS: ReadonlySet<string> = new Set(READ_ONLY_FIELD_NAMES);

type FieldName = keyof typeof FIELD_SCHEMAS;

/**
 * The structure of an app's JSON as Marathon users write it: every field,
 * its type, range and default. `parseApp` adds the rules between fields
 * (cmd or args, ports and health checks, ids, constraints' values, ...) and
 * the refusals of what Tessera cannot honour; use it, not this schema, to
 * accept input.
 */
export const appJsonSchema = z.strictObject({
  ...FIELD_SCHEMAS,
  ...anyValues(REFUSED_FIELD_NAMES),
  ...anyValues(READ_ONLY_FIELD_NAMES),
});

function anyValues<K extends string>(keys: readonly K[]): Record<K, z.ZodOptional<z.ZodUnknown>> {
  return Object.fromEntries(keys.map((key) => [key, z.unknown().optional()])) as Record<K, z.ZodOptional<z.ZodUnknown>>;
}

/** An app's JSON as users write it (what `appJsonSchema` describes). */
export type AppJsonInput = z.input<typeof appJsonSchema>;

// ------------------------------------------------------------------ parsing

export interface ParseAppOptions {
  /** The group relative ids are resolved against: "/" for `POST /v2/apps`, the enclosing group inside a group's JSON. */
  readonly baseGroup: PathId;
  /** The version a parsed definition carries (the injected clock's reading); see `nextVersions` for updates. */
  readonly nowVersion: Version;
  /** The role of an app that names none (Marathon's `--mesos_role`); always accepted as `role`. */
  readonly defaultRole: string;
}

export type ParseAppResult =
  | { readonly ok: true; readonly app: AppDefinition }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

const INVALID = Symbol('invalid');
type Checked<T> = T | typeof INVALID;

/**
 * Parses an app's JSON into a normalized definition: defaults applied, ids
 * absolute (relative ones resolved against `baseGroup`, dependencies against
 * the app's own group), `version` and both `versionInfo` times set to
 * `nowVersion`. Every problem of the input is answered; nothing is thrown.
 * Idempotent through `appToJson`: parseApp(appToJson(app)) gives `app` back.
 */
export function parseApp(json: unknown, options: ParseAppOptions): ParseAppResult {
  if (!isRecord(json))
    return { ok: false, problems: [{ path: '/', errors: ['must be an object (an app definition)'] }] };
  const problems = new ProblemList();
  for (const path of protoKeyPaths(json)) problems.add(pathOf(path), PROTO_KEY);

  for (const [key, value] of Object.entries(json)) {
    if (value === null || key === '__proto__' || READ_ONLY_FIELDS.has(key) || Object.hasOwn(FIELD_SCHEMAS, key))
      continue;
    const refuse = Object.hasOwn(REFUSED_FIELDS, key)
      ? (REFUSED_FIELDS as Readonly<Record<string, Refusal>>)[key]
      : undefined;
    if (refuse === undefined) problems.add(pathOf([key]), UNKNOWN_FIELD);
    else {
      const refusal = refuse(value);
      if (refusal !== undefined) problems.add(pathOf([key]), refusal);
    }
  }

  const field = <K extends FieldName>(key: K): Checked<z.output<(typeof FIELD_SCHEMAS)[K]>> => {
    const value = json[key] === null ? undefined : json[key];
    const result = FIELD_SCHEMAS[key].safeParse(value, { error: marathonMessages });
    if (result.success) return result.data as z.output<(typeof FIELD_SCHEMAS)[K]>;
    problems.addZodIssues([key], result.error.issues);
    return INVALID;
  };

  const id = resolveAppId(field('id'), options.baseGroup, problems);
  const command = checkCommand(field('cmd'), field('args'), problems);
  const env = checkEnv(json['env'] === null ? undefined : json['env'], problems);
  const ports = checkPorts(field('portDefinitions'), field('ports'), problems);
  const fetch = checkFetch(field('fetch'), field('uris'), problems);
  const constraints = checkConstraints(field('constraints'), problems);
  const healthChecks = checkHealthChecks(field('healthChecks'), ports, problems);
  const readinessChecks = checkReadinessChecks(field('readinessChecks'), ports, problems);
  const dependencies = resolveDependencies(
    field('dependencies'),
    id === INVALID ? options.baseGroup : (parentOf(id) ?? ROOT_ID),
    problems,
  );
  const unreachableStrategy = checkUnreachableStrategy(json['unreachableStrategy'] ?? undefined, problems);
  const role = checkRole(field('role'), options.defaultRole, problems);
  const acceptedResourceRoles = checkAcceptedResourceRoles(field('acceptedResourceRoles'), role, problems);
  const instances = field('instances');
  const cpus = field('cpus');
  const mem = field('mem');
  const disk = field('disk');
  const gpus = field('gpus');
  const labels = field('labels');
  const user = field('user');
  const requirePorts = field('requirePorts');
  const upgradeStrategy = field('upgradeStrategy');
  const backoffSeconds = field('backoffSeconds');
  const backoffFactor = field('backoffFactor');
  const maxLaunchDelaySeconds = field('maxLaunchDelaySeconds');
  const killSelection = field('killSelection');
  const taskKillGracePeriodSeconds = field('taskKillGracePeriodSeconds');
  checkLimits({ id, command, env, labels, instances }, problems);

  if (
    !problems.isEmpty ||
    id === INVALID ||
    command === INVALID ||
    env === INVALID ||
    ports === INVALID ||
    fetch === INVALID ||
    constraints === INVALID ||
    healthChecks === INVALID ||
    readinessChecks === INVALID ||
    dependencies === INVALID ||
    unreachableStrategy === INVALID ||
    role === INVALID ||
    acceptedResourceRoles === INVALID ||
    instances === INVALID ||
    cpus === INVALID ||
    mem === INVALID ||
    disk === INVALID ||
    gpus === INVALID ||
    labels === INVALID ||
    user === INVALID ||
    requirePorts === INVALID ||
    upgradeStrategy === INVALID ||
    backoffSeconds === INVALID ||
    backoffFactor === INVALID ||
    maxLaunchDelaySeconds === INVALID ||
    killSelection === INVALID ||
    taskKillGracePeriodSeconds === INVALID
  )
    return { ok: false, problems: problems.toList() };

  return {
    ok: true,
    app: {
      id,
      cmd: command.cmd,
      args: command.args,
      instances,
      cpus,
      mem,
      disk,
      gpus,
      env,
      labels,
      user,
      portDefinitions: ports.definitions,
      requirePorts,
      fetch,
      constraints,
      acceptedResourceRoles,
      healthChecks,
      readinessChecks,
      upgradeStrategy,
      backoffSeconds,
      backoffFactor,
      maxLaunchDelaySeconds,
      dependencies,
      killSelection,
      unreachableStrategy,
      taskKillGracePeriodSeconds,
      role,
      version: options.nowVersion,
      versionInfo: { lastScalingAt: options.nowVersion, lastConfigChangeAt: options.nowVersion },
    },
  };
}

/**
 * The bounds of `limits.ts` on what parsed: each value over one is a problem
 * naming the bound. The text bound counts `cmd`, `args`, `env` and `labels`
 * (names and values) in UTF-8 bytes, as the master counts a task's.
 */
function checkLimits(
  parsed: {
    readonly id: Checked<PathId>;
    readonly command: Checked<{ readonly cmd: string | undefined; readonly args: readonly string[] | undefined }>;
    readonly env: Checked<Readonly<Record<string, string>>>;
    readonly labels: Checked<Readonly<Record<string, string>>>;
    readonly instances: Checked<number>;
  },
  problems: ProblemList,
): void {
  const { id, command, env, labels, instances } = parsed;
  if (id !== INVALID && id.length > MAX_APP_ID_LENGTH)
    problems.add('/id', `must be at most ${MAX_APP_ID_LENGTH} characters long (it has ${id.length})`);
  if (instances !== INVALID && instances > MAX_APP_INSTANCES)
    problems.add('/instances', `must be at most ${MAX_APP_INSTANCES}`);
  const labelCount = labels === INVALID ? 0 : Object.keys(labels).length;
  if (labelCount > MAX_APP_LABELS)
    problems.add('/labels', `must have at most ${MAX_APP_LABELS} labels (it has ${labelCount})`);
  const envCount = env === INVALID ? 0 : Object.keys(env).length;
  if (envCount > MAX_APP_ENVIRONMENT_VARIABLES)
    problems.add('/env', `must have at most ${MAX_APP_ENVIRONMENT_VARIABLES} variables (it has ${envCount})`);
  const bytes = utf8Length;
  const entriesBytes = (record: Checked<Readonly<Record<string, string>>>): number =>
    record === INVALID ? 0 : Object.entries(record).reduce((sum, [key, value]) => sum + bytes(key) + bytes(value), 0);
  const textBytes =
    (command === INVALID
      ? 0
      : bytes(command.cmd ?? '') + (command.args ?? []).reduce((sum, arg) => sum + bytes(arg), 0)) +
    entriesBytes(env) +
    entriesBytes(labels);
  if (textBytes > MAX_APP_TEXT_BYTES)
    problems.add(
      '/',
      `cmd, args, env and labels together must be at most ${MAX_APP_TEXT_BYTES} bytes (they have ${textBytes})`,
    );
}

function resolveAppId(raw: Checked<string>, baseGroup: PathId, problems: ProblemList): Checked<PathId> {
  if (raw === INVALID) return INVALID;
  const resolved = resolvePathId(raw, baseGroup);
  if (!resolved.ok) {
    problems.add('/id', resolved.error);
    return INVALID;
  }
  if (resolved.id === ROOT_ID) {
    problems.add('/id', `'${raw}' is the root group, which cannot be an app`);
    return INVALID;
  }
  return resolved.id;
}

function checkCommand(
  cmd: Checked<string | undefined>,
  args: Checked<string[] | undefined>,
  problems: ProblemList,
): Checked<{ cmd: string | undefined; args: readonly string[] | undefined }> {
  if (cmd === INVALID || args === INVALID) return INVALID;
  // NOTE: an empty `args` is no command (Marathon omits it when empty).
  const argv = args !== undefined && args.length > 0 ? args : undefined;
  if (cmd !== undefined && argv !== undefined) {
    problems.add('/', 'give either cmd or args, not both');
    return INVALID;
  }
  if (cmd === undefined && argv === undefined) {
    problems.add('/', 'one of cmd or args is required: Tessera runs the command itself (there are no containers)');
    return INVALID;
  }
  return { cmd, args: argv };
}

function checkEnv(value: unknown, problems: ProblemList): Checked<Readonly<Record<string, string>>> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    problems.add('/env', 'must be an object of names to string values');
    return INVALID;
  }
  const env: [string, string][] = [];
  let valid = true;
  for (const [name, entry] of Object.entries(value)) {
    const at = pathOf(['env', name]);
    if (name === '' || name.includes('=') || name.includes('\0')) {
      problems.add(at, 'the name of an environment variable must not be empty nor contain "=" or NUL');
      valid = false;
    } else if (typeof entry === 'string') {
      env.push([name, entry]);
    } else if (isRecord(entry) && 'secret' in entry) {
      problems.add(
        at,
        `env.${name}: secret references are not supported by Tessera (it has no secret store); give the value itself`,
      );
      valid = false;
    } else {
      problems.add(at, 'must be a string');
      valid = false;
    }
  }
  return valid ? Object.fromEntries(env) : INVALID;
}

interface Ports {
  readonly definitions: readonly PortDefinition[];
  /** Where the ports were given: "/portDefinitions", "/ports", or "/" when defaulted. */
  readonly source: string;
}

function checkPorts(
  portDefinitions: Checked<z.output<typeof FIELD_SCHEMAS.portDefinitions>>,
  ports: Checked<number[] | undefined>,
  problems: ProblemList,
): Checked<Ports> {
  if (portDefinitions === INVALID || ports === INVALID) return INVALID;
  let result: Ports;
  if (portDefinitions !== undefined) {
    if (
      ports !== undefined &&
      !sameNumbers(
        ports,
        portDefinitions.map((definition) => definition.port),
      )
    ) {
      problems.add(
        '/ports',
        'ports and portDefinitions disagree; give portDefinitions only (ports is its legacy form)',
      );
      return INVALID;
    }
    result = {
      source: '/portDefinitions',
      definitions: portDefinitions.map((definition) => ({
        port: definition.port,
        protocol: definition.protocol,
        name: definition.name,
        labels: definition.labels,
      })),
    };
  } else if (ports !== undefined) {
    result = {
      source: '/ports',
      definitions: ports.map((port) => ({ port, protocol: 'tcp', name: undefined, labels: {} })),
    };
  } else {
    const { port, protocol, name } = APP_DEFAULTS.portDefinition;
    return { source: '/', definitions: [{ port, protocol, name, labels: {} }] };
  }
  let valid = true;
  const seenPorts = new Map<number, number>();
  const seenNames = new Map<string, number>();
  result.definitions.forEach((definition, index) => {
    if (definition.port !== 0) {
      const first = seenPorts.get(definition.port);
      if (first !== undefined) {
        problems.add(
          `${result.source}(${index})`,
          `port ${definition.port} is given twice (also at index ${first}); non-zero ports must be unique`,
        );
        valid = false;
      } else seenPorts.set(definition.port, index);
    }
    if (definition.name !== undefined) {
      const first = seenNames.get(definition.name);
      if (first !== undefined) {
        problems.add(
          `${result.source}(${index})/name`,
          `name '${definition.name}' is used by portDefinitions(${first}) too; port names must be unique`,
        );
        valid = false;
      } else seenNames.set(definition.name, index);
    }
  });
  return valid ? result : INVALID;
}

/** Archive names the Mesos fetcher unpacks when `extract` is set. */
const MESOS_ARCHIVES = ['.tar', '.tgz', '.tar.gz', '.tbz2', '.tar.bz2', '.txz', '.tar.xz', '.zip', '.gz'];
/** Archive names Tessera's agent unpacks (`services/agent` fetcher): the rest are kept as they are. */
const TESSERA_ARCHIVES = ['.tar', '.tgz', '.tar.gz', '.zip'];
/** Marathon's `extract` default for a legacy `uris` entry: true for these names only. */
const MARATHON_URIS_ARCHIVES = ['.tgz', '.tar.gz', '.tbz2', '.tar.bz2', '.txz', '.tar.xz', '.zip'];

function checkFetch(
  fetch: Checked<z.output<typeof FIELD_SCHEMAS.fetch>>,
  uris: Checked<string[] | undefined>,
  problems: ProblemList,
): Checked<readonly FetchUri[]> {
  if (fetch === INVALID || uris === INVALID) return INVALID;
  let source: string;
  let list: FetchUri[];
  if (fetch !== undefined) {
    if (
      uris !== undefined &&
      !sameStrings(
        uris,
        fetch.map((item) => item.uri),
      )
    ) {
      problems.add('/uris', 'uris and fetch disagree; give fetch only (uris is its legacy form)');
      return INVALID;
    }
    source = 'fetch';
    list = fetch.map((item) => ({
      uri: item.uri,
      executable: item.executable,
      extract: item.extract,
      cache: item.cache,
      destPath: item.destPath,
    }));
  } else if (uris !== undefined) {
    source = 'uris';
    list = uris.map((uri) => ({
      uri,
      executable: false,
      extract: hasSuffix(fileNameOf(uri), MARATHON_URIS_ARCHIVES),
      cache: false,
      destPath: undefined,
    }));
  } else return [];

  let valid = true;
  list.forEach((item, index) => {
    const at = source === 'fetch' ? `/fetch(${index})` : `/uris(${index})`;
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(item.uri)?.[1]?.toLowerCase();
    if (scheme === undefined ? !item.uri.startsWith('/') : !['http', 'https', 'file'].includes(scheme)) {
      problems.add(
        source === 'fetch' ? `${at}/uri` : at,
        `${source}(${index}): Tessera fetches http, https and file URIs (or absolute paths) only, not ${JSON.stringify(item.uri)}`,
      );
      valid = false;
    }
    if (item.destPath !== undefined && (item.destPath.startsWith('/') || item.destPath.split('/').includes('..'))) {
      problems.add(`${at}/destPath`, 'must be a relative path inside the sandbox (no leading "/", no "..")');
      valid = false;
    }
    const name = item.destPath ?? fileNameOf(item.uri);
    if (item.extract && hasSuffix(name, MESOS_ARCHIVES) && !hasSuffix(name, TESSERA_ARCHIVES)) {
      problems.add(
        source === 'fetch' ? `${at}/extract` : at,
        `${source}(${index}): Tessera unpacks .tar, .tar.gz, .tgz and .zip archives only, not ${JSON.stringify(name)}; ` +
          'give it in fetch with "extract": false to keep the file as it is',
      );
      valid = false;
    }
  });
  return valid ? list : INVALID;
}

const CONSTRAINT_OPERATORS: readonly ConstraintOperator[] = [
  'UNIQUE',
  'CLUSTER',
  'GROUP_BY',
  'LIKE',
  'UNLIKE',
  'MAX_PER',
  'IS',
];

function checkConstraints(
  constraints: Checked<string[][] | undefined>,
  problems: ProblemList,
): Checked<readonly Constraint[]> {
  if (constraints === INVALID) return INVALID;
  if (constraints === undefined) return [];
  let valid = true;
  const out: Constraint[] = [];
  const seen = new Set<string>();
  constraints.forEach((constraint, index) => {
    const at = `/constraints(${index})`;
    const problem = constraintProblem(constraint);
    if (problem !== undefined) {
      problems.add(at, problem);
      valid = false;
      return;
    }
    const key = JSON.stringify(constraint);
    if (seen.has(key)) {
      problems.add(at, 'is given twice');
      valid = false;
      return;
    }
    seen.add(key);
    const [fieldName, operator, value] = constraint as [string, ConstraintOperator, string?];
    out.push(value === undefined ? [fieldName, operator] : [fieldName, operator, value]);
  });
  return valid ? out : INVALID;
}

/** What is wrong with one constraint, by Marathon's rules of each operator; undefined when it is valid. */
function constraintProblem(constraint: readonly string[]): string | undefined {
  if (constraint.length < 2 || constraint.length > 3)
    return 'must be [field, operator] or [field, operator, value], all strings';
  const [fieldName = '', operator = '', value] = constraint;
  if (fieldName === '') return 'the field (hostname or an agent attribute) must not be empty';
  if (!(CONSTRAINT_OPERATORS as readonly string[]).includes(operator))
    return `unknown operator ${JSON.stringify(operator)}: must be one of ${CONSTRAINT_OPERATORS.join(', ')} (case matters)`;
  const positiveInteger = value !== undefined && /^[1-9][0-9]*$/.test(value);
  switch (operator as ConstraintOperator) {
    case 'UNIQUE':
      return value === undefined ? undefined : 'UNIQUE takes no value';
    case 'CLUSTER':
    case 'IS':
      return value === undefined || value === '' ? `${operator} needs a value` : undefined;
    case 'GROUP_BY':
      return value === undefined || positiveInteger
        ? undefined
        : 'the value of GROUP_BY, when given, must be a positive integer';
    case 'MAX_PER':
      return positiveInteger ? undefined : 'MAX_PER needs a positive integer value';
    case 'LIKE':
    case 'UNLIKE':
      if (value === undefined) return `${operator} needs a regular expression value`;
      return isRegex(value) ? undefined : `${JSON.stringify(value)} is not a valid regular expression`;
  }
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function checkHealthChecks(
  checks: Checked<z.output<typeof FIELD_SCHEMAS.healthChecks>>,
  ports: Checked<Ports>,
  problems: ProblemList,
): Checked<readonly HealthCheckDefinition[]> {
  if (checks === INVALID) return INVALID;
  if (checks === undefined) return [];
  let valid = true;
  const out = checks.map((check, index): HealthCheckDefinition => {
    const at = `/healthChecks(${index})`;
    const fail = (path: string, error: string): void => {
      problems.add(path, error);
      valid = false;
    };
    const isCommand = check.protocol === 'COMMAND';
    const isHttp = HTTP_HEALTH_PROTOCOLS.has(check.protocol);
    if (isCommand && check.command === undefined)
      fail(`${at}/command`, 'a COMMAND health check needs command: {"value": "..."}');
    if (!isCommand && check.command !== undefined) fail(`${at}/command`, 'only COMMAND health checks have a command');
    if (!isHttp && check.path !== undefined && check.path !== HEALTH_CHECK_DEFAULTS.path)
      fail(`${at}/path`, `only HTTP and HTTPS health checks have a path, not ${check.protocol}`);
    if (check.port !== undefined && check.portIndex !== undefined) fail(at, 'give either port or portIndex, not both');
    if (check.timeoutSeconds >= check.intervalSeconds)
      fail(`${at}/timeoutSeconds`, `must be < intervalSeconds (${check.intervalSeconds})`);
    if (check.ipProtocol === 'IPv6')
      fail(
        `${at}/ipProtocol`,
        'ipProtocol: IPv6 health checks (of container networks) are not supported by Tessera; use IPv4',
      );
    // A COMMAND check needs no port; the others probe portIndex 0 unless told otherwise.
    const portIndex =
      check.portIndex ?? (isCommand || check.port !== undefined ? undefined : HEALTH_CHECK_DEFAULTS.portIndex);
    if (portIndex !== undefined && ports !== INVALID && portIndex >= ports.definitions.length) {
      const count = ports.definitions.length;
      fail(
        check.portIndex === undefined ? at : `${at}/portIndex`,
        count === 0
          ? `portIndex ${portIndex} addresses no port: the app has no ports (give port, or declare ports)`
          : `portIndex ${portIndex} addresses no port: the app has ${count} port(s), so portIndex must be < ${count}`,
      );
    }
    return {
      protocol: check.protocol,
      path: check.path ?? HEALTH_CHECK_DEFAULTS.path,
      portIndex,
      port: check.port,
      command: check.command?.value,
      gracePeriodSeconds: check.gracePeriodSeconds,
      intervalSeconds: check.intervalSeconds,
      timeoutSeconds: check.timeoutSeconds,
      maxConsecutiveFailures: check.maxConsecutiveFailures,
      delaySeconds: check.delaySeconds,
      ignoreHttp1xx: check.ignoreHttp1xx,
    };
  });
  return valid ? out : INVALID;
}

function checkReadinessChecks(
  checks: Checked<z.output<typeof FIELD_SCHEMAS.readinessChecks>>,
  ports: Checked<Ports>,
  problems: ProblemList,
): Checked<readonly ReadinessCheckDefinition[]> {
  if (checks === INVALID) return INVALID;
  if (checks === undefined) return [];
  let valid = true;
  const names = ports === INVALID ? undefined : new Set(ports.definitions.map((definition) => definition.name));
  const out = checks.map((check, index): ReadinessCheckDefinition => {
    const at = `/readinessChecks(${index})`;
    if (names !== undefined && !names.has(check.portName)) {
      problems.add(`${at}/portName`, `no port definition is named '${check.portName}'`);
      valid = false;
    }
    if (check.timeoutSeconds >= check.intervalSeconds) {
      problems.add(`${at}/timeoutSeconds`, `must be < intervalSeconds (${check.intervalSeconds})`);
      valid = false;
    }
    return {
      name: check.name,
      protocol: check.protocol,
      path: check.path,
      portName: check.portName,
      intervalSeconds: check.intervalSeconds,
      timeoutSeconds: check.timeoutSeconds,
      httpStatusCodesForReady: [...new Set(check.httpStatusCodesForReady)],
      preserveLastResponse: check.preserveLastResponse,
    };
  });
  return valid ? out : INVALID;
}

function resolveDependencies(
  dependencies: Checked<string[] | undefined>,
  base: PathId,
  problems: ProblemList,
): Checked<readonly PathId[]> {
  if (dependencies === INVALID) return INVALID;
  if (dependencies === undefined) return [];
  let valid = true;
  const out: PathId[] = [];
  dependencies.forEach((raw, index) => {
    const resolved = resolvePathId(raw, base);
    if (!resolved.ok) {
      problems.add(`/dependencies(${index})`, resolved.error);
      valid = false;
    } else if (out.includes(resolved.id)) {
      problems.add(`/dependencies(${index})`, `${resolved.id} is given twice`);
      valid = false;
    } else out.push(resolved.id);
  });
  return valid ? out : INVALID;
}

function checkUnreachableStrategy(value: unknown, problems: ProblemList): Checked<UnreachableStrategy> {
  if (value === undefined) return { ...APP_DEFAULTS.unreachableStrategy };
  if (value === 'disabled') return value;
  if (!isRecord(value)) {
    problems.add('/unreachableStrategy', 'must be "disabled" or an object {inactiveAfterSeconds, expungeAfterSeconds}');
    return INVALID;
  }
  const result = unreachableEnabledSchema.safeParse(value, { error: marathonMessages });
  if (!result.success) {
    problems.addZodIssues(['unreachableStrategy'], result.error.issues);
    return INVALID;
  }
  const strategy = result.data;
  if (strategy.inactiveAfterSeconds > strategy.expungeAfterSeconds) {
    problems.add(
      '/unreachableStrategy',
      `inactiveAfterSeconds (${strategy.inactiveAfterSeconds}) must be <= expungeAfterSeconds (${strategy.expungeAfterSeconds})`,
    );
    return INVALID;
  }
  return { inactiveAfterSeconds: strategy.inactiveAfterSeconds, expungeAfterSeconds: strategy.expungeAfterSeconds };
}

function checkRole(role: Checked<string | undefined>, defaultRole: string, problems: ProblemList): Checked<string> {
  if (role === INVALID) return INVALID;
  if (role === undefined || role === defaultRole) return defaultRole;
  if (!isValidRole(role)) {
    problems.add('/role', `'${role}' is not a valid role (letters, digits, "_", ".", "-", in "/"-separated parts)`);
    return INVALID;
  }
  return role;
}

function checkAcceptedResourceRoles(
  roles: Checked<string[] | undefined>,
  role: Checked<string>,
  problems: ProblemList,
): Checked<readonly string[] | undefined> {
  if (roles === INVALID) return INVALID;
  if (roles === undefined) return undefined;
  let valid = true;
  roles.forEach((accepted, index) => {
    if (roles.indexOf(accepted) !== index) {
      problems.add(`/acceptedResourceRoles(${index})`, `'${accepted}' is given twice`);
      valid = false;
    } else if (accepted !== '*' && role !== INVALID && accepted !== role) {
      problems.add(
        `/acceptedResourceRoles(${index})`,
        `'${accepted}' is neither "*" nor the app's role '${role}' (an app only gets resources of its own role or unreserved ones)`,
      );
      valid = false;
    }
  });
  return valid ? roles : INVALID;
}

// ------------------------------------------------------------------ writing

/** A port definition as Marathon writes it. */
export interface PortDefinitionJson {
  readonly port: number;
  readonly protocol: string;
  readonly name?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A health check as Marathon writes it. */
export interface HealthCheckJson {
  readonly protocol: string;
  readonly path?: string;
  readonly portIndex?: number;
  readonly port?: number;
  readonly command?: { readonly value: string };
  readonly gracePeriodSeconds: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly maxConsecutiveFailures: number;
  readonly delaySeconds: number;
  readonly ignoreHttp1xx: boolean;
}

/** The definition part of Marathon's `GET /v2/apps/{id}` answer. */
export interface AppJson {
  readonly id: string;
  readonly cmd?: string;
  readonly args?: readonly string[];
  readonly user?: string;
  readonly instances: number;
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly gpus: number;
  readonly executor: '';
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly constraints: readonly (readonly string[])[];
  readonly fetch: readonly {
    readonly uri: string;
    readonly executable: boolean;
    readonly extract: boolean;
    readonly cache: boolean;
    readonly destPath?: string;
  }[];
  readonly ports: readonly number[];
  readonly portDefinitions: readonly PortDefinitionJson[];
  readonly requirePorts: boolean;
  readonly networks: readonly { readonly mode: 'host' }[];
  readonly healthChecks: readonly HealthCheckJson[];
  readonly readinessChecks: readonly ReadinessCheckDefinition[];
  readonly dependencies: readonly string[];
  readonly upgradeStrategy: { readonly minimumHealthCapacity: number; readonly maximumOverCapacity: number };
  readonly backoffSeconds: number;
  readonly backoffFactor: number;
  readonly maxLaunchDelaySeconds: number;
  readonly killSelection: string;
  readonly unreachableStrategy:
    'disabled' | { readonly inactiveAfterSeconds: number; readonly expungeAfterSeconds: number };
  readonly taskKillGracePeriodSeconds?: number;
  readonly acceptedResourceRoles?: readonly string[];
  readonly role: string;
  readonly version: string;
  readonly versionInfo: { readonly lastScalingAt: string; readonly lastConfigChangeAt: string };
}

/**
 * The app in Marathon's JSON shape (the definition part of `GET /v2/apps/{id}`):
 * both `ports` and `portDefinitions`, `version` and `versionInfo`, absent
 * optional fields left out. `parseApp` accepts it back unchanged.
 */
export function appToJson(app: AppDefinition): AppJson {
  return {
    id: app.id,
    ...(app.cmd !== undefined && { cmd: app.cmd }),
    ...(app.args !== undefined && { args: [...app.args] }),
    ...(app.user !== undefined && { user: app.user }),
    instances: app.instances,
    cpus: app.cpus,
    mem: app.mem,
    disk: app.disk,
    gpus: app.gpus,
    executor: '',
    env: { ...app.env },
    labels: { ...app.labels },
    constraints: app.constraints.map(([fieldName, operator, value]) =>
      value === undefined ? [fieldName, operator] : [fieldName, operator, value],
    ),
    fetch: app.fetch.map((item) => ({
      uri: item.uri,
      executable: item.executable,
      extract: item.extract,
      cache: item.cache,
      ...(item.destPath !== undefined && { destPath: item.destPath }),
    })),
    ports: app.portDefinitions.map((definition) => definition.port),
    portDefinitions: app.portDefinitions.map((definition) => ({
      port: definition.port,
      protocol: definition.protocol,
      ...(definition.name !== undefined && { name: definition.name }),
      labels: { ...definition.labels },
    })),
    requirePorts: app.requirePorts,
    networks: [{ mode: 'host' }],
    healthChecks: app.healthChecks.map(healthCheckToJson),
    readinessChecks: app.readinessChecks.map((check) => ({
      ...check,
      httpStatusCodesForReady: [...check.httpStatusCodesForReady],
    })),
    dependencies: [...app.dependencies],
    upgradeStrategy: { ...app.upgradeStrategy },
    backoffSeconds: app.backoffSeconds,
    backoffFactor: app.backoffFactor,
    maxLaunchDelaySeconds: app.maxLaunchDelaySeconds,
    killSelection: app.killSelection,
    unreachableStrategy: app.unreachableStrategy === 'disabled' ? 'disabled' : { ...app.unreachableStrategy },
    ...(app.taskKillGracePeriodSeconds !== undefined && { taskKillGracePeriodSeconds: app.taskKillGracePeriodSeconds }),
    ...(app.acceptedResourceRoles !== undefined && { acceptedResourceRoles: [...app.acceptedResourceRoles] }),
    role: app.role,
    version: app.version,
    versionInfo: { ...app.versionInfo },
  };
}

function healthCheckToJson(check: HealthCheckDefinition): HealthCheckJson {
  return {
    protocol: check.protocol,
    ...(HTTP_HEALTH_PROTOCOLS.has(check.protocol) && { path: check.path }),
    ...(check.portIndex !== undefined && { portIndex: check.portIndex }),
    ...(check.port !== undefined && { port: check.port }),
    ...(check.command !== undefined && { command: { value: check.command } }),
    gracePeriodSeconds: check.gracePeriodSeconds,
    intervalSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    maxConsecutiveFailures: check.maxConsecutiveFailures,
    delaySeconds: check.delaySeconds,
    ignoreHttp1xx: check.ignoreHttp1xx,
  };
}

// ------------------------------------------------------------------ updates

export interface ApplyPatchOptions {
  /** When the update is made (the injected clock's reading). */
  readonly nowVersion: Version;
  /** As for `parseApp`. */
  readonly defaultRole: string;
}

/** Fields of which a patch that sets one drops the other (they say the same thing, or exclude each other). */
const REPLACES: Readonly<Record<string, readonly string[]>> = {
  cmd: ['args'],
  args: ['cmd'],
  ports: ['portDefinitions'],
  portDefinitions: ['ports'],
  uris: ['fetch'],
  fetch: ['uris'],
};

/**
 * Marathon's partial update (`PATCH /v2/apps/{id}`): the fields `patch` names
 * replace the app's (a whole field at a time: `env` in a patch is the new
 * `env`, not merged into the old), the others stay. A field set to `null`
 * goes back to its default. Setting `cmd` drops `args` and the other way
 * round; `ports` replaces `portDefinitions`, `uris` replaces `fetch`. The
 * patch's `id`, if given, must name the app itself. The result is validated
 * as a whole (a patch can break a rule between fields, e.g. a health check's
 * portIndex after `ports` shrank) and versioned by `nextVersions`: a patch
 * of `instances` alone is a scale.
 */
export function applyPatch(app: AppDefinition, patch: unknown, options: ApplyPatchOptions): ParseAppResult {
  if (!isRecord(patch))
    return { ok: false, problems: [{ path: '/', errors: ['must be an object (a partial app definition)'] }] };
  const base = parentOf(app.id) ?? ROOT_ID;
  // NOTE: a Map, not an object: a "__proto__" key of the patch must stay data (parseApp refuses it).
  const merged = new Map<string, unknown>(Object.entries(appToJson(app)));
  merged.delete('version');
  merged.delete('versionInfo');
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id') {
      const resolved = typeof value === 'string' ? resolvePathId(value, base) : undefined;
      if (resolved !== undefined && resolved.ok && resolved.id !== app.id)
        return {
          ok: false,
          problems: [{ path: '/id', errors: [`an update cannot rename app ${app.id} (to ${resolved.id})`] }],
        };
      if (resolved !== undefined && resolved.ok) continue;
    }
    if (value !== null && Object.hasOwn(REPLACES, key)) for (const other of REPLACES[key] ?? []) merged.delete(other);
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  const parsed = parseApp(Object.fromEntries(merged), {
    baseGroup: base,
    nowVersion: options.nowVersion,
    defaultRole: options.defaultRole,
  });
  if (!parsed.ok) return parsed;
  return { ok: true, app: nextVersions(app, parsed.app, options.nowVersion) };
}

// ------------------------------------------------------------------ helpers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(record: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(record).every((key) => keys.includes(key));
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The last path segment of a URI, without query or fragment: "https://x/a/b.tgz?v=1" → "b.tgz". */
function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

function hasSuffix(name: string, suffixes: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return suffixes.some((suffix) => lower.endsWith(suffix));
}
