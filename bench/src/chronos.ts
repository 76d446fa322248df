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
// Three scenarios, in order on one cluster, each scenario's jobs deleted before the next:
//   k100, k1000 — 100 and 1,000 jobs on simulated agents (a task runs 100 ms:
//                 Chronos adds the label tessera.simulated.duration_ms=100);
//   real20      — 20 jobs running `true` as real processes on one agent (the
//                 process executor, in this process; the jobs are constrained to it).
// Writes bench/results/chronos.json.
//
//   node bench/dist/chronos.js [--profile default|small] [--scenarios k100,k1000,real20]
//     [--seconds N] [--k100-jobs K] [--k1000-jobs K] [--real20-jobs K] [--agents A]
//     [--lead-seconds S] [--chronos-entry PATH] [--out FILE]
//
// BENCH_CHRONOS_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles Chronos alone.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAgent, type RunningAgent } from '@tessera/agent';
import { freePort, startNats, startRedis, waitFor } from '@tessera/testkit';
import { machine, quantile } from './machine.js';
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
/** The one real agent's host name; the real20 jobs are constrained to it. */
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
const profile = PROFILES[values.profile as keyof typeof PROFILES];
if (profile === undefined)
  throw new Error(`unknown profile ${values.profile}; known: ${Object.keys(PROFILES).join(', ')}`);
const scenarios = values.scenarios.split(',').map((name) => {
  if (!(SCENARIOS as readonly string[]).includes(name))
    throw new Error(`unknown scenario ${name}; known: ${SCENARIOS.join(', ')}`);
  return name as Scenario;
});
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
const jobJson = (name: string, startIso: string, onRealAgent: boolean): Record<string, unknown> => ({
  name,
  command: 'true',
  schedule: `R${windowSeconds}/${startIso}/PT1S`,
  epsilon: 'PT30S',
  cpus: 0.01,
  mem: 1,
  concurrent: true,
  ...(onRealAgent ? { constraints: [['hostname', 'EQUALS', REAL_AGENT_HOSTNAME]] } : {}),
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

/**
 * Counts one job's records against the scheduled times of the window (`windowTimes`, from `startMs`,
 * a second apart); adds each started run's lateness to `lateness[occurrence]`.
 */
function countRuns(
  runs: readonly RunJson[],
  startMs: number,
  windowTimes: ReadonlySet<number>,
  counts: RunCounts,
  lateness: number[][],
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
      (lateness[occurrence] ??= []).push(run.latenessMs);
    }
  }
  for (const atMs of windowTimes) if (!recorded.has(atMs)) counts.missed += 1;
}

interface ScenarioResult {
  jobs: number;
  windowSeconds: number;
  /** Runs expected: jobs × windowSeconds. */
  scheduledTimes: number;
  runs: number;
  started: number;
  succeeded: number;
  failed: number;
  killed: number;
  missed: number;
  skippedRecords: number;
  skippedTimes: number;
  duplicated: number;
  outsideWindow: number;
  extraAttempts: number;
  /** Start lateness of the runs that started, ms. */
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  latenessMeanMs: number;
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

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'tessera-bench-chronos-'));
  // Real tasks run as nobody when the agent is root: its work directory must be searchable by them.
  chmodSync(workDir, 0o755);
  const [redis, nats] = await Promise.all([startRedis(), startNats()]);
  const { master, masterProcess, allocatorProcess } = await startControlPlane({
    redisUrl: redis.url,
    natsUrl: nats.url,
  });

  // Agents: simulated backend, no API servers of their own, all in this process.
  const agents = await startSimulatedAgents(master, agentCount, workDir, values['agent-resources']);

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
  console.error(`${agentCount} agents registered; Chronos leads`);
  let realAgent: RunningAgent | undefined;

  const runScenario = async (scenario: Scenario): Promise<ScenarioResult> => {
    const jobCount = jobCounts[scenario];
    const names = Array.from({ length: jobCount }, (_, i) => `bench-${scenario}-${String(i).padStart(4, '0')}`);
    // The common start: on a whole second, at least `lead` after the first POST.
    const postsStart = Date.now();
    const startMs = Math.ceil((postsStart + leadMs) / 1000) * 1000;
    const startIso = isoSeconds(startMs);
    const windowTimes = new Set(Array.from({ length: windowSeconds }, (_, k) => startMs + k * 1000));
    await inParallel(names, concurrency, (name) =>
      rest.expect('POST', '/v1/scheduler/iso8601', jobJson(name, startIso, scenario === 'real20'), [204]),
    );
    const postsEnd = Date.now();
    if (postsEnd > startMs - 1000)
      throw new Error(
        `${scenario}: the POSTs took ${(postsEnd - postsStart) / 1000} s and ended less than 1 s before the common start; raise --lead-seconds`,
      );
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
    for (;;) {
      if (chronosProcess.exitCode !== null || chronosProcess.signalCode !== null)
        throw new Error(`${scenario}: Chronos exited (${chronosProcess.signalCode ?? chronosProcess.exitCode})`);
      const listed = await rest.send<JobStatusJson[]>('GET', '/v1/scheduler/jobs').catch(() => undefined);
      const jobs = listed?.status === 200 ? listed.body.filter((job) => job.name.startsWith(`bench-${scenario}-`)) : [];
      if (jobs.length === jobCount && jobs.every((job) => job.nextRun === '' && job.activeRuns === 0)) break;
      if (performance.now() > deadline) throw new Error(`${scenario}: timed out waiting for every run to end`);
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
    /** Latenesses by occurrence (0: the first due instant). */
    const latenessByOccurrence: number[][] = [];
    await inParallel(names, concurrency, async (name) => {
      const runs = await rest.expect<RunJson[]>(
        'GET',
        `/v1/scheduler/job/${encodeURIComponent(name)}/runs?limit=${windowSeconds + 10}`,
        undefined,
        [200],
      );
      countRuns(runs, startMs, windowTimes, counts, latenessByOccurrence);
    });
    const all = latenessByOccurrence.flat().sort((a, b) => a - b);
    const first = [...(latenessByOccurrence[0] ?? [])].sort((a, b) => a - b);
    const later = latenessByOccurrence
      .slice(1)
      .flat()
      .sort((a, b) => a - b);
    const p99 = quantile(all, 0.99);

    await inParallel(names, concurrency, (name) =>
      rest.expect('DELETE', `/v1/scheduler/job/${encodeURIComponent(name)}`, undefined, [200, 204]),
    );
    const result: ScenarioResult = {
      jobs: jobCount,
      windowSeconds,
      scheduledTimes: jobCount * windowSeconds,
      ...counts,
      latenessP50Ms: round(quantile(all, 0.5)),
      latenessP99Ms: round(p99),
      latenessMaxMs: round(all.at(-1) ?? Number.NaN),
      latenessMeanMs: round(all.reduce((sum, ms) => sum + ms, 0) / all.length),
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
  };

  const results: Partial<Record<Scenario, ScenarioResult>> = {};
  for (const scenario of scenarios) {
    if (scenario === 'real20' && realAgent === undefined) {
      // One agent with the process executor, in this process; only the real20 jobs are constrained to it.
      realAgent = await startAgent({
        master,
        executor: 'process',
        serveApi: false,
        hostname: REAL_AGENT_HOSTNAME,
        workDir: join(workDir, 'real-agent'),
        resources: values['real-agent-resources'],
        checkpoint: false,
        bootId: 'bench-boot-real',
        logLevel: 'warn',
      });
      await waitForActiveAgents(master, agentCount + 1);
    }
    results[scenario] = await runScenario(scenario);
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
      chronosEntry: values['chronos-entry'],
      chronosFlags: {
        taskLabels: `tessera.simulated.duration_ms=${SIMULATED_TASK_MS}`,
        historyPerJob,
      },
      store: 'redis',
      bus: 'nats',
      job: jobJson('bench-<scenario>-<i>', '<start>', false),
      realJobConstraints: [['hostname', 'EQUALS', REAL_AGENT_HOSTNAME]],
      windowSeconds,
      leadSeconds: leadMs / 1000,
      jobs: Object.fromEntries(scenarios.map((s) => [s, jobCounts[s]])),
      lateness:
        'RunJson.latenessMs: the scheduled time to Chronos processing the first TASK_RUNNING of the run (Chronos clock)',
    },
    results: {
      ...Object.fromEntries(
        scenarios.map((s) => [`${s === 'real20' ? 'real' : 'simulated'}${jobCounts[s]}Jobs`, results[s]]),
      ),
      chronosPeakRssMiB: peakRssMiB(chronosProcess.pid),
    },
  };
  mkdirSync(join(values.out, '..'), { recursive: true });
  writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
  console.log(
    'scenario              runs  p50 ms  p99 ms  max ms  target  missed  skipped  dup  chronos cpu s  master cpu s  RSS MiB',
  );
  for (const [name, figures] of Object.entries(result.results) as [string, ScenarioResult | number | undefined][]) {
    if (typeof figures !== 'object') continue;
    console.log(
      `${name.padEnd(20)} ${String(figures.runs).padStart(5)} ${figures.latenessP50Ms.toFixed(1).padStart(7)} ` +
        `${figures.latenessP99Ms.toFixed(1).padStart(7)} ${figures.latenessMaxMs.toFixed(1).padStart(7)} ` +
        `${`≤${figures.targetP99Ms}`.padStart(7)} ${String(figures.missed).padStart(7)} ` +
        `${String(figures.skippedTimes).padStart(8)} ${String(figures.duplicated).padStart(4)} ` +
        `${String(figures.chronosCpuSeconds ?? '?').padStart(14)} ${String(figures.masterCpuSeconds ?? '?').padStart(13)} ` +
        `${String(figures.chronosPeakRssMiB ?? '?').padStart(8)}`,
    );
  }

  await realAgent?.stop();
  await Promise.all(agents.map((a) => a.stop()));
  await stopServices();
  await Promise.all([redis.stop(), nats.stop()]);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
