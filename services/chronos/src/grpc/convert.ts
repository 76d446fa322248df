/**
 * The gRPC door's edge: `tessera.v1.Chronos` messages to Chronos's JSON (what
 * `ChronosApi` takes) and Chronos's JSON answers back to messages. Nothing
 * here validates a job: the JSON goes to the one validation path behind
 * `ChronosApi.putJob`, so a job means the same through either door.
 *
 * Requests (`jobFromProto`): a field the message leaves unset is ABSENT from
 * the JSON, so Chronos's default applies. "Unset" is proto3's: an `optional`
 * field not present, a repeated or map field that is empty, a string that is
 * "", a bool that is false, an enum at its UNSPECIFIED value. The one
 * exception is `name`, always sent (an empty name is refused by the
 * validation on "name", not mistaken for a missing field here).
 *
 * Answers (`jobToProto`, …): every field is set, as the proto promises
 * ("read back, every field is set"); text Chronos leaves empty is "". The
 * exceptions are the proto's own `optional`s: `starting_deadline_seconds`
 * (cron jobs only), `recurrences_left` (ISO 8601 jobs with Rn only) and
 * `exit_code` (attempts that ended with one).
 */
import type { v1 } from '@tessera/proto';
import type {
  ChronosInfoJson,
  GraphJson,
  JobStatsJson,
  JobStatusJson,
  PercentilesJson,
  RunAttemptJson,
  RunEventJson,
  RunJson,
} from '../api.js';
import type { ChronosJobJson, ConcurrencyPolicy, ConstraintJson, JobName } from '../core/index.js';

/** A JSON object being built (Chronos's field names); what `ChronosApi.putJob` takes as `json: unknown`. */
export type JsonObject = Record<string, unknown>;

// ------------------------------------------------------------------ requests: proto → Chronos JSON

/**
 * A job's Chronos JSON from its message: only the fields the message sets
 * (see the module comment), with Chronos's names: `cron_time_zone` is
 * `timezone` (Metronome's name, which Tessera's cron jobs use), the
 * environment map is Chronos's list of `{name, value}`, a constraint is
 * `[field, operator]` or `[field, operator, value]` (value "" is none).
 */
export function jobFromProto(job: v1.Job__Output): JsonObject {
  const json: JsonObject = { name: job.name };
  setIfText(json, 'description', job.description);
  setIfText(json, 'owner', job.owner);
  setIfText(json, 'ownerName', job.ownerName);
  setIfText(json, 'command', job.command);
  setIfDefined(json, 'shell', job.shell);
  setIfNonEmpty(json, 'arguments', job.arguments);
  setIfText(json, 'schedule', job.schedule);
  setIfText(json, 'scheduleTimeZone', job.scheduleTimeZone);
  setIfText(json, 'cron', job.cron);
  setIfText(json, 'timezone', job.cronTimeZone);
  setIfNonEmpty(json, 'parents', job.parents);
  setIfText(json, 'epsilon', job.epsilon);
  setIfDefined(json, 'startingDeadlineSeconds', job.startingDeadlineSeconds);
  setIfDefined(json, 'retries', job.retries);
  if (job.disabled) json['disabled'] = true;
  const policy = concurrencyPolicyFromProto(job.concurrencyPolicy);
  if (policy !== undefined) json['concurrencyPolicy'] = policy;
  if (job.softError) json['softError'] = true;
  if (job.highPriority) json['highPriority'] = true;
  setIfDefined(json, 'cpus', job.cpus);
  setIfDefined(json, 'mem', job.mem);
  setIfDefined(json, 'disk', job.disk);
  setIfNonEmpty(
    json,
    'environmentVariables',
    Object.entries(job.environmentVariables).map(([name, value]) => ({ name, value })),
  );
  setIfNonEmpty(json, 'fetch', job.fetch.map(fetchUriFromProto));
  setIfText(json, 'runAsUser', job.runAsUser);
  setIfNonEmpty(json, 'constraints', job.constraints.map(constraintFromProto));
  return json;
}

function fetchUriFromProto(uri: v1.JobFetchUri__Output): JsonObject {
  const json: JsonObject = { uri: uri.uri };
  if (uri.executable) json['executable'] = true;
  if (uri.extract) json['extract'] = true;
  if (uri.cache) json['cache'] = true;
  return json;
}

function constraintFromProto(constraint: v1.JobConstraint__Output): string[] {
  return constraint.value === ''
    ? [constraint.field, constraint.operator]
    : [constraint.field, constraint.operator, constraint.value];
}

const POLICY_PREFIX = 'CONCURRENCY_POLICY_';

/**
 * The policy's JSON name, or undefined when unset. NOTE: an enum number this
 * build does not know arrives as the number (proto3 enums are open): it is
 * passed on as it is, for the validation to refuse naming the field (a string
 * operation on it was an INTERNAL error; found by the fuzz suite).
 */
function concurrencyPolicyFromProto(
  policy: v1.ConcurrencyPolicy__Output | number,
): ConcurrencyPolicy | number | undefined {
  if (typeof policy === 'number') return policy;
  return policy === 'CONCURRENCY_POLICY_UNSPECIFIED'
    ? undefined
    : (policy.slice(POLICY_PREFIX.length) as ConcurrencyPolicy);
}

// ------------------------------------------------------------------ answers: Chronos JSON → proto

/** A job as the answers show it, every field set (`starting_deadline_seconds` only for cron jobs, which have it). */
export function jobToProto(job: ChronosJobJson): v1.Job {
  return {
    name: job.name,
    description: job.description,
    owner: job.owner,
    ownerName: job.ownerName,
    command: job.command,
    shell: job.shell,
    arguments: [...job.arguments],
    schedule: job.schedule ?? '',
    scheduleTimeZone: job.scheduleTimeZone ?? '',
    cron: job.cron ?? '',
    cronTimeZone: job.timezone ?? '',
    parents: [...(job.parents ?? [])],
    epsilon: job.epsilon,
    ...(job.startingDeadlineSeconds !== undefined && { startingDeadlineSeconds: job.startingDeadlineSeconds }),
    retries: job.retries,
    disabled: job.disabled,
    concurrencyPolicy: `${POLICY_PREFIX}${job.concurrencyPolicy}`,
    softError: job.softError,
    highPriority: job.highPriority,
    cpus: job.cpus,
    mem: job.mem,
    disk: job.disk,
    environmentVariables: Object.fromEntries(job.environmentVariables.map(({ name, value }) => [name, value])),
    fetch: job.fetch.map(({ uri, executable, extract, cache }) => ({ uri, executable, extract, cache })),
    runAsUser: job.runAsUser,
    constraints: job.constraints.map(constraintToProto),
  };
}

function constraintToProto([field, operator, value]: ConstraintJson): v1.JobConstraint {
  return { field, operator, value: value ?? '' };
}

/**
 * A listed job. `recurrences_left` is read from the schedule, which Chronos
 * shows re-based as "R{runs left}/{next run}/{period}": set for "Rn/…",
 * unset for "R/…" (forever) and for cron and dependent jobs.
 */
export function jobStatusToProto(status: JobStatusJson): v1.JobStatus {
  const recurrences = /^R(\d+)\//.exec(status.schedule ?? '')?.[1];
  return {
    job: jobToProto(status),
    successCount: status.successCount,
    errorCount: status.errorCount,
    lastSuccess: status.lastSuccess,
    lastError: status.lastError,
    nextRun: status.nextRun,
    ...(recurrences !== undefined && { recurrencesLeft: Number(recurrences) }),
    activeRuns: status.activeRuns,
  };
}

const RUN_CAUSES: Readonly<Record<RunJson['cause'], v1.RunCause__Output>> = {
  schedule: 'RUN_CAUSE_SCHEDULE',
  manual: 'RUN_CAUSE_MANUAL',
  dependency: 'RUN_CAUSE_DEPENDENCY',
};

const RUN_STATES: Readonly<Record<RunJson['state'], v1.RunState__Output>> = {
  Due: 'RUN_STATE_DUE',
  Launched: 'RUN_STATE_LAUNCHED',
  Running: 'RUN_STATE_RUNNING',
  Succeeded: 'RUN_STATE_SUCCEEDED',
  Failed: 'RUN_STATE_FAILED',
  Skipped: 'RUN_STATE_SKIPPED',
  Killed: 'RUN_STATE_KILLED',
};

/** A run. NOTE: `latenessMs` has no field in the message (JobStats carries lateness percentiles). */
export function runToProto(run: RunJson): v1.Run {
  return {
    job: run.job,
    scheduledAt: run.scheduledAt,
    cause: RUN_CAUSES[run.cause],
    state: RUN_STATES[run.state],
    recordedAt: run.recordedAt,
    skipReason: run.skipReason,
    skippedCount: run.skippedCount,
    lastSkippedAt: run.lastSkippedAt,
    arguments: [...run.arguments],
    attempts: run.attempts.map(attemptToProto),
  };
}

function attemptToProto(attempt: RunAttemptJson): v1.RunAttempt {
  return {
    attempt: attempt.attempt,
    taskId: attempt.taskId,
    launchedAt: attempt.launchedAt,
    startedAt: attempt.startedAt,
    endedAt: attempt.endedAt,
    taskState: attempt.taskState,
    ...(attempt.exitCode !== null && { exitCode: attempt.exitCode }),
    agentId: attempt.agentId,
    hostname: attempt.hostname,
    message: attempt.message,
  };
}

/**
 * A job's statistics: the counts, and Chronos's `histogram` (run durations)
 * and Tessera's `lateness` as percentiles. NOTE: the message has no field for
 * the mean nor for `taskStatHistory` (ListRuns answers the runs).
 */
export function jobStatsToProto(job: JobName, stats: JobStatsJson): v1.JobStats {
  return {
    job,
    successCount: stats.successCount,
    errorCount: stats.errorCount,
    skippedCount: stats.skippedCount,
    durationSeconds: percentilesToProto(stats.histogram),
    latenessSeconds: percentilesToProto(stats.lateness),
  };
}

function percentilesToProto(percentiles: PercentilesJson): v1.Percentiles {
  return {
    count: percentiles.count,
    median: percentiles.median,
    p75: percentiles['75thPercentile'],
    p95: percentiles['95thPercentile'],
    p98: percentiles['98thPercentile'],
    p99: percentiles['99thPercentile'],
    max: percentiles.max,
  };
}

/** The graph's nodes and edges (the DOT and CSV texts are REST's). */
export function graphToProto(graph: GraphJson): v1.JobGraph {
  return {
    nodes: graph.nodes.map(({ name, lastStatus, state }) => ({ name, lastStatus, state })),
    edges: graph.edges.map(({ parent, child }) => ({ parent, child })),
  };
}

export function infoToProto(info: ChronosInfoJson): v1.ChronosInfo {
  return {
    version: info.version,
    frameworkId: info.frameworkId,
    leader: info.leader,
    leaderAddress: info.leaderAddress,
  };
}

export function runEventToProto(event: RunEventJson): v1.RunEvent {
  return { type: event.type, run: runToProto(event.run), timestamp: event.timestamp };
}

// ------------------------------------------------------------------ helpers

function setIfDefined(json: JsonObject, key: string, value: unknown): void {
  if (value !== undefined && value !== null) json[key] = value;
}

function setIfText(json: JsonObject, key: string, value: string): void {
  if (value !== '') json[key] = value;
}

function setIfNonEmpty(json: JsonObject, key: string, values: readonly unknown[]): void {
  if (values.length > 0) json[key] = [...values];
}
