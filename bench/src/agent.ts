// bench/agent: one real agent (process executor, isolation as configured) launches
// N `sleep` tasks sent by a minimal in-bench master, then kills them all. Measured
// in the same run: the machine's bare spawn rate (`/bin/true` per second), the
// physical limit for the launch. Writes bench/results/agent.json.
//
//   node bench/dist/agent.js [--profile default|small] [--tasks N] [--isolation auto|cgroups|posix]
//
// Run as root for cgroups v1 and pid namespaces; otherwise `auto` falls back to posix.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { startAgent, type IsolationSetting, type RunningAgent } from '@tessera/agent';
import { parseResources } from '@tessera/domain';
import { resourcesToProto, tesseraGrpc, type v1 } from '@tessera/proto';
import { createLogger } from '@tessera/runtime';
import { machine } from './machine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROFILES = {
  default: { tasks: 1000 },
  small: { tasks: 100 },
} as const;
const TASK_COMMAND = 'sleep 600';
const FRAMEWORK_ID = 'bench-framework';
/** Mesos 1.7 on one agent (issue 4) and this project's targets. */
const REFERENCE = {
  mesos17: { tasks: 1000, launchSeconds: 30, destroySeconds: 20 },
  targets: { runningSeconds: 5, killedSeconds: 3 },
};

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    tasks: { type: 'string' },
    isolation: { type: 'string', default: 'auto' },
    'task-resources': { type: 'string', default: 'cpus:0.001;mem:8' },
    'agent-resources': { type: 'string', default: 'cpus:64;mem:65536' },
    /** `/bin/true` processes for the bare spawn rate, and how many run at once. */
    'spawn-count': { type: 'string', default: '1000' },
    'spawn-parallel': { type: 'string', default: '8' },
    /** Longest wait for all tasks to reach one state before the run is abandoned. */
    'timeout-seconds': { type: 'string', default: '300' },
    out: { type: 'string', default: join(ROOT, 'bench/results/agent.json') },
  },
});
const profile = PROFILES[values.profile as keyof typeof PROFILES];
if (profile === undefined)
  throw new Error(`unknown profile ${values.profile}; known: ${Object.keys(PROFILES).join(', ')}`);
const taskCount = Number(values.tasks ?? profile.tasks);
const taskResources = resourcesToProto(parseResources(values['task-resources']));
const timeoutMs = Number(values['timeout-seconds']) * 1000;

/** Spawns `/bin/true` `count` times, `parallel` at once; returns processes per second. */
async function bareSpawnPerSecond(count: number, parallel: number): Promise<number> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      await new Promise<void>((resolve, reject) => {
        const child = spawn('/bin/true', [], { stdio: 'ignore' });
        child.once('error', reject);
        child.once('exit', () => resolve());
      });
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: parallel }, worker));
  return count / ((performance.now() - begin) / 1000);
}

/** Processes on this machine running the task command (leaks after the run). */
function countTaskProcesses(): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        .split('\0')
        .filter((a) => a !== '');
      if (argv.join(' ').endsWith(TASK_COMMAND)) count++;
    } catch {
      // The process exited while we looked.
    }
  }
  return count;
}

type ConnectStream = grpc.ServerDuplexStream<v1.AgentMessage__Output, v1.MasterMessage>;

/**
 * The least master the agent needs: registers one agent, records the first time
 * each task reaches each state, and acknowledges every status update at once
 * (as a master forwarding a framework's acknowledgements would).
 */
class BenchMaster {
  /** Task ID → state → performance.now() of its first update in that state. */
  readonly reached = new Map<string, Map<string, number>>();
  readonly failures: string[] = [];
  private stream: ConnectStream | undefined;
  private registeredResolve: (() => void) | undefined;
  readonly registered = new Promise<void>((resolve) => (this.registeredResolve = resolve));
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<BenchMaster> {
    const server = new grpc.Server();
    const created: { master?: BenchMaster } = {};
    server.addService(tesseraGrpc().tessera.v1.AgentRegistry.service, {
      Connect: (stream: ConnectStream) => created.master?.onConnect(stream),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    created.master = new BenchMaster(server, port);
    return created.master;
  }

  private onConnect(stream: ConnectStream): void {
    this.stream = stream;
    stream.on('data', (message: v1.AgentMessage__Output) => {
      const update = message.statusUpdate;
      const status = update?.status;
      if (status) {
        stream.write({ acknowledge: { frameworkId: update.frameworkId, taskId: status.taskId, uuid: status.uuid } });
        const taskId = status.taskId?.value ?? '';
        let states = this.reached.get(taskId);
        if (states === undefined) this.reached.set(taskId, (states = new Map()));
        if (!states.has(status.state)) states.set(status.state, performance.now());
        if (status.state !== 'TASK_STARTING' && status.state !== 'TASK_RUNNING' && status.state !== 'TASK_KILLED')
          this.failures.push(`${taskId} ${status.state}: ${status.message}`);
        for (const wake of this.waiters.splice(0)) wake();
      } else if (message.register) {
        stream.write({ registered: { agentId: { value: 'bench-agent' }, pingIntervalSeconds: 0 } });
        this.registeredResolve?.();
      } else if (message.reregister) {
        stream.write({
          reregistered: {
            agentId: message.reregister.agentInfo?.id ?? { value: 'bench-agent' },
            pingIntervalSeconds: 0,
          },
        });
        this.registeredResolve?.();
      }
    });
    stream.on('error', () => undefined);
    stream.on('end', () => {
      if (!stream.writableEnded) stream.end();
    });
  }

  send(message: v1.MasterMessage): void {
    if (this.stream === undefined) throw new Error('no agent connected');
    this.stream.write(message);
  }

  /** Tasks that have reached `state`, and the latest time one did. */
  count(state: string): { tasks: number; lastAt: number } {
    let tasks = 0;
    let lastAt = Number.NaN;
    for (const states of this.reached.values()) {
      const at = states.get(state);
      if (at === undefined) continue;
      tasks++;
      lastAt = Number.isNaN(lastAt) ? at : Math.max(lastAt, at);
    }
    return { tasks, lastAt };
  }

  /** Resolves with the time the `count`-th task reached `state`; rejects on a failed task or after `timeoutMs`. */
  async waitForAll(state: string, count: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.failures.length > 0) throw new Error(`tasks failed: ${this.failures.slice(0, 5).join('; ')}`);
      const { tasks, lastAt } = this.count(state);
      if (tasks >= count) return lastAt;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${tasks}/${count} tasks reached ${state} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

async function main(): Promise<void> {
  const tasksBefore = countTaskProcesses();
  const spawnCount = Number(values['spawn-count']);
  const spawnParallel = Number(values['spawn-parallel']);
  const spawnPerSecond = await bareSpawnPerSecond(spawnCount, spawnParallel);
  console.error(`bare spawn: ${Math.round(spawnPerSecond)} /bin/true per second`);

  const master = await BenchMaster.start();
  const workDir = mkdtempSync(join(tmpdir(), 'tessera-bench-agent-'));
  // Tasks run as nobody when the agent is root: its work directory must be searchable by them.
  chmodSync(workDir, 0o755);
  // The agent logs at info so that its start line (isolation, pid namespace) can be read; warnings go to stderr.
  let startLine: Record<string, unknown> | undefined;
  const logger = createLogger('tessera-agent', {
    level: 'info',
    destination: {
      write(line: string) {
        if (startLine === undefined && line.includes('"agent started"'))
          startLine = JSON.parse(line) as Record<string, unknown>;
        else if (/"level":"(warn|error|fatal)"/.test(line)) process.stderr.write(line);
      },
    },
  });
  let agent: RunningAgent | undefined;
  try {
    agent = await startAgent(
      {
        master: `127.0.0.1:${master.port}`,
        executor: 'process',
        isolation: values.isolation as IsolationSetting,
        serveApi: false,
        workDir,
        resources: values['agent-resources'],
        hostname: 'bench-agent',
      },
      { logger },
    );
    await master.registered;
    const isolation = agent.agent.isolation;
    console.error(
      `agent registered; isolation ${isolation}, pid namespace ${String(startLine?.['pidNamespace'] ?? 'n/a')}`,
    );

    const taskIds = Array.from({ length: taskCount }, (_, i) => `bench-${i}`);
    const frameworkInfo = { id: { value: FRAMEWORK_ID }, name: 'bench', roles: ['bench'] };
    const firstRunTask = performance.now();
    for (const taskId of taskIds) {
      master.send({
        runTask: {
          frameworkInfo,
          task: {
            name: taskId,
            taskId: { value: taskId },
            resources: taskResources,
            command: { shell: true, value: TASK_COMMAND },
          },
        },
      });
    }
    const allRunning = await master.waitForAll('TASK_RUNNING', taskCount);
    const runningSeconds = (allRunning - firstRunTask) / 1000;
    console.error(`${taskCount} tasks TASK_RUNNING in ${runningSeconds.toFixed(3)} s`);

    const firstKillTask = performance.now();
    for (const taskId of taskIds) {
      master.send({ killTask: { frameworkId: { value: FRAMEWORK_ID }, taskId: { value: taskId } } });
    }
    const allKilled = await master.waitForAll('TASK_KILLED', taskCount);
    const killedSeconds = (allKilled - firstKillTask) / 1000;
    console.error(`${taskCount} tasks TASK_KILLED in ${killedSeconds.toFixed(3)} s`);

    await agent.stop();
    const leftoverProcesses = countTaskProcesses() - tasksBefore;
    const result = {
      benchmark: 'agent',
      date: new Date().toISOString(),
      machine: { ...machine(), uid: process.getuid?.() ?? -1 },
      parameters: {
        profile: values.profile,
        tasks: taskCount,
        command: TASK_COMMAND,
        taskResources: values['task-resources'],
        agentResources: values['agent-resources'],
        executor: 'process',
        isolationSetting: values.isolation,
        checkpoint: agent.config.checkpoint,
        bareSpawn: { processes: spawnCount, parallel: spawnParallel, command: '/bin/true' },
      },
      isolation,
      pidNamespace: startLine?.['pidNamespace'] ?? null,
      ...(startLine?.['isolationFallback'] === undefined ? {} : { isolationFallback: startLine['isolationFallback'] }),
      tasks: taskCount,
      runningSeconds: Number(runningSeconds.toFixed(3)),
      killedSeconds: Number(killedSeconds.toFixed(3)),
      bareSpawnPerSecond: Math.round(spawnPerSecond),
      /** Tasks per second as a fraction of the bare spawn rate. */
      launchVsBareSpawn: Number((taskCount / runningSeconds / spawnPerSecond).toFixed(3)),
      leftoverProcesses,
      reference: REFERENCE,
    };
    mkdirSync(join(values.out, '..'), { recursive: true });
    writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
    console.log(
      JSON.stringify({
        isolation,
        tasks: taskCount,
        runningSeconds: result.runningSeconds,
        killedSeconds: result.killedSeconds,
        bareSpawnPerSecond: result.bareSpawnPerSecond,
        leftoverProcesses,
      }),
    );
  } finally {
    // stop() kills whatever tasks are left (it is idempotent).
    await agent?.stop();
    master.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
