// bench/marathon: Marathon's REST v2 API driven through real master, allocator
// and Marathon processes (with a real redis-server and nats-server) and
// simulated agents (tasks report TASK_RUNNING; no process runs). Three
// scenarios, run in order on one cluster, each app removed before the next:
//   scale   — one app scaled 0 → N instances: seconds from the PUT until N run;
//   apps    — M one-instance apps POSTed at once (C in flight): seconds from the
//             first POST until all M run;
//   restart — one app of R running instances given a new cmd (default
//             upgradeStrategy): seconds from the PUT until its deployment ends
//             with R new instances running.
// Writes bench/results/marathon.json.
//
//   node bench/dist/marathon.js [--profile default|small] [--scenarios scale,apps,restart]
//     [--instances N] [--apps M] [--restart-instances R] [--agents A] [--marathon-entry PATH]
//
// BENCH_MARATHON_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles Marathon alone;
// BENCH_TRACE=1 prints the scale scenario's counts at every poll.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startNats, startRedis } from '@tessera/testkit';
import { cpuSeconds, cpuSecondsBetween, peakRssMiB } from './proc.js';
import { inParallel, RestClient } from './rest.js';
import { ROOT, startControlPlane, startService, stopServices } from './services.js';
import { startSimulatedAgents } from './sim-agents.js';
import { machine } from './machine.js';
import { pickProfile, pickScenarios } from './options.js';

const PROFILES = {
  default: { agents: 20, instances: 10_000, apps: 1_000, restartInstances: 1_000 },
  small: { agents: 5, instances: 1_000, apps: 100, restartInstances: 100 },
} as const;
const SCENARIOS = ['scale', 'apps', 'restart'] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    scenarios: { type: 'string', default: SCENARIOS.join(',') },
    agents: { type: 'string' },
    instances: { type: 'string' },
    apps: { type: 'string' },
    'restart-instances': { type: 'string' },
    /** Most POSTs of the apps scenario in flight at once. */
    concurrency: { type: 'string', default: '50' },
    'agent-resources': {
      type: 'string',
      default: 'cpus:1000;mem:10000000;disk:10000000;ports:[1025-65000]',
    },
    /** Marathon's entry point, relative to the repository (an experimental build beside the real one). */
    'marathon-entry': { type: 'string', default: 'services/marathon/dist/main.js' },
    /** Longest a scenario may take before the run fails. */
    'timeout-seconds': { type: 'string', default: '600' },
    out: { type: 'string', default: join(ROOT, 'bench/results/marathon.json') },
  },
});
const profile = pickProfile(PROFILES, values.profile);
const scenarios = pickScenarios(SCENARIOS, values.scenarios);
const agentCount = Number(values.agents ?? profile.agents);
const instanceCount = Number(values.instances ?? profile.instances);
const appCount = Number(values.apps ?? profile.apps);
const restartInstances = Number(values['restart-instances'] ?? profile.restartInstances);
const concurrency = Number(values.concurrency);
const timeoutMs = Number(values['timeout-seconds']) * 1000;

/** Every app of the benchmark: a command nobody runs (the agents are simulated), no health checks. */
const appJson = (id: string, instances: number, cmd = 'sleep 1000'): Record<string, unknown> => ({
  id,
  cmd,
  cpus: 0.01,
  mem: 1,
  instances,
});

/** Marathon's /v2 API. */
class Rest extends RestClient {
  /** Running and total instance counts of the apps under `prefix` (the list view: no tasks embedded). */
  async counts(prefix: string): Promise<{ apps: number; running: number; staged: number }> {
    const { body } = await this.send<{ apps: { tasksRunning: number; tasksStaged: number }[] }>(
      'GET',
      `/v2/apps?id=${encodeURIComponent(prefix)}`,
    );
    let running = 0;
    let staged = 0;
    for (const app of body.apps) {
      running += app.tasksRunning;
      staged += app.tasksStaged;
    }
    return { apps: body.apps.length, running, staged };
  }
}

/**
 * `/v2/events` read as a plain HTTP client would: counts status updates to
 * TASK_RUNNING and remembers when each deployment succeeded. A stream that
 * Marathon drops (a slow client) is noted; the polls still decide then.
 */
class EventCounter {
  /** Task IDs seen TASK_RUNNING, and when the last one arrived. */
  readonly running = new Set<string>();
  readonly deploymentSucceededAt = new Map<string, number>();
  lastRunningAt = Number.NaN;
  dropped = false;
  private readonly request: ClientRequest;
  readonly opened: Promise<void>;

  constructor(baseUrl: string) {
    let opened!: () => void;
    this.opened = new Promise<void>((resolve) => (opened = resolve));
    let buffer = '';
    this.request = httpRequest(
      `${baseUrl}/v2/events?event_type=status_update_event&event_type=deployment_success`,
      { headers: { accept: 'text/event-stream' } },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            this.onBlock(block, opened);
          }
        });
        response.on('close', () => (this.dropped = true));
        response.on('error', () => (this.dropped = true));
      },
    );
    this.request.on('error', () => (this.dropped = true));
    this.request.end();
  }

  close(): void {
    this.request.destroy();
  }

  private onBlock(block: string, opened: () => void): void {
    let eventType = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) eventType = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (eventType === 'event_stream_attached') return opened();
    if (data === '') return;
    const event = JSON.parse(data) as Record<string, unknown>;
    if (eventType === 'status_update_event' && event['taskStatus'] === 'TASK_RUNNING') {
      this.running.add(String(event['taskId']));
      this.lastRunningAt = performance.now();
    } else if (eventType === 'deployment_success') {
      this.deploymentSucceededAt.set(String(event['id']), performance.now());
    }
  }
}

interface ScenarioResult {
  /** Seconds from the first request until the goal, by the event stream (or by the poll when the stream was dropped). */
  seconds: number;
  /** Seconds until a poll (every 250 ms) saw the goal: at most 250 ms plus one GET later than `seconds`. */
  polledSeconds: number;
  /** Marathon's CPU seconds used during the scenario. */
  marathonCpuSeconds: number | undefined;
  /** Marathon's peak RSS so far (the process's high-water mark), in MiB. */
  marathonPeakRssMiB: number | undefined;
  eventsDropped: boolean;
  [detail: string]: unknown;
}

const POLL_MS = 250;

/** Polls `done` every 250 ms until it holds; returns when (performance.now()) it was seen. */
async function pollUntil(what: string, done: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  for (;;) {
    // NOTE: a GET may fail while Marathon's event loop is blocked (the connection is reset); the poll goes on.
    const seen = await done().catch((error: unknown) => {
      console.error(`poll for ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    });
    if (seen) return performance.now();
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Removes every app under `prefix` and waits until none is left and no deployment runs. */
async function removeApps(rest: Rest, ids: readonly string[]): Promise<void> {
  await inParallel(ids, concurrency, (id) => rest.expect('DELETE', `/v2/apps${id}?force=true`, undefined, [200, 404]));
  await pollUntil('apps removed and deployments done', async () => {
    const deployments = (await rest.send<unknown[]>('GET', '/v2/deployments')).body;
    return deployments.length === 0;
  });
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'tessera-bench-marathon-'));
  const [redis, nats] = await Promise.all([startRedis(), startNats()]);
  const { master } = await startControlPlane({ redisUrl: redis.url, natsUrl: nats.url });
  const [marathonPort, marathonHttp] = await Promise.all([freePort(), freePort()]);

  // Agents: simulated backend, no API servers of their own, all in this process.
  const agents = await startSimulatedAgents(master, agentCount, workDir, values['agent-resources']);

  const marathonProcess = await startService(
    values['marathon-entry'],
    [
      '--master',
      master,
      '--http-port',
      String(marathonHttp),
      '--port',
      String(marathonPort),
      '--redis-url',
      redis.url,
      '--nats-url',
      nats.url,
    ],
    `http://127.0.0.1:${marathonHttp}/v2/info`,
    // BENCH_MARATHON_NODE_ARGS: node flags for Marathon alone.
    process.env['BENCH_MARATHON_NODE_ARGS'] ?? '',
  );
  const marathonPid = marathonProcess.pid;
  const rest = new Rest(`http://127.0.0.1:${marathonHttp}`);
  // A new stream for each scenario: Marathon drops a slow one (the removal of the last scenario's instances may).
  let events = new EventCounter(rest.baseUrl);
  console.error(`${agentCount} agents registered; Marathon leads`);

  /** Measures `run` (which returns when its goal was seen by poll and by events), with Marathon's CPU and RSS. */
  const measure = async (
    name: Scenario,
    run: (start: number) => Promise<{ polledAt: number; eventAt: number; details?: Record<string, unknown> }>,
  ): Promise<ScenarioResult> => {
    events.close();
    events = new EventCounter(rest.baseUrl);
    await events.opened;
    const cpuBefore = cpuSeconds(marathonPid);
    const start = performance.now();
    const { polledAt, eventAt, details } = await run(start);
    const cpuAfter = cpuSeconds(marathonPid);
    const useEvents = !events.dropped && Number.isFinite(eventAt);
    const result: ScenarioResult = {
      seconds: Number((((useEvents ? eventAt : polledAt) - start) / 1000).toFixed(3)),
      polledSeconds: Number(((polledAt - start) / 1000).toFixed(3)),
      marathonCpuSeconds: cpuSecondsBetween(cpuBefore, cpuAfter),
      marathonPeakRssMiB: peakRssMiB(marathonPid),
      eventsDropped: events.dropped,
      ...details,
    };
    console.error(`${name}: ${JSON.stringify(result)}`);
    return result;
  };

  const results: Partial<Record<Scenario, ScenarioResult>> = {};
  for (const scenario of scenarios) {
    if (scenario === 'scale') {
      const id = '/bench/scale';
      await rest.expect('POST', '/v2/apps', appJson(id, 0), [201]);
      await pollUntil(
        'the empty app deployed',
        async () => (await rest.send<unknown[]>('GET', '/v2/deployments')).body.length === 0,
      );
      results.scale = await measure('scale', async (start) => {
        await rest.expect('PUT', `/v2/apps${id}`, { instances: instanceCount }, [200]);
        const polledAt = await pollUntil(`${instanceCount} instances running`, async () => {
          const counts = await rest.counts(id);
          if (process.env['BENCH_TRACE'] !== undefined)
            console.error(
              `${((performance.now() - start) / 1000).toFixed(2)} s: ${JSON.stringify(counts)} events ${events.running.size}`,
            );
          return counts.running >= instanceCount;
        });
        return { polledAt, eventAt: events.running.size >= instanceCount ? events.lastRunningAt : Number.NaN };
      });
      // The single-app GET (tasks embedded) at this size, once: what a UI pays.
      const getStart = performance.now();
      const app = await rest.expect<{ app: { tasksRunning: number } }>('GET', `/v2/apps${id}`, undefined, [200]);
      (results.scale as ScenarioResult)['getAppSeconds'] = Number(((performance.now() - getStart) / 1000).toFixed(3));
      if (app.app.tasksRunning !== instanceCount)
        throw new Error(`GET /v2/apps${id} shows ${app.app.tasksRunning} running, not ${instanceCount}`);
      await removeApps(rest, [id]);
    } else if (scenario === 'apps') {
      const ids = Array.from({ length: appCount }, (_, i) => `/bench/many/app-${i}`);
      results.apps = await measure('apps', async (start) => {
        let postedAt = start;
        await inParallel(ids, concurrency, async (id) => {
          await rest.expect('POST', '/v2/apps', appJson(id, 1), [201]);
          postedAt = performance.now();
        });
        const polledAt = await pollUntil(`${appCount} apps running`, async () => {
          const counts = await rest.counts('/bench/many/');
          return counts.apps === appCount && counts.running >= appCount;
        });
        return {
          polledAt,
          eventAt: events.running.size >= appCount ? events.lastRunningAt : Number.NaN,
          details: { postsSeconds: Number(((postedAt - start) / 1000).toFixed(3)) },
        };
      });
      await removeApps(rest, ids);
    } else {
      const id = '/bench/restart';
      await rest.expect('POST', '/v2/apps', appJson(id, restartInstances), [201]);
      await pollUntil(
        `${restartInstances} instances running before the restart`,
        async () =>
          (await rest.send<unknown[]>('GET', '/v2/deployments')).body.length === 0 &&
          (await rest.counts(id)).running >= restartInstances,
      );
      results.restart = await measure('restart', async () => {
        const { deploymentId, version } = await rest.expect<{ deploymentId: string; version: string }>(
          'PUT',
          `/v2/apps${id}`,
          { cmd: 'sleep 1001' },
          [200],
        );
        const polledAt = await pollUntil('the restart deployment to end', async () => {
          const deployments = (await rest.send<{ id: string }[]>('GET', '/v2/deployments')).body;
          return !deployments.some((d) => d.id === deploymentId);
        });
        const { app } = await rest.expect<{
          app: { tasksRunning: number; tasks: { version: string; state: string }[] };
        }>('GET', `/v2/apps${id}`, undefined, [200]);
        const renewed = app.tasks.filter((t) => t.version === version && t.state === 'TASK_RUNNING').length;
        if (renewed !== restartInstances || app.tasks.length !== restartInstances)
          throw new Error(
            `after the restart: ${renewed} new instances running of ${app.tasks.length}, not ${restartInstances}`,
          );
        return { polledAt, eventAt: events.deploymentSucceededAt.get(deploymentId) ?? Number.NaN };
      });
      await removeApps(rest, [id]);
    }
  }

  const result = {
    benchmark: 'marathon',
    date: new Date().toISOString(),
    machine: machine(),
    parameters: {
      profile: values.profile,
      agents: agentCount,
      marathonEntry: values['marathon-entry'],
      agentResources: values['agent-resources'],
      executor: 'simulated',
      store: 'redis',
      bus: 'nats',
      app: appJson('/…', 0),
      scaleInstances: instanceCount,
      apps: appCount,
      appsConcurrency: concurrency,
      restartInstances,
    },
    results: {
      ...(results.scale === undefined ? {} : { [`scale0To${instanceCount}`]: results.scale }),
      ...(results.apps === undefined ? {} : { [`post${appCount}Apps`]: results.apps }),
      ...(results.restart === undefined ? {} : { [`restart${restartInstances}`]: results.restart }),
      marathonPeakRssMiB: peakRssMiB(marathonPid),
    },
  };
  mkdirSync(join(values.out, '..'), { recursive: true });
  writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
  console.log('scenario                         seconds  polled   marathon cpu s  peak RSS MiB');
  for (const [name, figures] of Object.entries(result.results) as [string, ScenarioResult | number | undefined][]) {
    if (typeof figures !== 'object') continue;
    console.log(
      `${name.padEnd(32)} ${figures.seconds.toFixed(2).padStart(7)} ${figures.polledSeconds.toFixed(2).padStart(7)} ` +
        `${String(figures.marathonCpuSeconds ?? '?').padStart(15)} ${String(figures.marathonPeakRssMiB ?? '?').padStart(13)}`,
    );
  }

  events.close();
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
