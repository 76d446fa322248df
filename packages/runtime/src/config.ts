import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Configuration was missing or invalid. `problems` has one line per bad field, naming where the value came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid ${service} configuration:\n  ${problems.join('\n  ')}`, options);
  }
}

export interface LoadConfigOptions {
  /** Service name, for messages. */
  name: string;
  /** Command-line arguments without node and the script (default: process.argv.slice(2)). */
  argv?: readonly string[];
  /** Environment (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Prefix of environment variables (default "TESSERA_"): field `httpPort` reads `TESSERA_HTTP_PORT`. */
  envPrefix?: string;
  /** Values given in code (e.g. by `tessera up`); they rank below flags and environment and above the file. */
  overrides?: Readonly<Record<string, unknown>>;
  /**
   * Where each override came from, in the user's words, for messages (e.g. `{ port: 'flag --master-port' }`
   * when `tessera up` passes its own flag on). An override not named here is "from the program that started the service".
   */
  overrideSources?: Readonly<Record<string, string>>;
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (prefix: string, key: string): string => prefix + kebab(key).replace(/-/g, '_').toUpperCase();

/** How a user sets the configuration field `key` (e.g. "httpPort"): its flag ("--http-port") and variable ("TESSERA_HTTP_PORT"). */
export function settingNames(key: string, envPrefix = 'TESSERA_'): { flag: string; env: string } {
  return { flag: `--${kebab(key)}`, env: envName(envPrefix, key) };
}
const camel = (flag: string): string => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Parses `--flag value`, `--flag=value` and bare `--flag` (true) into a record keyed by
 * camelCase name. A repeated flag collects its values into an array. Positional
 * arguments are an error: services take none.
 */
export function parseFlags(argv: readonly string[]): { flags: Record<string, unknown>; problems: string[] } {
  const flags: Record<string, unknown> = {};
  const problems: string[] = [];
  const put = (key: string, value: string | boolean) => {
    const existing = flags[key];
    flags[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--') || arg === '--') {
      problems.push(`unexpected argument ${JSON.stringify(arg)} (flags look like --name value)`);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      put(camel(arg.slice(2, eq)), arg.slice(eq + 1));
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        put(camel(arg.slice(2)), next);
        i++;
      } else {
        put(camel(arg.slice(2)), true);
      }
    }
  }
  return { flags, problems };
}

/**
 * Loads a service's configuration from, highest precedence first: command-line
 * flags, environment variables, code overrides, a JSON file named by `--config`
 * (or `<PREFIX>CONFIG`), and the schema's defaults. Strings from flags and the
 * environment are coerced by the schema (use `z.coerce.number()` and the
 * `booleanFlag` / `listFlag` helpers). Unknown flags are an error. Throws
 * ConfigError naming every problem at once; never returns a partial config.
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(schema: S, options: LoadConfigOptions): z.infer<S> {
  const prefix = options.envPrefix ?? 'TESSERA_';
  const env = options.env ?? process.env;
  const { flags, problems } = parseFlags(options.argv ?? process.argv.slice(2));
  const keys = Object.keys(schema.shape);
  const sources = new Map<string, string>();

  const configFlag = flags['config'];
  delete flags['config'];
  if (configFlag !== undefined && typeof configFlag !== 'string') {
    problems.push('flag --config: give one config file path (--config FILE)');
  }
  const configPath = typeof configFlag === 'string' ? configFlag : env[`${prefix}CONFIG`];
  let fromFile: Record<string, unknown> = {};
  if (typeof configPath === 'string' && configPath !== '') {
    try {
      const parsed: unknown = JSON.parse(readFileSync(configPath, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        problems.push(`config file ${configPath}: must hold a JSON object`);
      } else {
        fromFile = parsed as Record<string, unknown>;
        for (const key of Object.keys(fromFile)) {
          if (!keys.includes(key)) problems.push(`config file ${configPath}: unknown setting "${key}"`);
          sources.set(key, `config file ${configPath}`);
        }
      }
    } catch (cause) {
      problems.push(`config file ${configPath}: ${(cause as Error).message}`);
    }
  }

  const merged: Record<string, unknown> = { ...fromFile, ...(options.overrides ?? {}) };
  for (const key of Object.keys(options.overrides ?? {})) {
    sources.set(key, options.overrideSources?.[key] ?? 'the program that started the service');
  }
  for (const key of keys) {
    const value = env[envName(prefix, key)];
    if (value !== undefined && value !== '') {
      merged[key] = value;
      sources.set(key, `environment ${envName(prefix, key)}`);
    }
  }
  for (const [key, value] of Object.entries(flags)) {
    if (!keys.includes(key)) {
      problems.push(`unknown flag --${kebab(key)} (known: ${keys.map((k) => `--${kebab(k)}`).join(', ')})`);
      continue;
    }
    merged[key] = value;
    sources.set(key, `flag --${kebab(key)}`);
  }

  const result = schema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const source = sources.get(key);
      const names = settingNames(key, prefix);
      // NOTE: a value missing altogether has no source: say how to give one rather than blame the default.
      const from =
        source !== undefined
          ? `from ${source}`
          : merged[key] === undefined
            ? `not set: give ${names.flag}, ${names.env} or "${key}" in the config file`
            : 'from the default';
      problems.push(`${kebab(key) || '(root)'}: ${issue.message} (${from})`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(options.name, problems);
  return result.data;
}

/**
 * Validates settings given in code (a service started in-process, e.g. by
 * `tessera up` or a benchmark) with the same schema and messages as the command
 * line; flags and the environment are not read. `sources` names where each
 * value came from, for messages (see {@link LoadConfigOptions.overrideSources}).
 */
export function parseConfig<S extends z.ZodObject<z.ZodRawShape>>(
  schema: S,
  name: string,
  values: Readonly<Record<string, unknown>>,
  sources?: Readonly<Record<string, string>>,
): z.infer<S> {
  return loadConfig(schema, {
    name,
    argv: [],
    env: {},
    overrides: values,
    ...(sources === undefined ? {} : { overrideSources: sources }),
  });
}

/** A boolean from a flag or variable: true/false/1/0/yes/no, or a bare flag. */
export const booleanFlag = (defaultValue: boolean) =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes')
    .default(defaultValue);

/** A list from a repeated flag, a comma-separated string, or a JSON array in the file. */
export const listFlag = (defaultValue: string[]) =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((v) =>
      Array.isArray(v)
        ? v
        : v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
    )
    .default(defaultValue);

/** A TCP port; 0 means "any free port". */
export const portFlag = (defaultValue: number) => z.coerce.number().int().min(0).max(65535).default(defaultValue);

/** The log levels of pino. */
export const logLevelFlag = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info');

export { z };
