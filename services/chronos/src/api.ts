/**
 * The operations of Chronos, as both of its front doors call them: the REST
 * routes (`rest/`, Chronos's paths) and the `tessera.v1.Chronos` gRPC service
 * (`grpc/`). One implementation (`chronos.ts`, on the leader) does the work; a
 * follower's refuses with NotLeaderError naming the leader (REST forwards to it
 * before that). Both front doors only translate.
 *
 * The contract:
 * - Jobs go in as Chronos's JSON (`unknown`: the body as received, or the gRPC
 *   Job converted to that JSON) and are validated here, by one path, so a job
 *   means the same through either door. Answers are Chronos's JSON.
 * - A refused call throws one of the errors below, has changed nothing, and the
 *   front door maps it (REST status, gRPC code) by its class alone.
 * - A call that changes jobs or starts runs resolves once the change is
 *   durable (persisted, fenced).
 * - Times in answers are ISO 8601 in UTC with milliseconds, "" when never
 *   (Chronos's convention for `lastSuccess` / `lastError`).
 */
import type { ChronosJobJson, JobProblem, JobName, RunEventType } from './core/index.js';

// ------------------------------------------------------------------ answers

/** A job as listed: Chronos's JSON plus what Tessera knows beside it. */
export type JobStatusJson = ChronosJobJson & {
  /** The next scheduled run, "" when none (dependent, disabled or used up). */
  readonly nextRun: string;
  /** Runs of the job not yet ended. */
  readonly activeRuns: number;
};

/** One attempt (one task) of a run. */
export interface RunAttemptJson {
  readonly attempt: number;
  readonly taskId: string;
  readonly launchedAt: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly taskState: string;
  readonly exitCode: number | null;
  readonly agentId: string;
  readonly hostname: string;
  readonly message: string;
}

/** A run, as the history shows it; (`job`, `scheduledAt`) is its identity. */
export interface RunJson {
  readonly job: JobName;
  readonly scheduledAt: string;
  readonly cause: 'schedule' | 'manual' | 'dependency';
  readonly state: 'Due' | 'Launched' | 'Running' | 'Succeeded' | 'Failed' | 'Skipped' | 'Killed';
  readonly recordedAt: string;
  readonly skipReason: string;
  /** For a Skipped record: how many scheduled times it stands for (0 otherwise), the last at `lastSkippedAt`. */
  readonly skippedCount: number;
  readonly lastSkippedAt: string;
  readonly arguments: readonly string[];
  /** Start lateness: scheduled time → TASK_RUNNING of the first attempt that ran, in ms; null until then. */
  readonly latenessMs: number | null;
  readonly attempts: readonly RunAttemptJson[];
}

/** Percentiles of a series, Chronos's names (seconds). */
export interface PercentilesJson {
  readonly count: number;
  readonly median: number;
  readonly mean: number;
  readonly '75thPercentile': number;
  readonly '95thPercentile': number;
  readonly '98thPercentile': number;
  readonly '99thPercentile': number;
  readonly max: number;
}

/** `GET /v1/scheduler/job/stat/{name}`: Chronos's `histogram` of run durations, plus Tessera's lateness and counts. */
export interface JobStatsJson {
  readonly histogram: PercentilesJson;
  readonly lateness: PercentilesJson;
  readonly successCount: number;
  readonly errorCount: number;
  readonly skippedCount: number;
  /** The newest runs kept, newest first (Chronos's `taskStatHistory`, in Tessera's run shape). */
  readonly taskStatHistory: readonly RunJson[];
}

/** One job's value of a percentile, for `GET /v1/scheduler/stats/{percentile}` (Chronos's shape). */
export interface JobPercentileJson {
  readonly jobNameLabel: JobName;
  /** Seconds. */
  readonly time: number;
}

export interface GraphJson {
  readonly nodes: readonly {
    readonly name: JobName;
    readonly lastStatus: 'success' | 'failure' | 'fresh';
    readonly state: string;
  }[];
  readonly edges: readonly { readonly parent: JobName; readonly child: JobName }[];
  /** Chronos's `/v1/scheduler/graph/dot` text. */
  readonly dot: string;
  /** Chronos's `/v1/scheduler/graph/csv` text. */
  readonly csv: string;
}

export interface ChronosInfoJson {
  readonly version: string;
  readonly frameworkId: string;
  readonly leader: boolean;
  readonly leaderAddress: string;
}

/** A fact about a run (NATS `tessera.chronos.run.<type>`, the gRPC stream). */
export interface RunEventJson {
  readonly type: RunEventType;
  readonly run: RunJson;
  readonly timestamp: string;
}

/** How a job was posted: the REST path decides which schedule field the job must have. */
export type JobKind =
  /** POST /v1/scheduler/iso8601: `schedule` (or `cron`, accepted there too). */
  | 'scheduled'
  /** POST /v1/scheduler/dependency: `parents`. */
  | 'dependent'
  /** POST /v1/scheduler/cron (Tessera's): `cron`. */
  | 'cron'
  /** gRPC PutJob: whichever of the three the job has. */
  | 'any';

// ------------------------------------------------------------------ the operations

export interface ChronosApi {
  /** Every job, sorted by name; with a search, those whose lower-cased field contains the lower-cased term. */
  listJobs(search?: {
    readonly name?: string;
    readonly command?: string;
    readonly any?: string;
  }): Promise<JobStatusJson[]>;
  /** Throws UnknownJobError. */
  getJob(name: JobName): Promise<JobStatusJson>;
  /**
   * Creates or replaces a job (Chronos's POST is an upsert). Throws
   * JobValidationError (bad JSON, bad schedule, unknown parent, a cycle, …).
   */
  putJob(json: unknown, kind: JobKind): Promise<JobStatusJson>;
  /** Deletes a job, kills its tasks, rewires its children. Throws UnknownJobError. */
  deleteJob(name: JobName): Promise<{ readonly changedChildren: readonly JobName[] }>;
  /** Starts a run now (a manual run). Throws UnknownJobError. */
  runJob(name: JobName, args?: readonly string[]): Promise<RunJson>;
  /** Kills every active run's task. Throws UnknownJobError. */
  killJobTasks(name: JobName): Promise<{ readonly taskIds: readonly string[] }>;
  /** Sets `disabled`. Throws UnknownJobError. */
  setJobDisabled(name: JobName, disabled: boolean): Promise<JobStatusJson>;
  /** The job's runs, newest first, at most `limit` (default 100). Throws UnknownJobError. */
  listRuns(name: JobName, limit?: number): Promise<RunJson[]>;
  /** Throws UnknownJobError. */
  jobStats(name: JobName): Promise<JobStatsJson>;
  /** One percentile ("median", "75thPercentile", …, "99thPercentile") of every job's run durations. Throws JobValidationError for another name. */
  percentileStats(percentile: string): Promise<JobPercentileJson[]>;
  graph(): Promise<GraphJson>;
  info(): Promise<ChronosInfoJson>;
  /** The leader's HTTP address "host:port", undefined while none is known. */
  leader(): Promise<string | undefined>;
  /** Run events from now on, until the returned function is called. */
  subscribe(listener: (event: RunEventJson) => void): () => void;
}

// ------------------------------------------------------------------ refusals

/** An invalid job (or request): every problem, with its field. REST 400, gRPC INVALID_ARGUMENT. */
export class JobValidationError extends Error {
  override readonly name = 'JobValidationError';
  constructor(readonly problems: readonly JobProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
  }
}

/** No job of that name. REST 400 (as Chronos), gRPC NOT_FOUND. */
export { UnknownJobError } from './core/index.js';

/** This process does not lead; `leader` is the leader's HTTP address when known. REST 503, gRPC UNAVAILABLE. */
export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
  constructor(readonly leader: string | undefined) {
    super(leader === undefined ? 'no Chronos leader is elected yet' : `this Chronos is not the leader; ${leader} is`);
  }
}
