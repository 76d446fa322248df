/**
 * The ledger's runs and counters as the API shows them (`api.ts`'s JSON), and
 * the statistics over a job's history. Pure.
 */
import type { JobCounters, Run, RunAttempt } from './core/index.js';
import type { JobStatsJson, PercentilesJson, RunAttemptJson, RunJson } from './api.js';

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

/** Start lateness: scheduled time → TASK_RUNNING of the first attempt that ran (ms); undefined until one ran. */
export function latenessMs(run: Run): number | undefined {
  const started = run.attempts.find((attempt) => attempt.startedAtMs !== undefined);
  return started?.startedAtMs === undefined ? undefined : started.startedAtMs - run.id.scheduledAtMs;
}

/** How long an ended run took: its first TASK_RUNNING to the end of its last attempt (ms); undefined if it never ran or has not ended. */
export function durationMs(run: Run): number | undefined {
  if (run.state !== 'Succeeded' && run.state !== 'Failed') return undefined;
  const started = run.attempts.find((attempt) => attempt.startedAtMs !== undefined)?.startedAtMs;
  const ended = run.attempts.at(-1)?.endedAtMs;
  return started === undefined || ended === undefined ? undefined : Math.max(0, ended - started);
}

function attemptJson(attempt: RunAttempt): RunAttemptJson {
  return {
    attempt: attempt.attempt,
    taskId: attempt.taskId,
    launchedAt: iso(attempt.launchedAtMs),
    startedAt: iso(attempt.startedAtMs),
    endedAt: iso(attempt.endedAtMs),
    taskState: attempt.taskState ?? '',
    exitCode: attempt.exitCode ?? null,
    agentId: attempt.agentId ?? '',
    hostname: attempt.hostname ?? '',
    message: attempt.message ?? '',
  };
}

export function runToJson(run: Run): RunJson {
  return {
    job: run.id.job,
    scheduledAt: iso(run.id.scheduledAtMs),
    cause: run.cause,
    state: run.state,
    recordedAt: iso(run.recordedAtMs),
    skipReason: run.skipReason ?? '',
    skippedCount: run.skippedCount,
    lastSkippedAt: iso(run.lastSkippedAtMs),
    arguments: run.arguments,
    latenessMs: latenessMs(run) ?? null,
    attempts: run.attempts.map(attemptJson),
  };
}

/**
 * Percentiles by the nearest-rank method (the p-th percentile of n sorted
 * values is the ⌈p·n⌉-th), in seconds. All zero for no values.
 */
export function percentiles(valuesMs: readonly number[]): PercentilesJson {
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = (p: number): number => (n === 0 ? 0 : (sorted[Math.max(0, Math.ceil(p * n) - 1)] as number) / 1000);
  const mean = n === 0 ? 0 : sorted.reduce((sum, value) => sum + value, 0) / n / 1000;
  return {
    count: n,
    median: rank(0.5),
    mean,
    '75thPercentile': rank(0.75),
    '95thPercentile': rank(0.95),
    '98thPercentile': rank(0.98),
    '99thPercentile': rank(0.99),
    max: n === 0 ? 0 : (sorted[n - 1] as number) / 1000,
  };
}

/** A job's statistics over the runs kept (newest first), with its counters. */
export function jobStats(runs: readonly Run[], counters: JobCounters, historyLimit = 100): JobStatsJson {
  const durations = runs.flatMap((run) => durationMs(run) ?? []);
  const lateness = runs.flatMap((run) => latenessMs(run) ?? []);
  return {
    histogram: percentiles(durations),
    lateness: percentiles(lateness),
    successCount: counters.successCount,
    errorCount: counters.errorCount,
    skippedCount: runs.reduce((sum, run) => sum + (run.state === 'Skipped' ? run.skippedCount : 0), 0),
    taskStatHistory: runs.slice(0, historyLimit).map(runToJson),
  };
}

/** The names `GET /v1/scheduler/stats/{percentile}` takes, and the field of PercentilesJson each reads. */
export const PERCENTILE_NAMES = [
  'median',
  'mean',
  '75thPercentile',
  '95thPercentile',
  '98thPercentile',
  '99thPercentile',
  'max',
] as const satisfies readonly (keyof PercentilesJson)[];
