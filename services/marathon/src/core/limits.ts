/**
 * Marathon's bounds on an app definition, so that every app it accepts makes
 * tasks the master accepts (services/master/src/core/limits.ts: task IDs of
 * at most 255 characters, 128 labels, 1024 environment variables and
 * 256 KiB of command, arguments, environment and labels together) with room
 * for what Marathon adds (its own `MARATHON_*`, `PORT*` and
 * `MARATHON_APP_LABEL_*` variables). A definition over a bound is refused
 * with a problem naming the field and the bound, like any other invalid field.
 */

/**
 * Characters of an app's absolute ID. A task ID is the ID without its "/"
 * plus ".instance-" (10), a 36-character uuid, "." and an incarnation of at
 * most 16 digits: 189 + 10 + 36 + 1 + 16 = 252 ≤ 255.
 */
export const MAX_APP_ID_LENGTH = 190;
/** Labels of one app (each also becomes a `MARATHON_APP_LABEL_*` variable of its tasks). */
export const MAX_APP_LABELS = 128;
/** Environment variables of one app (Marathon adds one per label, one per port and a dozen of its own). */
export const MAX_APP_ENVIRONMENT_VARIABLES = 512;
/** Bytes (UTF-8) of an app's `cmd`, `args`, `env` and `labels` together (Marathon's variables repeat the labels). */
export const MAX_APP_TEXT_BYTES = 64 * 1024;
/** Instances of one app. */
export const MAX_APP_INSTANCES = 10_000;

/** Bytes of `text` in UTF-8 (a lone surrogate counts 3, as it is sent replaced by U+FFFD). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The limits together, for callers that test them (the fuzz suite). */
export const MARATHON_LIMITS = {
  maxIdLength: MAX_APP_ID_LENGTH,
  maxLabels: MAX_APP_LABELS,
  maxEnv: MAX_APP_ENVIRONMENT_VARIABLES,
  maxTextBytes: MAX_APP_TEXT_BYTES,
  maxInstances: MAX_APP_INSTANCES,
} as const;
