/**
 * Chronos's domain, as its core sees it: normalized job definitions (every
 * default applied), schedules, runs and their history. The JSON that users
 * write is parsed into these types by `job-definition.ts` (zod) and written
 * back from them; nothing here knows about HTTP, gRPC or Redis.
 *
 * Times are epoch milliseconds (`...Ms`, `...AtMs`) inside the core and
 * ISO 8601 strings where Chronos shows them. Units are in the names: `memMb`,
 * `diskMb` (MiB, as Chronos's `mem` and `disk`), seconds.
 */
import type { Constraint } from '@tessera/framework';

/**
 * A job's name: its identity, unique in the cluster. Chronos's rule: one or
 * more of letters, digits, whitespace, ".", "#", "_" and "-".
 */
export type JobName = string;

/**
 * When a scheduled job runs, as the user wrote it (validated, not yet
 * expanded; `schedule.ts` computes the times).
 *
 * - `iso8601`: Chronos's repeating interval `R[n]/[start]/period`.
 *   `recurrences` undefined: `R` alone (forever). `startMs` undefined: an
 *   empty start, "from when the job is created". `timeZone`: Chronos's
 *   `scheduleTimeZone` — when set, the start's wall-clock fields are read in
 *   that zone (its own offset is ignored), and the period is added in that
 *   zone (`P1D` a calendar day, `PT24H` exactly 24 hours).
 * - `cron`: a Metronome-style five-field cron expression (minute hour
 *   day-of-month month day-of-week) read in `timeZone` (an IANA zone, default
 *   "UTC").
 */
export type ScheduleSpec =
  | {
      readonly kind: 'iso8601';
      /** The expression as given (kept for error messages and rendering). */
      readonly expression: string;
      /** Rn: n; `R` alone: undefined (forever). */
      readonly recurrences: number | undefined;
      /** The start; undefined when the expression's start is empty. */
      readonly startMs: number | undefined;
      /** The ISO 8601 duration, as written ("PT1H", "P1D"). */
      readonly period: string;
      /** IANA zone from `scheduleTimeZone`; undefined: the start's own offset, periods added in UTC. */
      readonly timeZone: string | undefined;
    }
  | {
      readonly kind: 'cron';
      readonly expression: string;
      /** IANA zone; "UTC" unless given. */
      readonly timeZone: string;
    };

/** What happens when a run is due while an earlier run of the job is still active (Metronome's policy). */
export type ConcurrencyPolicy = 'ALLOW' | 'FORBID' | 'REPLACE';

export interface EnvironmentVariable {
  readonly name: string;
  readonly value: string;
}

export interface FetchUri {
  readonly uri: string;
  readonly executable: boolean;
  readonly extract: boolean;
  readonly cache: boolean;
}

/**
 * A normalized job: every default applied. Exactly one of `schedule` and
 * `parents` says when it runs (a scheduled job, or a dependent job that runs
 * when its parents have succeeded).
 */
export interface JobDefinition {
  readonly name: JobName;
  readonly description: string;
  readonly owner: string;
  readonly ownerName: string;
  /** With `shell` (default true): run through `/bin/sh -c`; else the executable, with `arguments`. */
  readonly command: string;
  readonly shell: boolean;
  readonly arguments: readonly string[];
  /** Set for a scheduled job, undefined for a dependent one. */
  readonly schedule: ScheduleSpec | undefined;
  /** Names of the parent jobs of a dependent job (non-empty); empty for a scheduled job. */
  readonly parents: readonly JobName[];
  /**
   * How late a run may start after its scheduled time (ms); a run found later
   * than that is recorded as skipped. Chronos's `epsilon` (default PT60S), or
   * Metronome's `startingDeadlineSeconds` (default 900) for a cron schedule.
   */
  readonly epsilonMs: number;
  /** Further attempts after a failed one (default 2: up to three attempts). */
  readonly retries: number;
  readonly disabled: boolean;
  /**
   * Given as `concurrencyPolicy`, else from Chronos's `concurrent`: false (its
   * default) is FORBID and true ALLOW for an ISO 8601 or dependent job; a
   * cron job defaults to ALLOW, as Metronome's.
   */
  readonly concurrencyPolicy: ConcurrencyPolicy;
  /** A failure of this job's final attempt counts as done for its children (Chronos's `softError`). */
  readonly softError: boolean;
  /** Offered resources go to high-priority jobs first (Chronos's `highPriority`). */
  readonly highPriority: boolean;
  /** Resources; a 0 in the JSON means the service's defaults (0.1 cpus, 128 MB, 256 MB disk). */
  readonly cpus: number;
  readonly memMb: number;
  readonly diskMb: number;
  readonly environmentVariables: readonly EnvironmentVariable[];
  readonly fetch: readonly FetchUri[];
  /** The user the task runs as; undefined: the framework's user. */
  readonly runAsUser: string | undefined;
  readonly constraints: readonly Constraint[];
}

/**
 * A run's identity: the job and the time it was scheduled for. Unique: a
 * scheduled time is run at most once (or recorded as skipped). Manual runs and
 * dependent runs get the time they were asked for (ms precision) and a `cause`.
 */
export interface RunId {
  readonly job: JobName;
  readonly scheduledAtMs: number;
}

/** Why a run exists. */
export type RunCause = 'schedule' | 'manual' | 'dependency';

/**
 * A run's lifecycle. `Due` is recorded before any task is launched (the
 * ledger's promise that this time is taken); `Launched` once a task was sent;
 * `Running` at TASK_RUNNING; then one of the ends. `Skipped`: found later than
 * `epsilonMs` after its time, or refused by the concurrency policy — recorded,
 * never launched.
 */
export type RunState = 'Due' | 'Launched' | 'Running' | 'Succeeded' | 'Failed' | 'Skipped' | 'Killed';

export const TERMINAL_RUN_STATES: ReadonlySet<RunState> = new Set(['Succeeded', 'Failed', 'Skipped', 'Killed']);

/** One attempt of a run: one task. */
export interface RunAttempt {
  /** 1 for the first attempt; up to 1 + retries. */
  readonly attempt: number;
  readonly taskId: string;
  readonly launchedAtMs: number;
  readonly startedAtMs: number | undefined;
  readonly endedAtMs: number | undefined;
  /** The task's last state ("TASK_FINISHED", …); undefined before any update. */
  readonly taskState: string | undefined;
  readonly exitCode: number | undefined;
  readonly agentId: string | undefined;
  readonly hostname: string | undefined;
  readonly message: string | undefined;
}

/** A run and its attempts, as recorded in the ledger and kept in the history. */
export interface Run {
  readonly id: RunId;
  readonly cause: RunCause;
  readonly state: RunState;
  /** When the run was recorded (Due or Skipped). */
  readonly recordedAtMs: number;
  /** Why it was skipped ("missed by 3 m, beyond epsilon PT60S", "FORBID: run … still active"). */
  readonly skipReason: string | undefined;
  /**
   * A Skipped record may stand for several consecutive scheduled times (a
   * leader away for a long while): how many (1 for one), the last of them at
   * `lastSkippedAtMs`. 0 for a run that was not skipped.
   */
  readonly skippedCount: number;
  readonly lastSkippedAtMs: number | undefined;
  /**
   * Retries this run may make, fixed when it is recorded: the job's `retries`,
   * or 0 when the job's previous run failed (Chronos's rule).
   */
  readonly retriesAllowed: number;
  /** Chronos asked for its task to be killed (a kill, REPLACE, a delete): its end is Killed, not a failure. */
  readonly killRequested: boolean;
  /** Extra arguments of a manual run (Chronos's `?arguments=`). */
  readonly arguments: readonly string[];
  readonly attempts: readonly RunAttempt[];
}

/** A job's counters, as Chronos shows them on the job. */
export interface JobCounters {
  readonly successCount: number;
  readonly errorCount: number;
  readonly lastSuccessAtMs: number | undefined;
  readonly lastErrorAtMs: number | undefined;
}
