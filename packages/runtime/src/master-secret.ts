import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config.js';

/*
 * How a process that calls the masters (an agent, Marathon, Chronos) proves who it is without a client certificate:
 * a secret of the masters' `--credentials` file, sent as `authorization: Bearer <secret>` on every call. Like
 * Mesos's agent `--credential` and Marathon's `--mesos_authentication_secret_file`, it is read from a file, so that
 * it never shows in a process list or an environment dump.
 */

/** The setting every configuration schema of a masters' client spreads in: `--master-secret-file` (`TESSERA_MASTER_SECRET_FILE`). */
export const masterSecretConfigFields = {
  masterSecretFile: z.string().min(1).optional(),
};

export interface MasterSecretConfig {
  readonly masterSecretFile?: string | undefined;
}

/**
 * The secret in `config.masterSecretFile` (its text without surrounding whitespace), read once at start; undefined
 * when the setting is absent. Throws ConfigError (for `service`) when the file cannot be read or holds nothing but
 * whitespace: a process never falls back to calling anonymously.
 */
export function loadMasterSecret(config: MasterSecretConfig, service: string): string | undefined {
  const file = config.masterSecretFile;
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigError(
      service,
      [`master-secret-file: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (cause as Error).message}`],
      { cause },
    );
  }
  const secret = text.trim();
  if (secret === '') throw new ConfigError(service, [`master-secret-file: ${file} is empty`]);
  if (/\s/.test(secret))
    throw new ConfigError(service, [`master-secret-file: ${file} holds more than one word; a secret has no spaces`]);
  return secret;
}
