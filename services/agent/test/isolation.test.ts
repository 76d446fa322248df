/**
 * Isolation with real processes. The cgroups suite needs root and mounted v1
 * controllers (CI has both) and is skipped, with the reason printed, elsewhere;
 * the posix suite runs everywhere.
 */
import { chmod, access, mkdtemp, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { v1 } from '@tessera/proto';
import type { ExitOutcome, TaskLaunch } from '../src/core/types.js';
import { ProcessExecutor } from '../src/executor/process-executor.js';
import { CgroupsV1Isolator, cgroupsV1Available } from '../src/isolation/cgroups-v1-isolator.js';
import { PosixIsolator } from '../src/isolation/posix-isolator.js';
import type { Isolator } from '../src/isolation/types.js';
import { startAgent, type RunningAgent } from '../src/index.js';
import { FakeMaster } from './fake-master.js';
import { waitFor, launchUnder } from './helpers.js';

const CGROUPS_ROOT = '/sys/fs/cgroup';
/** Our own cgroup parent, so these tests never meet an agent's cgroups. */
const PARENT = `tessera-test-${process.pid}`;
const AGENT_ID = 'isolation-test';
const cgroupsSkipReason =
  process.getuid?.() !== 0
    ? 'not root'
    : !(await cgroupsV1Available(CGROUPS_ROOT))
      ? `no cgroups v1 controllers under ${CGROUPS_ROOT}`
      : undefined;
if (cgroupsSkipReason !== undefined) console.log(`skipping the cgroups isolation tests: ${cgroupsSkipReason}`);

/** Allocates 200 MiB and keeps it, then sleeps: beyond a 64 MB limit. */
const ALLOCATE_200_MB = 'python3 -c "b=bytearray(200*1024*1024); import time; time.sleep(30)"';

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-isolation-'));
  // Tasks run as nobody when the tests run as root: the work directory must be searchable by them.
  await chmod(workDir, 0o755);
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

let counter = 0;
function taskFor(command: string, overrides: Partial<TaskLaunch> = {}): TaskLaunch {
  return launchUnder(workDir, `iso-${++counter}`, { shell: true, value: command, arguments: [] }, overrides);
}

async function run(executor: ProcessExecutor, task: TaskLaunch): Promise<{ pid: number; exit: Promise<ExitOutcome> }> {
  let settle!: (outcome: ExitOutcome) => void;
  const exit = new Promise<ExitOutcome>((resolve) => {
    settle = resolve;
  });
  const { pid } = await executor.launch(task, settle);
  return { pid, exit };
}

/** Processes that are alive (not zombies) among `pids`. */
async function alive(pids: readonly number[]): Promise<number[]> {
  const found: number[] = [];
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    if (state !== undefined && state !== '' && state !== 'Z' && state !== 'X') found.push(pid);
  }
  return found;
}

/** The task's cgroup directory in `controller`'s hierarchy (undefined when there is none). */
async function cgroupOf(controller: string, taskId: string): Promise<string | undefined> {
  const dir = join(CGROUPS_ROOT, controller, PARENT, AGENT_ID);
  const entry = (await readdir(dir).catch(() => [] as string[])).find((name) => name.startsWith(`${taskId}.`));
  return entry === undefined ? undefined : join(dir, entry);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const UNSHARE = '/usr/bin/unshare';

describe.skipIf(cgroupsSkipReason !== undefined).each([
  { namespace: 'without a pid namespace', unsharePath: undefined },
  { namespace: 'with a pid namespace', unsharePath: UNSHARE },
])('cgroups v1 isolation (root), $namespace', ({ unsharePath }) => {
  let executor: ProcessExecutor;
  const makeExecutor = (isolator: Isolator) => new ProcessExecutor({ agentId: () => AGENT_ID, isolator });
  const base = {
    root: CGROUPS_ROOT,
    agentId: () => AGENT_ID,
    parent: PARENT,
    ...(unsharePath === undefined ? {} : { unsharePath, setprivPath: '/usr/bin/setpriv' }),
  };

  beforeEach(() => {
    executor = makeExecutor(new CgroupsV1Isolator({ ...base, oomCheckIntervalMs: 100 }));
  });
  afterEach(async () => {
    await executor.shutdown();
  });
  afterAll(async () => {
    for (const controller of ['memory', 'cpu', 'cpuacct', 'pids', 'freezer']) {
      await rmdir(join(CGROUPS_ROOT, controller, PARENT, AGENT_ID)).catch(() => undefined);
      await rmdir(join(CGROUPS_ROOT, controller, PARENT)).catch(() => undefined);
    }
  });

  it('writes the limits into the cgroup files while the task runs, and removes the cgroups after it ends', async () => {
    const task = taskFor('exec sleep 3600', { memMb: 64, cpus: 0.5 });
    const { pid } = await run(executor, task);
    const memory = await cgroupOf('memory', task.taskId);
    const cpu = await cgroupOf('cpu', task.taskId);
    const pids = await cgroupOf('pids', task.taskId);
    if (memory === undefined || cpu === undefined || pids === undefined) throw new Error('no cgroups for the task');
    // 64 MB = 64 × 1048576 bytes; 0.5 cpus × 1024 = 512 shares; pids.max at its default.
    expect((await readFile(join(memory, 'memory.limit_in_bytes'), 'utf8')).trim()).toBe(String(64 * 1048576));
    expect((await readFile(join(cpu, 'cpu.shares'), 'utf8')).trim()).toBe('512');
    expect((await readFile(join(cpu, 'cpu.cfs_quota_us'), 'utf8')).trim()).toBe('-1'); // no hard quota by default
    expect((await readFile(join(pids, 'pids.max'), 'utf8')).trim()).toBe('4096');
    // The task itself runs inside (the launcher places itself before it execs the command).
    await waitFor(
      async () => (await readFile(join(memory, 'cgroup.procs'), 'utf8')).split('\n').includes(String(pid)),
      'the task in its memory cgroup',
    );

    await executor.kill(task.taskId, 1_000);
    for (const dir of [memory, cpu, pids]) expect(await exists(dir)).toBe(false);
  });

  it('sets a hard cpu quota and pids.max when asked', async () => {
    await executor.shutdown();
    executor = makeExecutor(new CgroupsV1Isolator({ ...base, enableCfs: true, pidsMax: 64 }));
    const task = taskFor('exec sleep 3600', { memMb: 32, cpus: 0.25 });
    await run(executor, task);
    const cpu = await cgroupOf('cpu', task.taskId);
    const pids = await cgroupOf('pids', task.taskId);
    if (cpu === undefined || pids === undefined) throw new Error('no cgroups for the task');
    // 0.25 cpus × 100000 µs period = 25000 µs per period; 0.25 × 1024 = 256 shares.
    expect((await readFile(join(cpu, 'cpu.cfs_quota_us'), 'utf8')).trim()).toBe('25000');
    expect((await readFile(join(cpu, 'cpu.cfs_period_us'), 'utf8')).trim()).toBe('100000');
    expect((await readFile(join(cpu, 'cpu.shares'), 'utf8')).trim()).toBe('256');
    expect((await readFile(join(pids, 'pids.max'), 'utf8')).trim()).toBe('64');
  });

  it('keeps the exit code, stdout, stderr, environment and working directory of the command', async () => {
    const task = taskFor('echo "$GREETING from $(pwd) as $$"; echo oops >&2; exit 7', {
      environment: { GREETING: 'hello' },
      memMb: 32,
    });
    const { exit } = await run(executor, task);
    expect(await exit).toMatchObject({ exitCode: 7, killed: false });
    const stdout = await readFile(join(task.sandbox, 'stdout'), 'utf8');
    expect(stdout.startsWith(`hello from ${task.sandbox} as `)).toBe(true);
    // In its own pid namespace the command is pid 2, after the namespace's init.
    if (unsharePath !== undefined) expect(stdout).toMatch(/ as 2\n$/);
    expect(await readFile(join(task.sandbox, 'stderr'), 'utf8')).toBe('oops\n');
  });

  it('fails a task that allocates beyond its memory with a memory limitation', async () => {
    const task = taskFor(ALLOCATE_200_MB, { memMb: 64 });
    const { exit } = await run(executor, task);
    const outcome = await exit;
    expect(outcome.limitation).toBe('REASON_CONTAINER_LIMITATION_MEMORY');
    expect(outcome.message).toMatch(/^Memory limit exceeded: requested 64 MB/);
    expect(await cgroupOf('memory', task.taskId)).toBeUndefined();
  });

  it('leaves no process behind when a task that forked (even into a new session) is killed', async () => {
    const task = taskFor('sleep 3600 & sleep 3600 & setsid sleep 3600 & echo started; wait', { memMb: 64 });
    await run(executor, task);
    const pidsDir = await cgroupOf('pids', task.taskId);
    if (pidsDir === undefined) throw new Error('no pids cgroup');
    // The shell and its three sleeps.
    const members = await waitFor(async () => {
      const pids = (await readFile(join(pidsDir, 'cgroup.procs'), 'utf8')).split('\n').filter(Boolean).map(Number);
      return pids.length >= 4 ? pids : undefined;
    }, 'the task and its children in the cgroup');
    await executor.kill(task.taskId, 1_000);
    await waitFor(async () => (await alive(members)).length === 0, 'every process of the task to be gone');
    expect(await exists(pidsDir)).toBe(false);
  });

  it('gives a task that handles SIGTERM its grace period, and reports its own exit code', async () => {
    const task = taskFor('trap "echo stopping; exit 5" TERM; echo ready; sleep 3600 & wait', { memMb: 64 });
    const { exit } = await run(executor, task);
    await waitFor(async () => (await readFile(join(task.sandbox, 'stdout'), 'utf8')) === 'ready\n', 'the trap');
    await executor.kill(task.taskId, 10_000);
    expect(await exit).toMatchObject({ exitCode: 5, killed: true });
    expect(await readFile(join(task.sandbox, 'stdout'), 'utf8')).toBe('ready\nstopping\n');
  });

  it('reports the usage of the cgroup', async () => {
    const task = taskFor('i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; exec sleep 3600', { memMb: 64 });
    await run(executor, task);
    const usage = await waitFor(async () => {
      const used = await executor.usage(task.taskId);
      return used !== undefined && used.cpusUserTimeSeconds + used.cpusSystemTimeSeconds > 0 ? used : undefined;
    }, 'cpu time in cpuacct.stat');
    expect(usage.memRssMb).toBeGreaterThan(0);
    expect(usage.memRssMb).toBeLessThanOrEqual(64);
  });
});

describe.skipIf(cgroupsSkipReason !== undefined)('cgroups v1 isolation through the agent (root)', () => {
  let master: FakeMaster;
  let agent: RunningAgent;
  let agentWorkDir: string;

  beforeAll(async () => {
    master = await FakeMaster.start();
    agentWorkDir = await mkdtemp(join(tmpdir(), 'tessera-isolation-agent-'));
    await chmod(agentWorkDir, 0o755);
    agent = await startAgent({
      master: master.address,
      workDir: agentWorkDir,
      port: 0,
      httpPort: 0,
      bootId: 'boot-isolation',
      resources: 'cpus:2;mem:1024;disk:1024',
      isolation: 'cgroups',
      logLevel: 'silent',
    });
    await master.waitForMessage('register', 'Register');
  });
  afterAll(async () => {
    await agent.stop();
    await master.stop();
    await rm(agentWorkDir, { recursive: true, force: true });
  });

  it('reports TASK_FAILED with REASON_CONTAINER_LIMITATION_MEMORY and the limit', async () => {
    const message: v1.MasterMessage = {
      runTask: {
        frameworkInfo: { id: { value: 'fw-1' }, name: 'test', roles: ['dev'] },
        task: {
          name: 'hog',
          taskId: { value: 'hog' },
          resources: [
            { name: 'cpus', type: 'SCALAR', scalar: 0.1 },
            { name: 'mem', type: 'SCALAR', scalar: 64 },
          ],
          command: { shell: true, value: ALLOCATE_200_MB },
        },
      },
    };
    master.send(message);
    // Updates are delivered in order: each is acknowledged before the next is sent.
    for (const state of ['TASK_STARTING', 'TASK_RUNNING']) {
      const update = await master.waitForUpdate((u) => u.taskId?.value === 'hog' && u.state === state, state);
      master.acknowledge(update);
    }
    const failed = await master.waitForUpdate(
      (status) => status.taskId?.value === 'hog' && status.state === 'TASK_FAILED',
      'TASK_FAILED of the task over its memory',
    );
    expect(failed.reason).toBe('REASON_CONTAINER_LIMITATION_MEMORY');
    expect(failed.message).toMatch(/^Memory limit exceeded: requested 64 MB/);
  });
});

describe('posix isolation', () => {
  let executor: ProcessExecutor;
  beforeEach(() => {
    executor = new ProcessExecutor({ isolator: new PosixIsolator({ sampleIntervalMs: 50 }) });
  });
  afterEach(async () => {
    await executor.shutdown();
  });

  it('kills a task whose RSS goes beyond its memory, with a memory limitation', async () => {
    const task = taskFor(ALLOCATE_200_MB, { memMb: 64 });
    const { exit } = await run(executor, task);
    const outcome = await exit;
    expect(outcome).toMatchObject({ limitation: 'REASON_CONTAINER_LIMITATION_MEMORY', signal: 'SIGKILL' });
    expect(outcome.message).toMatch(/^Memory limit exceeded: requested 64 MB, maximum used \d+ MB$/);
  });

  it('leaves a task within its memory alone and reports its usage', async () => {
    const task = taskFor('exec sleep 3600', { memMb: 64 });
    const { exit } = await run(executor, task);
    // NOTE: right after the spawn (during exec) the process may show no RSS yet.
    const usage = await waitFor(async () => {
      const used = await executor.usage(task.taskId);
      return used !== undefined && used.memRssMb > 0 ? used : undefined;
    }, 'memory usage of the process group');
    expect(usage.memRssMb).toBeLessThan(64);
    await executor.kill(task.taskId, 1_000);
    const outcome = await exit;
    expect(outcome.killed).toBe(true);
    expect(outcome.limitation).toBeUndefined();
  });
});
