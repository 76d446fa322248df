/**
 * An in-memory ChronosApi for testing the front doors, which only translate.
 * It records every call (operation and arguments) and keeps jobs and runs in
 * maps, so a job put through one door can be read back through either. It is
 * not a second Chronos:
 *
 * - `putJob` validates with the core's `parseJob` (Chronos's defaults) and
 *   writes the job back with `jobToJson`, so answers have Chronos's shape;
 *   its only other checks are the kind's schedule field and that parents
 *   exist. Counters stay 0, `nextRun` "" and `activeRuns` 0.
 * - `runJob` records a manual run, Due, at the fake's clock (`nowMs`), and
 *   emits its `scheduled` event; nothing ever launches it.
 * - `deleteJob` answers the children whose parents named the job, but does
 *   not rewire them; `killJobTasks` answers the task ids of the job's runs
 *   not ended (runs added with `addRun`).
 * - Statistics are counts of the stored runs with zero percentiles.
 *
 * `answer(operation, value)` and `fail(operation, error)` override any
 * operation for the tests that need a particular answer or refusal.
 */
import {
  JobValidationError,
  UnknownJobError,
  type ChronosApi,
  type JobKind,
  type JobStatsJson,
  type JobStatusJson,
  type PercentilesJson,
  type RunEventJson,
  type RunJson,
} from '../src/api.js';
import {
  graphToCsv,
  graphToDot,
  JOB_DEFAULTS,
  JobGraph,
  jobToJson,
  parseJob,
  TERMINAL_RUN_STATES,
  type JobName,
} from '../src/core/index.js';

type Operation = Exclude<keyof ChronosApi, 'subscribe'> | 'subscribe';
type AnswerOf<K extends Exclude<Operation, 'subscribe'>> = Awaited<ReturnType<ChronosApi[K]>>;

export interface RecordedCall {
  readonly operation: Operation;
  readonly args: readonly unknown[];
}

/** The fake's clock: 2026-12-02T10:00:00.000Z. */
export const NOW = '2026-12-02T10:00:00.000Z';
export const LEADER = 'chronos-1.example:4400';

const ZERO_COUNTERS = { successCount: 0, errorCount: 0, lastSuccessAtMs: undefined, lastErrorAtMs: undefined };

export const ZERO_PERCENTILES: PercentilesJson = {
  count: 0,
  median: 0,
  mean: 0,
  '75thPercentile': 0,
  '95thPercentile': 0,
  '98thPercentile': 0,
  '99thPercentile': 0,
  max: 0,
};

/** The percentile names `percentileStats` takes, as ChronosApi documents them. */
const PERCENTILES = new Set(['median', '75thPercentile', '95thPercentile', '98thPercentile', '99thPercentile']);

/** What each kind requires of the job, beside what `parseJob` checks. */
const KIND_FIELDS: Readonly<Record<JobKind, readonly string[]>> = {
  scheduled: ['schedule', 'cron'],
  dependent: ['parents'],
  cron: ['cron'],
  any: ['schedule', 'cron', 'parents'],
};

/** A run as the fake records it; `overrides` set the rest. */
export function run(job: JobName, overrides: Partial<RunJson> = {}): RunJson {
  return {
    job,
    scheduledAt: NOW,
    cause: 'manual',
    state: 'Due',
    recordedAt: NOW,
    skipReason: '',
    skippedCount: 0,
    lastSkippedAt: '',
    arguments: [],
    latenessMs: null,
    attempts: [],
    ...overrides,
  };
}

export class FakeChronosApi implements ChronosApi {
  readonly calls: RecordedCall[] = [];
  /** The leader `leader()` and `info()` name; undefined: none known. */
  leaderAddress: string | undefined = LEADER;
  readonly nowMs = Date.parse(NOW);
  private readonly jobs = new Map<JobName, JobStatusJson>();
  private readonly runs = new Map<JobName, RunJson[]>();
  private readonly overrides = new Map<Operation, () => unknown>();
  private readonly listeners = new Set<(event: RunEventJson) => void>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  /** Answers `value` to every later call of `operation`. */
  answer<K extends Exclude<Operation, 'subscribe'>>(operation: K, value: AnswerOf<K>): this {
    this.overrides.set(operation, () => value);
    return this;
  }

  /** Refuses every later call of `operation` (a rejection; `subscribe` throws) with `error`. */
  fail(operation: Operation, error: unknown): this {
    this.overrides.set(operation, () => {
      throw error;
    });
    return this;
  }

  /** Forgets the calls and the overrides (jobs and runs stay). */
  reset(): void {
    this.calls.length = 0;
    this.overrides.clear();
  }

  /** The arguments of the calls of `operation`, in order. */
  callsOf(operation: Operation): (readonly unknown[])[] {
    return this.calls.filter((call) => call.operation === operation).map((call) => call.args);
  }

  /** The arguments of the only call of `operation` (fails the test when there is not exactly one). */
  onlyCall(operation: Operation): readonly unknown[] {
    const calls = this.callsOf(operation);
    if (calls.length !== 1) throw new Error(`expected one call of ${operation}, got ${calls.length}`);
    return calls[0] ?? [];
  }

  /** Stores `json` as a job directly (validated as `putJob` does), without recording a call. */
  seed(json: unknown): JobStatusJson {
    return this.store(json, 'any');
  }

  /** Adds a run to a job's history (newest first), without recording a call. */
  addRun(added: RunJson): void {
    this.runs.set(added.job, [added, ...(this.runs.get(added.job) ?? [])]);
  }

  /** Delivers `event` to every subscriber. */
  emit(event: RunEventJson): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Resolves once exactly `count` listeners are subscribed. */
  subscribersBecome(count: number): Promise<void> {
    if (this.listeners.size === count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  // ------------------------------------------------------------------ ChronosApi

  listJobs: ChronosApi['listJobs'] = (search) =>
    this.call('listJobs', [search], () => {
      const contains = (field: string, term: string | undefined) =>
        term === undefined || field.toLowerCase().includes(term.toLowerCase());
      return [...this.jobs.values()]
        .filter(
          (job) =>
            contains(job.name, search?.name) &&
            contains(job.command, search?.command) &&
            (search?.any === undefined || contains(job.name, search.any) || contains(job.command, search.any)),
        )
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });

  getJob: ChronosApi['getJob'] = (name) => this.call('getJob', [name], () => this.job(name));

  putJob: ChronosApi['putJob'] = (json, kind) => this.call('putJob', [json, kind], () => this.store(json, kind));

  deleteJob: ChronosApi['deleteJob'] = (name) =>
    this.call('deleteJob', [name], () => {
      this.job(name);
      this.jobs.delete(name);
      this.runs.delete(name);
      const changedChildren = [...this.jobs.values()]
        .filter((job) => job.parents?.includes(name) === true)
        .map((job) => job.name);
      return { changedChildren };
    });

  runJob: ChronosApi['runJob'] = (name, args) =>
    this.call('runJob', [name, args], () => {
      this.job(name);
      const started = run(name, { arguments: [...(args ?? [])] });
      this.addRun(started);
      this.emit({ type: 'scheduled', run: started, timestamp: NOW });
      return started;
    });

  killJobTasks: ChronosApi['killJobTasks'] = (name) =>
    this.call('killJobTasks', [name], () => {
      this.job(name);
      const active = (this.runs.get(name) ?? []).filter((r) => !TERMINAL_RUN_STATES.has(r.state));
      return { taskIds: active.flatMap((r) => r.attempts.map((attempt) => attempt.taskId)) };
    });

  setJobDisabled: ChronosApi['setJobDisabled'] = (name, disabled) =>
    this.call('setJobDisabled', [name, disabled], () => {
      const changed = { ...this.job(name), disabled };
      this.jobs.set(name, changed);
      return changed;
    });

  listRuns: ChronosApi['listRuns'] = (name, limit) =>
    this.call('listRuns', [name, limit], () => {
      this.job(name);
      return (this.runs.get(name) ?? []).slice(0, limit ?? 100);
    });

  jobStats: ChronosApi['jobStats'] = (name) =>
    this.call('jobStats', [name], (): JobStatsJson => {
      this.job(name);
      const runs = this.runs.get(name) ?? [];
      const count = (state: RunJson['state']) => runs.filter((r) => r.state === state).length;
      return {
        histogram: ZERO_PERCENTILES,
        lateness: ZERO_PERCENTILES,
        successCount: count('Succeeded'),
        errorCount: count('Failed'),
        skippedCount: count('Skipped'),
        taskStatHistory: runs,
      };
    });

  percentileStats: ChronosApi['percentileStats'] = (percentile) =>
    this.call('percentileStats', [percentile], () => {
      if (!PERCENTILES.has(percentile))
        throw new JobValidationError([
          { field: 'percentile', message: `percentile: ${JSON.stringify(percentile)} is not a percentile` },
        ]);
      return [...this.jobs.keys()].sort().map((jobNameLabel) => ({ jobNameLabel, time: 0 }));
    });

  graph: ChronosApi['graph'] = () =>
    this.call('graph', [], () => {
      const built = JobGraph.fromJobs(
        [...this.jobs.values()].map((job) => ({ name: job.name, parents: job.parents ?? [] })),
      );
      if (!built.ok) throw built.error;
      const graph = built.graph;
      return {
        nodes: graph.jobNames().map((name) => ({ name, lastStatus: 'fresh' as const, state: 'idle' })),
        edges: graph.edges().map(([parent, child]) => ({ parent, child })),
        dot: graphToDot(graph),
        csv: graphToCsv(
          graph,
          () => 'fresh',
          () => 'idle',
        ),
      };
    });

  info: ChronosApi['info'] = () =>
    this.call('info', [], () => ({
      version: '0.1.0-test',
      frameworkId: 'fw-chronos',
      leader: true,
      leaderAddress: this.leaderAddress ?? '',
    }));

  leader: ChronosApi['leader'] = () => this.call('leader', [], () => this.leaderAddress);

  subscribe(listener: (event: RunEventJson) => void): () => void {
    this.calls.push({ operation: 'subscribe', args: [] });
    this.overrides.get('subscribe')?.();
    this.listeners.add(listener);
    this.settle();
    return () => {
      this.listeners.delete(listener);
      this.settle();
    };
  }

  // ------------------------------------------------------------------ helpers

  private async call<T>(operation: Operation, args: readonly unknown[], perform: () => T): Promise<T> {
    this.calls.push({ operation, args });
    const override = this.overrides.get(operation);
    return (override === undefined ? perform() : override()) as T;
  }

  private job(name: JobName): JobStatusJson {
    const job = this.jobs.get(name);
    if (job === undefined) throw new UnknownJobError(name);
    return job;
  }

  private store(json: unknown, kind: JobKind): JobStatusJson {
    const parsed = parseJob(json, { defaults: JOB_DEFAULTS, createdAtMs: this.nowMs });
    if (!parsed.ok) throw new JobValidationError(parsed.problems);
    const written = jobToJson(parsed.job, { counters: ZERO_COUNTERS });
    const fields = KIND_FIELDS[kind];
    if (!fields.some((field) => field in written))
      throw new JobValidationError([{ field: '', message: `a ${kind} job needs ${fields.join(' or ')}` }]);
    const unknownParent = (written.parents ?? []).find((parent) => !this.jobs.has(parent));
    if (unknownParent !== undefined)
      throw new JobValidationError([
        { field: 'parents', message: `parents: unknown job ${JSON.stringify(unknownParent)}` },
      ]);
    const status: JobStatusJson = { ...written, nextRun: '', activeRuns: 0 };
    this.jobs.set(status.name, status);
    return status;
  }

  private settle(): void {
    for (const waiter of [...this.waiters])
      if (waiter.count === this.listeners.size) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
  }
}
