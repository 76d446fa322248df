// bench/failover: several masters against one Redis (append-only, fsync every
// second), a registry of simulated agents and running tasks, and K kill -9s of
// whichever master leads. Each failover is timed from the SIGKILL to the first
// call a surviving master answers as leader (its registry loaded); the killed
// master is started again as a follower before the next kill. Writes
// bench/results/failover.json.
//
//   node bench/dist/failover.js [--profile default|small] [--kills K] [--masters M] [--agents N] [--tasks T]
//     [--master-flags="--leader-lease-ms 1200"]
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call, operatorClient, SchedulerSession, type OperatorClient } from '@tessera/client';
import { parseResources } from '@tessera/domain';
import { taskRequestFromResources } from '@tessera/framework';
import type { v1 } from '@tessera/proto';
import { freePort, startNats, startRedis, waitFor } from '@tessera/testkit';
import { launchUntilRunning } from './launcher.js';
import { machine, quantile } from './machine.js';
import { pickProfile } from './options.js';
import { killService, ROOT, startService, stopServices } from './services.js';
import { startSimulatedAgents, waitForActiveAgents } from './sim-agents.js';

const PROFILES = {
  default: { kills: 20, masters: 3, agents: 50, tasks: 2_000 },
  small: { kills: 5, masters: 3, agents: 5, tasks: 100 },
} as const;

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    kills: { type: 'string' },
    masters: { type: 'string' },
    agents: { type: 'string' },
    tasks: { type: 'string' },
    /** Extra master flags, e.g. --master-flags="--leader-lease-ms 3000" to measure another setting. */
    'master-flags': { type: 'string', default: '' },
    out: { type: 'string', default: join(ROOT, 'bench/results/failover.json') },
  },
});
const profile = pickProfile(PROFILES, values.profile);
const kills = Number(values.kills ?? profile.kills);
const masterCount = Number(values.masters ?? profile.masters);
const agentCount = Number(values.agents ?? profile.agents);
const taskCount = Number(values.tasks ?? profile.tasks);
const masterFlags = values['master-flags'].split(' ').filter((flag) => flag !== '');
if (masterCount < 2) throw new Error('--masters: at least 2 (one must survive each kill)');

/** How often the prober asks every surviving master, and how long one ask may take. */
const PROBE_INTERVAL_MS = 10;
const PROBE_DEADLINE_MS = 250;

interface MasterProcess {
  readonly id: string;
  readonly address: string;
  readonly httpPort: number;
  readonly args: readonly string[];
  process: ChildProcess;
}

interface Health {
  role?: string;
  leaderAddress?: string | null;
}

async function health(master: MasterProcess): Promise<Health | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${master.httpPort}/healthz`, { signal: AbortSignal.timeout(1000) });
    return (await response.json()) as Health;
  } catch {
    return undefined;
  }
}

function startMasterProcess(master: Omit<MasterProcess, 'process'>, ready: (body: Health) => boolean) {
  return startService(
    'services/master/dist/main.js',
    master.args,
    `http://127.0.0.1:${master.httpPort}/healthz`,
    '',
    (body) => ready(body as Health),
  );
}

/** The master that leads, once every master agrees on it (each follower names it). */
async function settledLeader(masters: readonly MasterProcess[]): Promise<MasterProcess> {
  let leader: MasterProcess | undefined;
  await waitFor(
    async () => {
      const answers = await Promise.all(masters.map(health));
      const leaders = masters.filter((_, i) => answers[i]?.role === 'leader');
      if (leaders.length !== 1) return false;
      leader = leaders[0];
      return answers.every((answer) => answer?.leaderAddress === leader?.address);
    },
    { timeoutMs: 60_000, intervalMs: 20, what: 'one leader that every master names' },
  );
  return leader as MasterProcess;
}

/**
 * Resolves with the time (performance.now()) of the first GetWeights that one of
 * `candidates` answers successfully, asking all of them every PROBE_INTERVAL_MS.
 * A follower refuses it (NotLeaderError), so an answer means: elected, registry
 * loaded, serving. Also returns who answered.
 */
async function firstLeaderAnswer(
  candidates: readonly MasterProcess[],
  clients: ReadonlyMap<string, OperatorClient>,
): Promise<{ at: number; master: MasterProcess; weights: v1.WeightInfo__Output[] }> {
  for (;;) {
    const started = performance.now();
    const answers = await Promise.all(
      candidates.map(async (master) => {
        const client = clients.get(master.address) as OperatorClient;
        try {
          const response = await call<v1.GetWeightsRequest, v1.GetWeightsResponse__Output>(
            client.GetWeights.bind(client),
            {},
            PROBE_DEADLINE_MS,
          );
          return { at: performance.now(), master, weights: response.weights };
        } catch {
          return undefined;
        }
      }),
    );
    const answered = answers.filter((answer) => answer !== undefined).sort((a, b) => a.at - b.at)[0];
    if (answered !== undefined) return answered;
    const waitMs = PROBE_INTERVAL_MS - (performance.now() - started);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'tessera-bench-failover-'));
  // Redis as production should run it (README, "Redis persistence"): append-only, fsync every second.
  const [redis, nats] = await Promise.all([startRedis({ persistent: true, appendfsync: 'everysec' }), startNats()]);
  const [allocatorPort, allocatorHttp] = await Promise.all([freePort(), freePort()]);
  await startService(
    'services/allocator/dist/main.js',
    ['--port', String(allocatorPort), '--http-port', String(allocatorHttp)],
    `http://127.0.0.1:${allocatorHttp}/healthz`,
  );
  const masters: MasterProcess[] = [];
  for (let i = 0; i < masterCount; i++) {
    const [port, httpPort] = [await freePort(), await freePort()];
    const spec = {
      id: `bench-m${i}`,
      address: `127.0.0.1:${port}`,
      httpPort,
      args: [
        '--port',
        String(port),
        '--http-port',
        String(httpPort),
        '--allocator',
        `127.0.0.1:${allocatorPort}`,
        '--redis-url',
        redis.url,
        '--nats-url',
        nats.url,
        '--master-id',
        `bench-m${i}`,
        // The agents of the registry stay known through every failover of the run.
        '--agent-unreachable-timeout-ms',
        '600000',
        ...masterFlags,
      ],
    };
    // The first leads; the others follow it.
    const process = await startMasterProcess(spec, (body) => (i === 0 ? body.role === 'leader' : true));
    masters.push({ ...spec, process });
  }
  const masterList = masters.map((m) => m.address).join(',');

  // The registry: agents, a framework's running tasks, weights.
  const agents = await startSimulatedAgents(
    masterList,
    agentCount,
    workDir,
    'cpus:64;mem:65536;disk:4096;ports:[31000-32000]',
  );
  const asked = taskRequestFromResources(parseResources('cpus:0.1;mem:32'));
  if (!asked.ok) throw new Error(asked.problems.join('; '));
  const session = new SchedulerSession(masterList, { name: 'bench-failover', roles: ['bench'] });
  await launchUntilRunning(session, { count: taskCount, request: asked.request, idPrefix: 'f-', maxInFlight: 2000 });
  const clients = new Map(masters.map((m) => [m.address, operatorClient(m.address)]));
  const first = await settledLeader(masters);
  const firstClient = clients.get(first.address) as OperatorClient;
  await call(firstClient.UpdateWeights.bind(firstClient), { weights: [{ role: 'bench', weight: 2.5 }] });
  console.error(`registry: ${agentCount} agents, ${taskCount} running tasks, 1 weight; ${masterCount} masters`);

  const samples: { failoverMs: number; from: string; to: string; agentsBackMs: number }[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  for (let kill = 0; kill < kills; kill++) {
    const leader = await settledLeader(masters);
    const survivors = masters.filter((m) => m !== leader);
    const killedAt = performance.now();
    await killService(leader.process);
    const answer = await firstLeaderAnswer(survivors, clients);
    const failoverMs = answer.at - killedAt;
    // The registry came through: the weight set before the first kill is there.
    if (!answer.weights.some((w) => w.role === 'bench' && w.weight === 2.5)) {
      throw new Error(`the new leader ${answer.master.id} answered without the registry's weight`);
    }
    // Not timed as failover: the agents re-register with the new leader.
    await waitForActiveAgents(answer.master.address, agentCount);
    const agentsBackMs = performance.now() - killedAt;
    samples.push({ failoverMs, from: leader.id, to: answer.master.id, agentsBackMs });
    console.error(
      `kill ${kill + 1}/${kills}: ${leader.id} → ${answer.master.id} in ${failoverMs.toFixed(0)} ms` +
        ` (agents back after ${agentsBackMs.toFixed(0)} ms)`,
    );
    // The killed master comes back as a follower.
    leader.process = await startMasterProcess(leader, (body) => body.role === 'follower');
  }

  const failovers = samples.map((s) => s.failoverMs).sort((a, b) => a - b);
  const agentsBack = samples.map((s) => s.agentsBackMs).sort((a, b) => a - b);
  const ms = (value: number) => Number(value.toFixed(1));
  const result = {
    benchmark: 'failover',
    date: new Date().toISOString(),
    machine: machine(),
    parameters: {
      profile: values.profile,
      kills,
      masters: masterCount,
      agents: agentCount,
      tasks: taskCount,
      masterFlags: masterFlags.join(' ') || '(defaults: --leader-lease-ms 1500, --leader-campaign-interval-ms 100)',
      redis: 'appendonly yes, appendfsync everysec',
      probe: `GetWeights to every surviving master every ${PROBE_INTERVAL_MS} ms`,
      // The machine's 1-minute load average around the kills (2 cores: above 2, other work was waiting for a core).
      loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number((loadavg()[0] ?? 0).toFixed(2)) },
    },
    results: {
      failoverP50Ms: ms(quantile(failovers, 0.5)),
      failoverP99Ms: ms(quantile(failovers, 0.99)),
      failoverMaxMs: ms(failovers[failovers.length - 1] ?? 0),
      failoverMinMs: ms(failovers[0] ?? 0),
      agentsBackP50Ms: ms(quantile(agentsBack, 0.5)),
      agentsBackMaxMs: ms(agentsBack[agentsBack.length - 1] ?? 0),
    },
    samples: samples.map((s) => ({ ...s, failoverMs: ms(s.failoverMs), agentsBackMs: ms(s.agentsBackMs) })),
  };
  mkdirSync(join(values.out, '..'), { recursive: true });
  writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result.results));

  for (const client of clients.values()) client.close();
  session.close();
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
