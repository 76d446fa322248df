/**
 * Chronos's bounds on a job definition, so that every job it accepts makes
 * tasks the master accepts (services/master/src/core/limits.ts: task IDs of
 * at most 255 characters, 1024 environment variables and 256 KiB of
 * command, arguments, environment and labels together) with room for what
 * Chronos adds (its `CHRONOS_*` variables). A definition over a bound is
 * refused with a problem naming the field and the bound.
 */

/**
 * Characters of a job name. A task ID is "ct:" (3), the scheduled time in
 * ms (at most 16 characters), ":", the launch number (at most 10 digits),
 * ":" and the name: 3 + 16 + 1 + 10 + 1 + 200 = 231 ≤ 255.
 */
export const MAX_JOB_NAME_LENGTH = 200;
/** Environment variables of one job. */
export const MAX_JOB_ENVIRONMENT_VARIABLES = 512;
/** Bytes (UTF-8) of a job's `command`, `arguments` and environment together. */
export const MAX_JOB_TEXT_BYTES = 64 * 1024;
/** Parents of a dependent job. */
export const MAX_JOB_PARENTS = 128;

/** Bytes of `text` in UTF-8 (a lone surrogate counts 3, as it is sent replaced by U+FFFD). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The limits together, for callers that test them (the fuzz suite). */
export const CHRONOS_LIMITS = {
  maxNameLength: MAX_JOB_NAME_LENGTH,
  maxEnv: MAX_JOB_ENVIRONMENT_VARIABLES,
  maxTextBytes: MAX_JOB_TEXT_BYTES,
  maxParents: MAX_JOB_PARENTS,
} as const;
