// bench/chronos: Chronos's start lateness through real master, allocator and
// Chronos processes (with a real redis-server and nats-server). K ISO 8601 jobs
// `R{N}/{start}/PT1S`, all with the same start a few seconds after they are
// posted — every job due at the same instants, each second for N seconds (the
// hard case). After the window and once every run has ended, each job's runs
// are read (GET /v1/scheduler/job/{name}/runs) and give:
//   - start lateness p50 / p99 / max: RunJson.latenessMs, the scheduled time to
//     Chronos's processing of the first attempt's TASK_RUNNING;
//   - missed: scheduled times of the window with no run record (Skipped
//     records, which Chronos writes for times beyond epsilon, counted apart,
//     with the times they stand for);
//   - duplicated: runs whose task ran more than once (a second attempt reached
//     TASK_RUNNING with no failure of the one before), and records of the same
//     scheduled time twice;
// and Chronos's and the master's CPU seconds, Chronos's peak RSS.
// Three scenarios, in order, each on a cluster of its own (so that one that
// overwhelms Chronos leaves the next untouched; a scenario whose Chronos exits
// is recorded as failed, and the others still run):
//   k100, k1000 — 100 and 1,000 jobs on simulated agents (a task runs 100 ms:
//                 Chronos adds the label tessera.simulated.duration_ms=100);
//   real20      — 20 jobs running `true` as real processes on the cluster's
//                 one agent (the process executor, in this process).
// Writes bench/results/chronos.json.
//
//   node bench/dist/chronos.js [--profile default|small] [--scenarios k100,k1000,real20]
//     [--seconds N] [--k100-jobs K] [--k1000-jobs K] [--real20-jobs K] [--agents A]
//     [--lead-seconds S] [--chronos-entry PATH] [--out FILE]
//
// BENCH_CHRONOS_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles Chronos alone.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAgent, type RunningAgent } from '@tessera/agent';
import { freePort, startNats, startRedis, waitFor } from '@tessera/testkit';
import { machine, quantile } from './machine.js';
import { pickProfile, pickScenarios } from './options.js';
import { cpuSeconds, cpuSecondsBetween, peakRssMiB } from './proc.js';
import { inParallel, RestClient } from './rest.js';
import { ROOT, startControlPlane, startService, stopServices } from './services.js';
import { startSimulatedAgents, waitForActiveAgents } from './sim-agents.js';

const PROFILES = {
  default: { agents: 10, seconds: 60, jobs: { k100: 100, k1000: 1_000, real20: 20 } },
  small: { agents: 3, seconds: 15, jobs: { k100: 10, k1000: 50, real20: 5 } },
} as const;
const SCENARIOS = ['k100', 'k1000', 'real20'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** The issue's targets of start-lateness p99, ms (for the default profile's K; 0 missed, 0 duplicated for all). */
const TARGET_P99_MS: Record<Scenario, number> = { k100: 50, k1000: 150, real20: 100 };
/** The real20 scenario's one agent's host name. */
const REAL_AGENT_HOSTNAME = 'bench-real';
/** How long a simulated task runs. */
const SIMULATED_TASK_MS = 100;

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    scenarios: { type: 'string', default: SCENARIOS.join(',') },
    /** The window: how many times (one a second) each job is due. */
    seconds: { type: 'string' },
    'k100-jobs': { type: 'string' },
    'k1000-jobs': { type: 'string' },
    'real20-jobs': { type: 'string' },
    /** Simulated agents. */
    agents: { type: 'string' },
    /** From the first POST to the common start of every job's schedule; the POSTs must end 1 s before it. */
    'lead-seconds': { type: 'string', default: '10' },
    /** Most POSTs (and DELETEs, and GETs of runs) in flight at once. */
    concurrency: { type: 'string', default: '50' },
    'agent-resources': {
      type: 'string',
      default: 'cpus:1000;mem:10000000;disk:10000000;ports:[1025-65000]',
    },
    'real-agent-resources': { type: 'string', default: 'cpus:2;mem:4096;disk:100000;ports:[31000-31100]' },
    /** Chronos's entry point, relative to the repository (an experimental build beside the real one). */
    'chronos-entry': { type: 'string', default: 'services/chronos/dist/main.js' },
    /** Longest wait, after the window, for every run to end. */
    'timeout-seconds': { type: 'string', default: '300' },
    out: { type: 'string', default: join(ROOT, 'bench/results/chronos.json') },
  },
});
const profile = pickProfile(PROFILES, values.profile);
const scenarios = pickScenarios(SCENARIOS, values.scenarios);
const agentCount = Number(values.agents ?? profile.agents);
const windowSeconds = Number(values.seconds ?? profile.seconds);
const jobCounts: Record<Scenario, number> = {
  k100: Number(values['k100-jobs'] ?? profile.jobs.k100),
  k1000: Number(values['k1000-jobs'] ?? profile.jobs.k1000),
  real20: Number(values['real20-jobs'] ?? profile.jobs.real20),
};
const leadMs = Number(values['lead-seconds']) * 1000;
const concurrency = Number(values.concurrency);
const timeoutMs = Number(values['timeout-seconds']) * 1000;
// Chronos keeps 100 ended runs per job by default; a longer window needs more to count every run.
const historyPerJob = Math.max(100, windowSeconds + 10);

// ------------------------------------------------------------------ Chronos's JSON (as services/chronos/src/api.ts)

interface RunAttemptJson {
  readonly attempt: number;
  readonly taskId: string;
  readonly launchedAt: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly taskState: string;
}

interface RunJson {
  readonly scheduledAt: string;
  readonly state: 'Due' | 'Launched' | 'Running' | 'Succeeded' | 'Failed' | 'Skipped' | 'Killed';
  readonly skippedCount: number;
  readonly latenessMs: number | null;
  readonly attempts: readonly RunAttemptJson[];
}

interface JobStatusJson {
  readonly name: string;
  readonly nextRun: string;
  readonly activeRuns: number;
}

/** Every job of the benchmark: due every second from `startIso`, `windowSeconds` times. */
const jobJson = (name: string, startIso: string): Record<string, unknown> => ({
  name,
  command: 'true',
  schedule: `R${windowSeconds}/${startIso}/PT1S`,
  epsilon: 'PT30S',
  cpus: 0.01,
  mem: 1,
  concurrent: true,
});

// ------------------------------------------------------------------ the figures

interface RunCounts {
  /** Run records (Skipped ones excluded). */
  runs: number;
  /** Runs whose task reached TASK_RUNNING. */
  started: number;
  succeeded: number;
  failed: number;
  killed: number;
  /** Scheduled times of the window with no record at all. */
  missed: number;
  /** Skipped records, and the scheduled times they stand for. */
  skippedRecords: number;
  skippedTimes: number;
  /** Runs whose task ran more than once, plus records of a scheduled time already recorded. */
  duplicated: number;
  /** Records whose scheduled time is not one of the window's. */
  outsideWindow: number;
  /** Attempts beyond the first (retries and relaunches). */
  extraAttempts: number;
}

/** A terminal task state that is not a success: the attempt after it is a retry, not a second run. */
const FAILED_TASK_STATES = new Set([
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
  'TASK_UNREACHABLE',
  'TASK_UNKNOWN',
]);

/** Whether more than one attempt of a run reached TASK_RUNNING without the one before it failing. */
function ranTwice(run: RunJson): boolean {
  let runningWithoutFailure = false;
  for (const attempt of [...run.attempts].sort((a, b) => a.attempt - b.attempt)) {
    if (attempt.startedAt === '') continue;
    if (runningWithoutFailure) return true;
    runningWithoutFailure = !FAILED_TASK_STATES.has(attempt.taskState);
  }
  return false;
}

/** Start latenesses, ms, and their two parts. */
interface Latenesses {
  /** By occurrence (0: the first due instant). */
  readonly byOccurrence: number[][];
  /** The scheduled time to the launch of the attempt that ran (Chronos recorded it, before its Accept): waiting for an offer and Chronos's own work. */
  readonly toLaunch: number[];
  /** That launch to TASK_RUNNING processed by Chronos: the persist, the Accept, the master, the agent and the update back. */
  readonly launchToRunning: number[];
}

/**
 * Counts one job's records against the scheduled times of the window (`windowTimes`, from `startMs`,
 * a second apart); adds each started run's lateness to `lateness`.
 */
function countRuns(
  runs: readonly RunJson[],
  startMs: number,
  windowTimes: ReadonlySet<number>,
  counts: RunCounts,
  lateness: Latenesses,
): void {
  const recorded = new Set<number>();
  for (const run of runs) {
    const atMs = Date.parse(run.scheduledAt);
    if (!windowTimes.has(atMs)) counts.outsideWindow += 1;
    if (run.state === 'Skipped') {
      counts.skippedRecords += 1;
      counts.skippedTimes += Math.max(1, run.skippedCount);
      // The times a Skipped record stands for are its own and the following ones, a second apart.
      for (let i = 0; i < Math.max(1, run.skippedCount); i++) recorded.add(atMs + i * 1000);
      continue;
    }
    counts.runs += 1;
    if (recorded.has(atMs)) counts.duplicated += 1;
    else if (ranTwice(run)) counts.duplicated += 1;
    recorded.add(atMs);
    counts.extraAttempts += Math.max(0, run.attempts.length - 1);
    if (run.state === 'Succeeded') counts.succeeded += 1;
    else if (run.state === 'Failed') counts.failed += 1;
    else if (run.state === 'Killed') counts.killed += 1;
    if (run.latenessMs !== null) {
      counts.started += 1;
      const occurrence = Math.round((atMs - startMs) / 1000);
      (lateness.byOccurrence[occurrence] ??= []).push(run.latenessMs);
      const ran = run.attempts.find((attempt) => attempt.startedAt !== '');
      if (ran !== undefined && ran.launchedAt !== '') {
        const toLaunchMs = Date.parse(ran.launchedAt) - atMs;
        lateness.toLaunch.push(toLaunchMs);
        lateness.launchToRunning.push(run.latenessMs - toLaunchMs);
      }
    }
  }
  for (const atMs of windowTimes) if (!recorded.has(atMs)) counts.missed += 1;
}

interface ScenarioResult extends RunCounts {
  jobs: number;
  windowSeconds: number;
  /** Runs expected: jobs × windowSeconds. */
  scheduledTimes: number;
  /** Start lateness of the runs that started, ms. */
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  latenessMeanMs: number;
  /** The two parts of the lateness (see Latenesses), p50 and p99. */
  toLaunchP50Ms: number;
  toLaunchP99Ms: number;
  launchToRunningP50Ms: number;
  launchToRunningP99Ms: number;
  /** p99 of the first due instant alone, and of the others (the first one finds Chronos cold). */
  latenessP99FirstSecondMs: number;
  latenessP99LaterSecondsMs: number;
  /** Runs started more than a period (1 s) late. */
  startedOver1sLate: number;
  targetP99Ms: number;
  meetsTarget: boolean;
  /** Seconds from the first POST until the last POST answered; the margin left before the common start. */
  postsSeconds: number;
  startMarginSeconds: number;
  /** Seconds from the end of the POSTs until every run had ended: the span of the CPU figures. */
  measuredSeconds: number;
  chronosCpuSeconds: number | undefined;
  masterCpuSeconds: number | undefined;
  allocatorCpuSeconds: number | undefined;
  /** This process: the simulated agents (or the real agent), and the benchmark itself. */
  benchCpuSeconds: number;
  /** Chronos's peak RSS so far (the process's high-water mark), in MiB. */
  chronosPeakRssMiB: number | undefined;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** An ISO 8601 instant without milliseconds (Chronos's own samples are written so). */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One scenario's cluster: Redis, NATS, allocator, master, its agents (in this process) and Chronos. */
interface Cluster {
  readonly rest: RestClient;
  readonly chronosProcess: ChildProcess;
  readonly masterProcess: ChildProcess;
  readonly allocatorProcess: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a cluster for `scenario` (real20: one process agent; else the simulated agents) and waits until Chronos leads. */
async function startCluster(scenario: Scenario): Promise<Cluster> {
  const workDir = mkdtempSync(join(tmpdir(), `tessera-bench-chronos-${scenario}-`));
  // Real tasks run as nobody when the agent is root: its work directory must be searchable by them.
  chmodSync(workDir, 0o755);
  const [redis, nats] = await Promise.all([startRedis(), startNats()]);
  const { master, masterProcess, allocatorProcess } = await startControlPlane({
    redisUrl: redis.url,
    natsUrl: nats.url,
  });
  let agents: RunningAgent[];
  if (scenario === 'real20') {
    agents = [
      await startAgent({
        master,
        executor: 'process',
        serveApi: false,
        hostname: REAL_AGENT_HOSTNAME,
        workDir: join(workDir, 'real-agent'),
        resources: values['real-agent-resources'],
        checkpoint: false,
        bootId: 'bench-boot-real',
        logLevel: 'warn',
      }),
    ];
    await waitForActiveAgents(master, 1);
  } else {
    // Simulated backend, no API servers of their own.
    agents = await startSimulatedAgents(master, agentCount, workDir, values['agent-resources']);
  }

  const [chronosPort, chronosHttp] = await Promise.all([freePort(), freePort()]);
  const chronosProcess = await startService(
    values['chronos-entry'],
    [
      '--master',
      master,
      '--http-port',
      String(chronosHttp),
      '--port',
      String(chronosPort),
      '--redis-url',
      redis.url,
      '--nats-url',
      nats.url,
      '--task-labels',
      `tessera.simulated.duration_ms=${SIMULATED_TASK_MS}`,
      '--history-per-job',
      String(historyPerJob),
    ],
    `http://127.0.0.1:${chronosHttp}/healthz`,
    // BENCH_CHRONOS_NODE_ARGS: node flags for Chronos alone.
    process.env['BENCH_CHRONOS_NODE_ARGS'] ?? '',
  );
  const rest = new RestClient(`http://127.0.0.1:${chronosHttp}`);
  // A follower (and Chronos before its election) answers 503.
  await waitFor(async () => (await rest.send('GET', '/v1/scheduler/jobs')).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: 'Chronos to lead',
  });
  console.error(`${scenario}: ${agents.length} agent(s) registered; Chronos leads`);
  return {
    rest,
    chronosProcess,
    masterProcess,
    allocatorProcess,
    stop: async () => {
      await Promise.all(agents.map((agent) => agent.stop()));
      await stopServices();
      await Promise.all([redis.stop(), nats.stop()]);
    },
  };
}

/** A scenario that did not finish: why, and how far it got. */
interface FailedScenario {
  jobs: number;
  windowSeconds: number;
  /** Why it failed. */
  error: string;
  /** Seconds from the end of the POSTs until the failure was seen, when it was after them. */
  failedAfterSeconds?: number;
  chronosCpuSeconds?: number | undefined;
  masterCpuSeconds?: number | undefined;
  chronosPeakRssMiB?: number | undefined;
}

class ScenarioFailedError extends Error {
  override readonly name = 'ScenarioFailedError';
  constructor(readonly failure: FailedScenario) {
    super(failure.error);
  }
}

/**
 * Posts the scenario's jobs, waits for the window and for every run to end,
 * reads every job's runs, and deletes the jobs. Throws ScenarioFailedError when
 * Chronos exits or the runs do not end within the timeout.
 */
async function runScenario(scenario: Scenario, cluster: Cluster): Promise<ScenarioResult> {
  const { rest, chronosProcess, masterProcess, allocatorProcess } = cluster;
  const jobCount = jobCounts[scenario];
  const names = Array.from({ length: jobCount }, (_, i) => `bench-${scenario}-${String(i).padStart(4, '0')}`);
  // The common start: on a whole second, at least `lead` after the first POST.
  const postsStart = Date.now();
  const startMs = Math.ceil((postsStart + leadMs) / 1000) * 1000;
  const startIso = isoSeconds(startMs);
  const windowTimes = new Set(Array.from({ length: windowSeconds }, (_, k) => startMs + k * 1000));
  await inParallel(names, concurrency, (name) =>
    rest.expect('POST', '/v1/scheduler/iso8601', jobJson(name, startIso), [204]),
  );
  const postsEnd = Date.now();
  if (postsEnd > startMs - 1000)
    throw new ScenarioFailedError({
      jobs: jobCount,
      windowSeconds,
      error: `the POSTs took ${(postsEnd - postsStart) / 1000} s and ended less than 1 s before the common start; raise --lead-seconds`,
    });
  const pids = { chronos: chronosProcess.pid, master: masterProcess.pid, allocator: allocatorProcess.pid };
  const cpuBefore = {
    chronos: cpuSeconds(pids.chronos),
    master: cpuSeconds(pids.master),
    allocator: cpuSeconds(pids.allocator),
    bench: process.cpuUsage(),
  };
  const measureStart = performance.now();
  console.error(
    `${scenario}: ${jobCount} jobs posted in ${((postsEnd - postsStart) / 1000).toFixed(2)} s, due every second from ${startIso} for ${windowSeconds} s`,
  );

  // Nothing asks Chronos anything during the window.
  const lastDueMs = startMs + (windowSeconds - 1) * 1000;
  await sleep(lastDueMs + 1000 - Date.now());
  // Every job used up (no next run) and no run active; polled every second.
  const deadline = performance.now() + timeoutMs;
  const failure = (error: string): ScenarioFailedError =>
    new ScenarioFailedError({
      jobs: jobCount,
      windowSeconds,
      error,
      failedAfterSeconds: round((performance.now() - measureStart) / 1000, 1),
      chronosCpuSeconds: cpuSecondsBetween(cpuBefore.chronos, cpuSeconds(pids.chronos)),
      masterCpuSeconds: cpuSecondsBetween(cpuBefore.master, cpuSeconds(pids.master)),
      chronosPeakRssMiB: peakRssMiB(pids.chronos),
    });
  for (;;) {
    // NOTE: /proc of an exited (reaped) process is gone: its CPU and RSS are then unknown.
    if (chronosProcess.exitCode !== null || chronosProcess.signalCode !== null)
      throw failure(
        `Chronos exited (${chronosProcess.signalCode ?? `code ${chronosProcess.exitCode}`}); its log is on stderr`,
      );
    const listed = await rest.send<JobStatusJson[]>('GET', '/v1/scheduler/jobs').catch(() => undefined);
    const jobs = listed?.status === 200 ? listed.body.filter((job) => job.name.startsWith(`bench-${scenario}-`)) : [];
    if (jobs.length === jobCount && jobs.every((job) => job.nextRun === '' && job.activeRuns === 0)) break;
    if (performance.now() > deadline) throw failure(`runs still active ${timeoutMs / 1000} s after the window`);
    await sleep(1000);
  }
  const measuredSeconds = (performance.now() - measureStart) / 1000;
  const bench = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    chronos: cpuSecondsBetween(cpuBefore.chronos, cpuSeconds(pids.chronos)),
    master: cpuSecondsBetween(cpuBefore.master, cpuSeconds(pids.master)),
    allocator: cpuSecondsBetween(cpuBefore.allocator, cpuSeconds(pids.allocator)),
    bench: round((bench.user + bench.system) / 1e6, 2),
  };

  const counts: RunCounts = {
    runs: 0,
    started: 0,
    succeeded: 0,
    failed: 0,
    killed: 0,
    missed: 0,
    skippedRecords: 0,
    skippedTimes: 0,
    duplicated: 0,
    outsideWindow: 0,
    extraAttempts: 0,
  };
  const lateness: Latenesses = { byOccurrence: [], toLaunch: [], launchToRunning: [] };
  await inParallel(names, concurrency, async (name) => {
    const runs = await rest.expect<RunJson[]>(
      'GET',
      `/v1/scheduler/job/${encodeURIComponent(name)}/runs?limit=${windowSeconds + 10}`,
      undefined,
      [200],
    );
    countRuns(runs, startMs, windowTimes, counts, lateness);
  });
  const ascending = (list: readonly number[]): number[] => [...list].sort((a, b) => a - b);
  const all = ascending(lateness.byOccurrence.flat());
  const first = ascending(lateness.byOccurrence[0] ?? []);
  const toLaunch = ascending(lateness.toLaunch);
  const launchToRunning = ascending(lateness.launchToRunning);
  const later = lateness.byOccurrence
    .slice(1)
    .flat()
    .sort((a, b) => a - b);
  const p99 = quantile(all, 0.99);

  const result: ScenarioResult = {
    jobs: jobCount,
    windowSeconds,
    scheduledTimes: jobCount * windowSeconds,
    ...counts,
    latenessP50Ms: round(quantile(all, 0.5)),
    latenessP99Ms: round(p99),
    latenessMaxMs: round(all.at(-1) ?? Number.NaN),
    latenessMeanMs: round(all.reduce((sum, ms) => sum + ms, 0) / all.length),
    toLaunchP50Ms: round(quantile(toLaunch, 0.5)),
    toLaunchP99Ms: round(quantile(toLaunch, 0.99)),
    launchToRunningP50Ms: round(quantile(launchToRunning, 0.5)),
    launchToRunningP99Ms: round(quantile(launchToRunning, 0.99)),
    latenessP99FirstSecondMs: round(quantile(first, 0.99)),
    latenessP99LaterSecondsMs: round(quantile(later, 0.99)),
    startedOver1sLate: all.filter((ms) => ms > 1000).length,
    targetP99Ms: TARGET_P99_MS[scenario],
    meetsTarget: p99 <= TARGET_P99_MS[scenario] && counts.missed === 0 && counts.duplicated === 0,
    postsSeconds: round((postsEnd - postsStart) / 1000, 3),
    startMarginSeconds: round((startMs - postsEnd) / 1000, 3),
    measuredSeconds: round(measuredSeconds, 2),
    chronosCpuSeconds: cpu.chronos,
    masterCpuSeconds: cpu.master,
    allocatorCpuSeconds: cpu.allocator,
    benchCpuSeconds: cpu.bench,
    chronosPeakRssMiB: peakRssMiB(pids.chronos),
  };
  console.error(`${scenario}: ${JSON.stringify(result)}`);
  return result;
}

async function main(): Promise<void> {
  const results: Partial<Record<Scenario, ScenarioResult | FailedScenario>> = {};
  for (const scenario of scenarios) {
    const cluster = await startCluster(scenario);
    try {
      results[scenario] = await runScenario(scenario, cluster);
    } catch (error) {
      if (!(error instanceof ScenarioFailedError)) throw error;
      console.error(`${scenario} FAILED: ${JSON.stringify(error.failure)}`);
      results[scenario] = error.failure;
    } finally {
      await cluster.stop();
    }
  }

  const result = {
    benchmark: 'chronos',
    date: new Date().toISOString(),
    machine: machine(),
    parameters: {
      profile: values.profile,
      agents: agentCount,
      agentResources: values['agent-resources'],
      realAgent: {
        hostname: REAL_AGENT_HOSTNAME,
        executor: 'process',
        resources: values['real-agent-resources'],
        user: 'the agent default (nobody when root)',
      },
      cluster: 'a new one per scenario (Redis, NATS, allocator, master, agents, Chronos)',
      chronosEntry: values['chronos-entry'],
      chronosFlags: {
        taskLabels: `tessera.simulated.duration_ms=${SIMULATED_TASK_MS}`,
        historyPerJob,
      },
      store: 'redis',
      bus: 'nats',
      job: jobJson('bench-<scenario>-<i>', '<start>'),
      windowSeconds,
      leadSeconds: leadMs / 1000,
      jobs: Object.fromEntries(scenarios.map((s) => [s, jobCounts[s]])),
      lateness:
        'RunJson.latenessMs: the scheduled time to Chronos processing the first TASK_RUNNING of the run (Chronos clock)',
    },
    results: Object.fromEntries(
      scenarios.map((s) => [`${s === 'real20' ? 'real' : 'simulated'}${jobCounts[s]}Jobs`, results[s]]),
    ),
  };
  mkdirSync(join(values.out, '..'), { recursive: true });
  writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
  // p99 split: scheduled → launch recorded, and launch → TASK_RUNNING.
  console.log(
    'scenario              runs  p50 ms  p99 ms  max ms  target  →launch p99  →running p99  missed  skipped  dup  chronos cpu s  master cpu s  RSS MiB',
  );
  for (const [name, figures] of Object.entries(result.results) as [string, ScenarioResult | FailedScenario][]) {
    if ('error' in figures) {
      console.log(`${name.padEnd(20)} FAILED: ${figures.error}`);
      continue;
    }
    const cells = [
      [name, -20],
      [figures.runs, 5],
      [figures.latenessP50Ms.toFixed(1), 7],
      [figures.latenessP99Ms.toFixed(1), 7],
      [figures.latenessMaxMs.toFixed(1), 7],
      [`≤${figures.targetP99Ms}`, 7],
      [figures.toLaunchP99Ms.toFixed(1), 12],
      [figures.launchToRunningP99Ms.toFixed(1), 13],
      [figures.missed, 7],
      [figures.skippedTimes, 8],
      [figures.duplicated, 4],
      [figures.chronosCpuSeconds ?? '?', 14],
      [figures.masterCpuSeconds ?? '?', 13],
      [figures.chronosPeakRssMiB ?? '?', 8],
    ] as const;
    console.log(
      cells.map(([cell, width]) => (width < 0 ? String(cell).padEnd(-width) : String(cell).padStart(width))).join(' '),
    );
  }

  if (Object.values(results).some((figures) => 'error' in figures)) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
