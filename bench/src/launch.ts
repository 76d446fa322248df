// bench/launch: N simulated agents and one framework launching M tasks through
// the real master and allocator processes (with a real redis-server and
// nats-server). Writes bench/results/launch.json.
//
//   node bench/dist/launch.js [--profile default|small] [--agents N] [--tasks M] [--embedded]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SchedulerSession } from '@tessera/client';
import { parseResources } from '@tessera/domain';
import { taskRequestFromResources } from '@tessera/framework';
import { startNats, startRedis } from '@tessera/testkit';
import { ROOT, startControlPlane, stopServices } from './services.js';
import { startSimulatedAgents } from './sim-agents.js';
import { launchUntilRunning } from './launcher.js';
import { machine, quantile } from './machine.js';

const PROFILES = {
  default: { agents: 1000, tasks: 20_000 },
  small: { agents: 100, tasks: 2_000 },
} as const;

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    agents: { type: 'string' },
    tasks: { type: 'string' },
    'task-resources': { type: 'string', default: 'cpus:0.1;mem:32' },
    'agent-resources': { type: 'string', default: 'cpus:24;mem:4096;disk:4096;ports:[31000-32000]' },
    embedded: { type: 'boolean', default: false },
    /** Most tasks launched but not yet running at once; 0 launches everything as soon as offers allow. */
    'max-in-flight': { type: 'string', default: '2000' },
    out: { type: 'string', default: join(ROOT, 'bench/results/launch.json') },
  },
});
const profile = PROFILES[values.profile as keyof typeof PROFILES];
if (profile === undefined)
  throw new Error(`unknown profile ${values.profile}; known: ${Object.keys(PROFILES).join(', ')}`);
const agentCount = Number(values.agents ?? profile.agents);
const taskCount = Number(values.tasks ?? profile.tasks);
const asked = taskRequestFromResources(parseResources(values['task-resources']));
if (!asked.ok) throw new Error(`--task-resources: ${asked.problems.join('; ')}`);
const taskRequest = asked.request;
const maxInFlight = Number(values['max-in-flight']);

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const [redis, nats] = values.embedded ? [undefined, undefined] : await Promise.all([startRedis(), startNats()]);
  const { master } = await startControlPlane({
    ...(redis ? { redisUrl: redis.url } : {}),
    ...(nats ? { natsUrl: nats.url } : {}),
  });

  // Agents: simulated backend, no API servers of their own, all in this process.
  const agentsStart = performance.now();
  const agents = await startSimulatedAgents(master, agentCount, workDir, values['agent-resources']);
  const agentsSeconds = (performance.now() - agentsStart) / 1000;
  console.error(`${agentCount} agents registered in ${agentsSeconds.toFixed(1)} s`);

  // The framework: packs tasks into every offer until M are launched and running.
  // Acknowledgements still in flight at teardown are refused; that is expected (and not fatal).
  // A master lost during a run fails the run rather than stalling it: no re-subscription.
  const session = new SchedulerSession(
    master,
    {
      name: 'bench',
      roles: ['bench'],
      failoverTimeoutSeconds: 60,
    },
    { reconnect: false },
  );
  const { acceptedAt, runningAt, firstAccept } = await launchUntilRunning(session, {
    count: taskCount,
    request: taskRequest,
    idPrefix: 'bench-',
    maxInFlight,
  });
  const lastRunning = Math.max(...runningAt.values());
  const latencies = [...runningAt.entries()].map(([id, t]) => t - (acceptedAt.get(id) ?? t)).sort((a, b) => a - b);
  const seconds = (lastRunning - firstAccept) / 1000;
  const result = {
    benchmark: 'launch',
    date: new Date().toISOString(),
    machine: machine(),
    parameters: {
      profile: values.profile,
      agents: agentCount,
      tasks: taskCount,
      taskResources: values['task-resources'],
      agentResources: values['agent-resources'],
      store: values.embedded ? 'in-memory' : 'redis',
      bus: values.embedded ? 'in-process' : 'nats',
      executor: 'simulated',
      maxInFlight,
    },
    results: {
      agentsRegisteredSeconds: Number(agentsSeconds.toFixed(3)),
      launchSeconds: Number(seconds.toFixed(3)),
      tasksPerSecond: Math.round(taskCount / seconds),
      latencyP50Ms: Number(quantile(latencies, 0.5).toFixed(1)),
      latencyP99Ms: Number(quantile(latencies, 0.99).toFixed(1)),
      latencyMaxMs: Number((latencies[latencies.length - 1] ?? 0).toFixed(1)),
    },
  };
  mkdirSync(join(values.out, '..'), { recursive: true });
  writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result.results));

  await session.teardown().catch(() => undefined);
  session.close();
  await Promise.all(agents.map((a) => a.stop()));
  await stopServices();
  await Promise.all([redis?.stop(), nats?.stop()]);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
