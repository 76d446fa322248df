/**
 * The leader's Chronos: the one implementation of ChronosApi. It owns the run
 * ledger, the job graph and the dependency state; every change is made
 * synchronously by the core and its effects go through one group-commit
 * pipeline, so nothing is launched, killed or published before the state that
 * explains it is durable (fenced) in Redis:
 *
 *   API call / timer / offer / status update
 *     → core step (ledger, graph, dependency state) → effects
 *     → persist (one MULTI for everything queued meanwhile)
 *     → send: Accept (launches), Kill → publish: run events.
 *
 * Scheduling: a timer fires at the ledger's next due time and records what is
 * due (`tick`). Offers are wanted while runs wait for a task or one is due
 * within OFFER_LEAD_MS, and held (by the framework driver) until used, so a
 * run due at T is launched at T from offers already in hand: start lateness is
 * the time of one persist and one Accept, not of an allocation cycle.
 *
 * Failover: a new leader loads the ledger and continues. Due runs were never
 * sent (an attempt is recorded Launched before its Accept), so they are
 * launched at once; Launched ones are reconciled with the master, and one the
 * master does not know (TASK_UNKNOWN) is launched again without using a retry.
 */
import type { SchedulerSession } from '@tessera/client';
import type { TaskState } from '@tessera/domain';
import {
  buildTaskInfo,
  packOffer,
  type FrameworkDriver,
  type LaunchSpec,
  type OfferView,
  type TaskRequest,
} from '@tessera/framework';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import { GroupCommitPipeline, type StoreWrite } from '@tessera/store';
import { Histogram, type Registry } from 'prom-client';
import {
  JobValidationError,
  NotLeaderError,
  type ChronosApi,
  type ChronosInfoJson,
  type GraphJson,
  type JobKind,
  type JobPercentileJson,
  type JobStatsJson,
  type JobStatusJson,
  type RunEventJson,
  type RunJson,
} from './api.js';
import {
  childStarted,
  dependencyStateFromJSON,
  dependencyStateToJSON,
  emptyDependencyState,
  graphToCsv,
  graphToDot,
  JobGraph,
  jobToJson,
  parentFinished,
  parseJob,
  pruneDependencyState,
  recurrencesLeft,
  runKey,
  RunLedger,
  isTaskEnd,
  RunNotWaitingError,
  UnknownJobError,
  type DependencyState,
  type JobActivity,
  type JobDefaults,
  type JobDefinition,
  type JobName,
  type JobState,
  type LastOutcome,
  type LedgerEffect,
  type Run,
} from './core/index.js';
import type { RunEventHub } from './events.js';
import type { ChronosStore } from './persistence.js';
import { jobStats, latenessMs, PERCENTILE_NAMES, percentiles, durationMs, runToJson } from './views.js';

export const CHRONOS_VERSION = '3.0.2-tessera';

/** Offers are wanted from this long before the next run is due, so that they are in hand at its time. */
export const OFFER_LEAD_MS = 5000;

/** What Chronos needs of the framework driver (FrameworkDriver is one; tests give a fake). */
export type ChronosDriver = Pick<
  FrameworkDriver,
  'hold' | 'heldOffers' | 'launch' | 'decline' | 'wantOffers' | 'track' | 'forget' | 'on' | 'reconcile'
> & {
  readonly session: Pick<SchedulerSession, 'kill' | 'frameworkId'>;
};

export interface ChronosOptions {
  readonly store: ChronosStore;
  readonly events: RunEventHub;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Resources of a job that asks for 0, the epsilon of one that gives none, the default user. */
  readonly defaults: JobDefaults;
  /** Labels added to every task (besides Chronos's own). */
  readonly taskLabels?: Readonly<Record<string, string>>;
  /** Ended runs kept per job. Default 100. */
  readonly historyPerJob?: number;
  /** This Chronos's HTTP address, for /leader and info. */
  readonly httpAddress: string;
  /** Called when a commit fails: this process may no longer act as leader. */
  readonly onFatal: (error: unknown) => void;
  readonly clock?: () => number;
}

type Effect =
  | LedgerEffect
  | { readonly type: 'writes'; readonly writes: readonly StoreWrite[] }
  | { readonly type: 'launch'; readonly offerId: string; readonly tasks: v1.TaskInfo[] };

export class Chronos implements ChronosApi {
  private readonly ledger: RunLedger;
  private jobGraph = JobGraph.empty();
  private dependencies: DependencyState = emptyDependencyState();
  private readonly pipeline: GroupCommitPipeline<Effect>;
  private readonly clock: () => number;
  private readonly lateness: Histogram;
  private driver: ChronosDriver | undefined;
  private frameworkId: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAtMs: number | undefined;
  private closed = false;
  /**
   * Offers of launches whose attempts are being persisted: the driver still
   * holds them until the Accept is sent, but they are taken — neither packed
   * again nor declined by a suppress meanwhile.
   */
  private readonly offersInFlight = new Set<string>();

  constructor(private readonly options: ChronosOptions) {
    this.clock = options.clock ?? Date.now;
    this.ledger = new RunLedger({ historyPerJob: options.historyPerJob ?? 100 });
    this.lateness = new Histogram({
      name: 'tessera_chronos_run_start_lateness_seconds',
      help: "From a run's scheduled time to its task's TASK_RUNNING (first attempt that ran).",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [options.metrics],
    });
    this.pipeline = new GroupCommitPipeline<Effect>({
      commit: (writes) => options.store.commit(writes),
      writesOf: (effect, out) => this.writesOf(effect, out),
      send: (effect) => this.send(effect),
      onFatal: (error) => {
        options.logger.fatal({ err: error }, 'could not write Chronos’s state; stopping as leader');
        options.onFatal(error);
      },
    });
  }

  // ---------------------------------------------------------------- lifecycle

  /** Loads the stored state (a new leader); call before `attach`. */
  async load(): Promise<{ readonly frameworkId: string | undefined }> {
    const state = await this.options.store.load();
    const jobs = state.jobs.map((record) => record.value as JobState);
    const runs = state.runs.map((record) => record.value as Run);
    this.ledger.load(jobs, runs);
    const built = JobGraph.fromJobs(jobs.map((job) => job.job));
    if (!built.ok) throw built.error;
    this.jobGraph = built.graph;
    const meta = new Map(state.meta.map((record) => [record.id, record.value]));
    const stored = meta.get('dependencies');
    if (stored !== undefined) {
      const read = dependencyStateFromJSON(stored);
      if (!read.ok) throw read.error;
      this.dependencies = pruneDependencyState(read.state, this.jobGraph);
    }
    const frameworkId = meta.get('frameworkId');
    this.frameworkId = typeof frameworkId === 'string' && frameworkId !== '' ? frameworkId : undefined;
    this.options.logger.info({ jobs: jobs.length, runs: runs.length }, 'loaded Chronos’s state');
    return { frameworkId: this.frameworkId };
  }

  /** Records the framework ID the master gave (durable before it resolves). */
  saveFrameworkId(frameworkId: string): Promise<void> {
    this.frameworkId = frameworkId;
    return this.apply([{ type: 'writes', writes: [this.options.store.put('meta', 'frameworkId', frameworkId)] }]);
  }

  /** Starts acting: records what fell due, launches from offers, follows updates; every active task reconciled. */
  attach(driver: ChronosDriver): void {
    this.driver = driver;
    for (const run of this.ledger.allActiveRuns()) {
      const attempt = run.attempts.at(-1);
      if (attempt !== undefined && attempt.endedAtMs === undefined) driver.track(attempt.taskId);
    }
    driver.on('offers', (offers) => this.onOffers(offers));
    driver.on('update', (status) => this.onUpdate(status));
    this.tick();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  // ---------------------------------------------------------------- reads

  async listJobs(search: { name?: string; command?: string; any?: string } = {}): Promise<JobStatusJson[]> {
    const term = (value: string | undefined) => (value === undefined || value === '' ? undefined : value.toLowerCase());
    const name = term(search.name);
    const command = term(search.command);
    const any = term(search.any);
    return [...this.ledger.allJobs()]
      .filter(({ job }) => name === undefined || job.name.toLowerCase().includes(name))
      .filter(({ job }) => command === undefined || job.command.toLowerCase().includes(command))
      .filter(
        ({ job }) =>
          any === undefined || job.name.toLowerCase().includes(any) || job.command.toLowerCase().includes(any),
      )
      .sort((a, b) => (a.job.name < b.job.name ? -1 : a.job.name > b.job.name ? 1 : 0))
      .map((state) => this.status(state));
  }

  async getJob(name: JobName): Promise<JobStatusJson> {
    return this.status(this.requireJob(name));
  }

  async listRuns(name: JobName, limit = 100): Promise<RunJson[]> {
    this.requireJob(name);
    return this.ledger.runsOf(name).slice(0, Math.max(0, limit)).map(runToJson);
  }

  async jobStats(name: JobName): Promise<JobStatsJson> {
    const state = this.requireJob(name);
    return jobStats(this.ledger.runsOf(name), state.counters);
  }

  async percentileStats(percentile: string): Promise<JobPercentileJson[]> {
    const field = PERCENTILE_NAMES.find((known) => known === percentile);
    if (field === undefined)
      throw new JobValidationError([
        {
          field: 'percentile',
          message: `percentile: "${percentile}" is not one of ${PERCENTILE_NAMES.join(', ')}`,
        },
      ]);
    return [...this.ledger.allJobs()]
      .map(({ job }) => {
        const durations = this.ledger.runsOf(job.name).flatMap((run) => durationMs(run) ?? []);
        return { jobNameLabel: job.name, time: percentiles(durations)[field] };
      })
      .sort((a, b) => (a.jobNameLabel < b.jobNameLabel ? -1 : a.jobNameLabel > b.jobNameLabel ? 1 : 0));
  }

  async graph(): Promise<GraphJson> {
    const lastOutcome = (name: JobName): LastOutcome => {
      const counters = this.ledger.job(name)?.counters;
      if (counters === undefined) return 'fresh';
      const success = counters.lastSuccessAtMs ?? -1;
      const error = counters.lastErrorAtMs ?? -1;
      return success < 0 && error < 0 ? 'fresh' : success >= error ? 'success' : 'failure';
    };
    const activity = (name: JobName): JobActivity => {
      const active = this.ledger.activeRuns(name);
      const running = active.filter((run) => run.state === 'Running' || run.state === 'Launched').length;
      return running > 0 ? { running } : active.length > 0 ? 'queued' : 'idle';
    };
    const state = (name: JobName): string => {
      const value = activity(name);
      return typeof value === 'string' ? value : `${value.running} running`;
    };
    return {
      nodes: this.jobGraph.jobNames().map((name) => ({ name, lastStatus: lastOutcome(name), state: state(name) })),
      edges: this.jobGraph.edges().map(([parent, child]) => ({ parent, child })),
      dot: graphToDot(this.jobGraph),
      csv: graphToCsv(this.jobGraph, lastOutcome, activity),
    };
  }

  async info(): Promise<ChronosInfoJson> {
    return {
      version: CHRONOS_VERSION,
      frameworkId: this.driver?.session.frameworkId ?? this.frameworkId ?? '',
      leader: true,
      leaderAddress: this.options.httpAddress,
    };
  }

  async leader(): Promise<string | undefined> {
    return this.options.httpAddress;
  }

  subscribe(listener: (event: RunEventJson) => void): () => void {
    return this.options.events.subscribe(listener);
  }

  // ---------------------------------------------------------------- changes

  async putJob(json: unknown, kind: JobKind): Promise<JobStatusJson> {
    const nowMs = this.clock();
    const parsed = parseJob(json, { defaults: this.options.defaults, createdAtMs: nowMs });
    if (!parsed.ok) throw new JobValidationError(parsed.problems);
    const job = parsed.job;
    const kindProblem = kindMismatch(job, kind);
    if (kindProblem !== undefined) throw new JobValidationError([kindProblem]);
    const change = this.jobGraph.withJob(job);
    if (!change.ok) throw new JobValidationError([{ field: 'parents', message: `parents: ${change.error.message}` }]);
    this.guardClosed();
    this.jobGraph = change.graph;
    const effects: Effect[] = [];
    const step = this.ledger.putJob(job, nowMs);
    this.absorb(step.effects, effects, nowMs);
    this.setDependencies(pruneDependencyState(this.dependencies, this.jobGraph), effects);
    await this.step(effects);
    return this.status(step.result);
  }

  async deleteJob(name: JobName): Promise<{ readonly changedChildren: readonly JobName[] }> {
    const removal = this.jobGraph.withoutJob(name);
    if (!removal.ok || this.ledger.job(name) === undefined) throw new UnknownJobError(name);
    this.guardClosed();
    const nowMs = this.clock();
    const deleted = this.ledger.job(name)?.job as JobDefinition;
    const effects: Effect[] = [];
    this.absorb(this.ledger.deleteJob(name).effects, effects, nowMs);
    this.jobGraph = removal.graph;
    for (const change of removal.changedChildren) {
      const child = this.ledger.job(change.name)?.job;
      if (child === undefined) continue;
      const updated: JobDefinition =
        change.takesScheduleOf === undefined
          ? { ...child, parents: [...change.parents] }
          : { ...child, parents: [], schedule: deleted.schedule, epsilonMs: deleted.epsilonMs };
      this.absorb(this.ledger.putJob(updated, nowMs).effects, effects, nowMs);
    }
    this.setDependencies(pruneDependencyState(this.dependencies, this.jobGraph), effects);
    await this.step(effects);
    return { changedChildren: removal.changedChildren.map((change) => change.name) };
  }

  async runJob(name: JobName, args: readonly string[] = []): Promise<RunJson> {
    this.requireJob(name);
    this.guardClosed();
    const nowMs = this.clock();
    const effects: Effect[] = [];
    const run = this.startRun(name, 'manual', args, nowMs, effects);
    await this.step(effects);
    return runToJson(this.ledger.run(run.id) ?? run);
  }

  async killJobTasks(name: JobName): Promise<{ readonly taskIds: readonly string[] }> {
    this.requireJob(name);
    this.guardClosed();
    const nowMs = this.clock();
    const effects: Effect[] = [];
    const step = this.ledger.killRuns(name, nowMs);
    this.absorb(step.effects, effects, nowMs);
    await this.step(effects);
    return { taskIds: step.result };
  }

  async setJobDisabled(name: JobName, disabled: boolean): Promise<JobStatusJson> {
    this.requireJob(name);
    this.guardClosed();
    const nowMs = this.clock();
    const effects: Effect[] = [];
    const step = this.ledger.setDisabled(name, disabled, nowMs);
    this.absorb(step.effects, effects, nowMs);
    await this.step(effects);
    return this.status(step.result);
  }

  // ---------------------------------------------------------------- the core's steps

  /**
   * Moves a ledger step's effects into `out`, and carries out what they
   * trigger in the same step: a run that ended tells the dependency state,
   * and every child that becomes ready gets a dependent run.
   */
  private absorb(effects: readonly LedgerEffect[], out: Effect[], nowMs: number): void {
    for (const effect of effects) {
      out.push(effect);
      if (effect.type === 'event' && effect.event === 'started') this.observeLateness(effect.run);
      if (effect.type !== 'runEnded') continue;
      const finished = parentFinished(this.dependencies, this.jobGraph, effect.run.id.job, effect.outcome, nowMs);
      this.setDependencies(finished.state, out);
      for (const child of finished.ready) this.startRun(child, 'dependency', [], nowMs, out);
    }
  }

  /** Start lateness goes to the histogram once per run: when its first attempt runs. */
  private observeLateness(run: Run): void {
    if (run.attempts.filter((attempt) => attempt.startedAtMs !== undefined).length !== 1) return;
    const lateness = latenessMs(run);
    if (lateness !== undefined) this.lateness.observe(Math.max(0, lateness) / 1000);
  }

  /** A manual or dependent run of `name`, and a new round of its dependencies if it is dependent. */
  private startRun(
    name: JobName,
    cause: 'manual' | 'dependency',
    args: readonly string[],
    nowMs: number,
    out: Effect[],
  ): Run {
    const step = this.ledger.runNow(name, cause, args, nowMs);
    if (step.result.state !== 'Skipped')
      this.setDependencies(childStarted(this.dependencies, this.jobGraph, name, nowMs), out);
    this.absorb(step.effects, out, nowMs);
    return step.result;
  }

  private setDependencies(next: DependencyState, out: Effect[]): void {
    if (next === this.dependencies) return;
    this.dependencies = next;
    out.push({
      type: 'writes',
      writes: [this.options.store.put('meta', 'dependencies', dependencyStateToJSON(next))],
    });
  }

  /** Records what is due now, launches what waits, and re-arms the timer. */
  private tick(): void {
    if (this.closed) return;
    const nowMs = this.clock();
    const effects: Effect[] = [];
    this.absorb(this.ledger.tick(nowMs).effects, effects, nowMs);
    void this.step(effects);
  }

  /** Applies `effects` after launching what waits from the offers in hand; then demand and timer follow. */
  private step(effects: Effect[]): Promise<void> {
    // Launches are tried when something new may fit: offers came, or runs became due (recorded,
    // retried, launched again). Not on every update: the offers in hand did not change.
    if (effects.some((effect) => effect.type === 'persistRun' && effect.run.state === 'Due'))
      this.launchWaiting(effects);
    const applied = this.apply(effects);
    this.syncDemand();
    return applied;
  }

  private apply(effects: readonly Effect[]): Promise<void> {
    return this.pipeline.apply(effects);
  }

  // ---------------------------------------------------------------- offers and launches

  private onOffers(offers: OfferView[]): void {
    if (this.closed || this.driver === undefined) return;
    if (!this.wantsOffers(this.clock())) return; // the driver declines them
    for (const offer of offers) this.driver.hold(offer.offerId);
    const effects: Effect[] = [];
    this.launchWaiting(effects);
    void this.apply(effects);
    this.syncDemand();
  }

  /**
   * Matches the waiting runs (high priority first, then oldest) against the
   * offers held, packing each offer; every launch is recorded in the ledger
   * (attempt with its task id) in `effects`, followed by the Accept of its offer.
   */
  private launchWaiting(effects: Effect[]): void {
    const driver = this.driver;
    if (driver === undefined || this.ledger.waitingCount() === 0) return;
    let waiting = this.ledger.waitingRuns();
    const nowMs = this.clock();
    for (const offer of driver.heldOffers()) {
      if (waiting.length === 0) break;
      if (this.offersInFlight.has(offer.offerId)) continue;
      const requests = waiting.map((run) => this.requestOf(run));
      const packed = packOffer(offer, requests, { declineScarceResources: true });
      if (packed.launches.length === 0) continue;
      const tasks: v1.TaskInfo[] = [];
      const launched = new Set<number>();
      for (const launch of packed.launches) {
        const run = waiting[launch.index] as Run;
        const job = this.ledger.job(run.id.job)?.job;
        if (job === undefined) continue;
        let attempt;
        try {
          const step = this.ledger.launching(run.id, { agentId: offer.agentId, hostname: offer.hostname }, nowMs);
          attempt = step.result;
          effects.push(...step.effects);
        } catch (error) {
          if (error instanceof RunNotWaitingError) continue;
          throw error;
        }
        launched.add(launch.index);
        tasks.push(
          buildTaskInfo(this.launchSpec(job, run, attempt.taskId, offer.hostname), {
            resources: launch.resources,
            ports: launch.ports,
          }),
        );
      }
      waiting = waiting.filter((_, index) => !launched.has(index));
      if (tasks.length === 0) continue;
      driver.hold(offer.offerId);
      this.offersInFlight.add(offer.offerId);
      effects.push({ type: 'launch', offerId: offer.offerId, tasks });
    }
  }

  private requestOf(run: Run): TaskRequest {
    const job = this.ledger.job(run.id.job)?.job as JobDefinition;
    return {
      cpus: job.cpus,
      memMb: job.memMb,
      diskMb: job.diskMb,
      constraints: job.constraints,
      group: job.name,
    };
  }

  /** The task of one attempt: the command (through the shell, or the executable with its arguments), Chronos's environment. */
  private launchSpec(job: JobDefinition, run: Run, taskId: string, hostname: string): LaunchSpec {
    const environment: Record<string, string> = {};
    for (const variable of job.environmentVariables) environment[variable.name] = variable.value;
    Object.assign(environment, {
      CHRONOS_JOB_NAME: job.name,
      CHRONOS_JOB_OWNER: job.owner,
      CHRONOS_JOB_RUN_TIME: new Date(run.id.scheduledAtMs).toISOString(),
      CHRONOS_JOB_RUN_ATTEMPT: String(run.attempts.length),
      CHRONOS_RESOURCE_CPU: String(job.cpus),
      CHRONOS_RESOURCE_MEM: String(job.memMb),
      CHRONOS_RESOURCE_DISK: String(job.diskMb),
      HOST: hostname,
      mesos_task_id: taskId,
    });
    const user = job.runAsUser ?? this.options.defaults.user;
    return {
      taskId,
      name: `ChronosTask:${job.name}`,
      command: job.shell
        ? { shell: job.command }
        : { argv: [job.command, ...job.arguments, ...run.arguments], program: job.command },
      environment,
      uris: job.fetch.map((uri) => ({
        value: uri.uri,
        executable: uri.executable,
        extract: uri.extract,
        cache: uri.cache,
      })),
      ...(user === undefined || user === '' ? {} : { user }),
      labels: {
        ...this.options.taskLabels,
        chronos_job: job.name,
        chronos_scheduled_at: String(run.id.scheduledAtMs),
      },
    };
  }

  // ---------------------------------------------------------------- status updates

  private onUpdate(status: v1.TaskStatus__Output): void {
    if (this.closed) return;
    const nowMs = this.clock();
    const state: TaskState = taskStateFromProto(status.state);
    const taskId = status.taskId?.value ?? '';
    const step = this.ledger.taskStatus(
      {
        taskId,
        state,
        ...(status.agentId?.value ? { agentId: status.agentId.value } : {}),
        ...(status.message ? { message: status.message } : {}),
        ...(status.hasExitCode ? { exitCode: status.exitCode } : {}),
        reason: String(status.reason),
      },
      nowMs,
    );
    if (isTaskEnd(state)) this.driver?.forget(taskId);
    const effects: Effect[] = [];
    this.absorb(step.effects, effects, nowMs);
    void this.step(effects);
  }

  // ---------------------------------------------------------------- sending

  private writesOf(effect: Effect, out: StoreWrite[]): void {
    const store = this.options.store;
    switch (effect.type) {
      case 'persistJob':
        out.push(store.put('jobs', effect.state.job.name, effect.state));
        return;
      case 'deleteJob':
        out.push(store.delete('jobs', effect.name));
        return;
      case 'persistRun':
        out.push(store.put('runs', runKey(effect.run.id), effect.run));
        return;
      case 'dropRun':
        out.push(store.delete('runs', runKey(effect.id)));
        return;
      case 'writes':
        out.push(...effect.writes);
        return;
      default:
        return;
    }
  }

  private send(effect: Effect): void {
    const driver = this.driver;
    switch (effect.type) {
      case 'kill':
        driver?.session.kill(effect.taskId).catch((error: unknown) => {
          this.options.logger.warn({ err: error, taskId: effect.taskId }, 'a kill was not accepted');
        });
        return;
      case 'launch':
        this.offersInFlight.delete(effect.offerId);
        if (driver === undefined) return;
        for (const task of effect.tasks) driver.track(task.taskId?.value ?? '');
        // The rest of the offer is not refused: it comes back in the next allocation, for the next runs.
        driver.launch(effect.offerId, effect.tasks, 0).catch((error: unknown) => {
          // Refused (a rescinded offer) or no answer: whether the tasks were launched is asked of the
          // master now — one it does not know is TASK_UNKNOWN, and its run is launched again.
          this.options.logger.warn({ err: error, offerId: effect.offerId }, 'a launch was not accepted; reconciling');
          void driver.reconcile();
        });
        this.syncDemand();
        return;
      case 'event':
        this.options.events.emit({ type: effect.event, run: runToJson(effect.run), timestamp: isoNow(this.clock()) });
        return;
      default:
        return;
    }
  }

  // ---------------------------------------------------------------- demand and timer

  private wantsOffers(nowMs: number): boolean {
    if (this.ledger.waitingCount() > 0) return true;
    const next = this.ledger.nextWakeAtMs();
    return next !== undefined && next - nowMs <= OFFER_LEAD_MS;
  }

  /** Tells the master whether offers are wanted, and arms the timer for the next due run (or for asking offers ahead of it). */
  private syncDemand(): void {
    if (this.closed) return;
    const nowMs = this.clock();
    const wants = this.wantsOffers(nowMs);
    if (this.driver !== undefined && (wants || this.offersInFlight.size === 0)) this.driver.wantOffers(wants);
    const next = this.ledger.nextWakeAtMs();
    let wakeAtMs = next;
    if (next !== undefined && !wants && next - OFFER_LEAD_MS > nowMs) wakeAtMs = next - OFFER_LEAD_MS;
    if (wakeAtMs === this.timerAtMs) return;
    clearTimeout(this.timer);
    this.timerAtMs = wakeAtMs;
    if (wakeAtMs === undefined) return;
    this.timer = setTimeout(
      () => {
        this.timerAtMs = undefined;
        this.tick();
      },
      Math.max(0, wakeAtMs - nowMs),
    );
    this.timer.unref();
  }

  // ---------------------------------------------------------------- helpers

  private status(state: JobState): JobStatusJson {
    const { job, next } = state;
    const remaining = recurrencesLeft(state);
    const json = jobToJson(job, {
      counters: state.counters,
      ...(next !== undefined && !job.disabled ? { nextRunAtMs: next.atMs } : {}),
      ...(remaining !== undefined ? { remainingRecurrences: remaining } : {}),
    });
    return {
      ...json,
      nextRun: next === undefined || job.disabled ? '' : new Date(next.atMs).toISOString(),
      activeRuns: this.ledger.activeRuns(job.name).length,
    };
  }

  private requireJob(name: JobName): JobState {
    const state = this.ledger.job(name);
    if (state === undefined) throw new UnknownJobError(name);
    return state;
  }

  private guardClosed(): void {
    if (this.closed) throw new NotLeaderError(undefined);
  }
}

/** The job's schedule kind against the path it was posted to. */
function kindMismatch(job: JobDefinition, kind: JobKind): { field: string; message: string } | undefined {
  if (kind === 'dependent' && job.parents.length === 0)
    return { field: 'parents', message: 'parents: a dependent job (POST /v1/scheduler/dependency) needs parents' };
  if (kind === 'scheduled' && job.schedule === undefined)
    return {
      field: 'schedule',
      message:
        'schedule: a scheduled job (POST /v1/scheduler/iso8601) needs a schedule; a job with parents goes to /v1/scheduler/dependency',
    };
  if (kind === 'cron' && job.schedule?.kind !== 'cron')
    return { field: 'cron', message: 'cron: a cron job (POST /v1/scheduler/cron) needs a cron expression' };
  return undefined;
}

const isoNow = (ms: number): string => new Date(ms).toISOString();
