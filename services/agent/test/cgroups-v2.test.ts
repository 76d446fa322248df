/**
 * The cgroups v2 isolator: against a fake unified hierarchy in a temp dir (the
 * files it reads and writes), and against the real one at
 * /sys/fs/cgroup/unified, which needs root and that mount (skipped, with the
 * reason printed, elsewhere). The real suite runs with `controllers: []`: on
 * hybrid machines the controllers are bound to v1, but containment, usage from
 * cpu.stat and cgroup.kill work without them.
 */
import { spawn } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerName } from '../src/isolation/cgroups-v1-isolator.js';
import {
  CgroupsV2Isolator,
  cgroupsV2Available,
  cpuWeight,
  type CgroupsV2Options,
} from '../src/isolation/cgroups-v2-isolator.js';
import { IsolationUnavailableError, selectIsolator } from '../src/isolation/select-isolator.js';
import type { ContainerLimitation, ContainerSpec } from '../src/isolation/types.js';
import { waitFor } from './helpers.js';

const AGENT_ID = 'agent-1';
const spec: ContainerSpec = { taskId: 'task/1', sandbox: '/work/sandboxes/fw-1/task-1/run-1', memMb: 64, cpus: 1.5 };

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tessera-cgroups-v2-'));
  await writeFile(join(root, 'cgroup.controllers'), 'cpuset cpu io memory hugetlb pids rdma misc\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function isolator(options: CgroupsV2Options = {}): CgroupsV2Isolator {
  return new CgroupsV2Isolator({ root, agentId: () => AGENT_ID, pidsMax: 100, onError: () => undefined, ...options });
}

function leaf(of: ContainerSpec = spec): string {
  return join(root, 'tessera', AGENT_ID, containerName(of));
}

/** Creates the files the kernel would create in a new container cgroup (swap accounting optional). */
async function fakeLeaf(of: ContainerSpec = spec, { swap = true } = {}): Promise<string> {
  const dir = leaf(of);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'cgroup.procs'), '');
  if (swap) await writeFile(join(dir, 'memory.swap.max'), 'max\n');
  return dir;
}

const read = (path: string) => readFile(path, 'utf8');
const present = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Runs a wrapped command line to its end; resolves with its stdout. */
function runToEnd(file: string, args: readonly string[], onPid: (pid: number) => void = () => undefined) {
  return new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'inherit'] }); // stdin: /dev/null
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('spawn', () => onPid(child.pid ?? 0));
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

describe('cpuWeight', () => {
  it.each([
    // shares = max(2, round(1024 × cpus)); weight = 1 + floor((shares − 2) × 9999 / 262142)
    [0, 1], // shares 2 → 1
    [0.001, 1], // shares round(1.024) = 1 → 2 → 1
    [1, 39], // 1022 × 9999 / 262142 = 38.98 → 1 + 38
    [1.5, 59], // shares 1536: 1534 × 9999 / 262142 = 58.51 → 1 + 58
    [4, 157], // 4094 × 9999 / 262142 = 156.16 → 1 + 156
    [256, 10_000], // shares 262144: 262142 × 9999 / 262142 = 9999 → 10000
    [1000, 10_000], // shares clamped to 262144
  ])('%d cpus → weight %d', (cpus, weight) => {
    expect(cpuWeight(cpus)).toBe(weight);
  });
});

describe('cgroupsV2Available', () => {
  it('needs memory, cpu and pids among the root controllers', async () => {
    expect(await cgroupsV2Available(root)).toBe(true);
    await writeFile(join(root, 'cgroup.controllers'), 'cpu pids\n');
    expect(await cgroupsV2Available(root)).toBe(false);
    expect(await cgroupsV2Available(join(root, 'missing'))).toBe(false);
  });
});

describe('CgroupsV2Isolator on a fake hierarchy', () => {
  it('enables the controllers top down on the ancestors, never in the container', async () => {
    await fakeLeaf();
    const container = await isolator().prepare(spec);
    for (const dir of [root, join(root, 'tessera'), join(root, 'tessera', AGENT_ID)]) {
      expect(await read(join(dir, 'cgroup.subtree_control'))).toBe('+memory +cpu +pids');
    }
    expect(await present(join(leaf(), 'cgroup.subtree_control'))).toBe(false);
    await container.destroy();
  });

  it('writes every limit', async () => {
    await fakeLeaf();
    await isolator({ enableCfs: true }).prepare(spec);
    expect(await read(join(leaf(), 'memory.max'))).toBe(String(64 * 1024 * 1024)); // 67108864
    expect(await read(join(leaf(), 'memory.swap.max'))).toBe('0');
    expect(await read(join(leaf(), 'cpu.weight'))).toBe('59'); // 1.5 cpus, see cpuWeight
    expect(await read(join(leaf(), 'cpu.max'))).toBe('150000 100000'); // 1.5 × 100000
    expect(await read(join(leaf(), 'pids.max'))).toBe('100');
  });

  it('sets no swap limit without swap accounting, no cpu.max without enableCfs, no memory.max without mem', async () => {
    await fakeLeaf(spec, { swap: false });
    await isolator().prepare(spec);
    expect(await present(join(leaf(), 'memory.swap.max'))).toBe(false);
    expect(await present(join(leaf(), 'cpu.max'))).toBe(false);

    const unlimited: ContainerSpec = { taskId: 'task-2', sandbox: '/work/2' };
    await fakeLeaf(unlimited);
    await isolator().prepare(unlimited);
    expect(await present(join(leaf(unlimited), 'memory.max'))).toBe(false);
    expect(await read(join(leaf(unlimited), 'cpu.weight'))).toBe('1');
  });

  it('with controllers [] enables nothing and writes no limits', async () => {
    await fakeLeaf();
    await isolator({ controllers: [], enableCfs: true }).prepare(spec);
    expect(await present(join(root, 'cgroup.subtree_control'))).toBe(false);
    expect((await readdir(leaf())).sort()).toEqual(['cgroup.procs', 'memory.swap.max']);
  });

  it('rejects, creating no container, when the controllers cannot be enabled', async () => {
    await mkdir(join(root, 'cgroup.subtree_control')); // writing it fails with EISDIR
    await expect(isolator().prepare(spec)).rejects.toThrow(/EISDIR/);
    expect(await present(leaf())).toBe(false);
  });

  it('reads usage from cpu.stat and memory.current', async () => {
    const dir = await fakeLeaf();
    const container = await isolator().prepare(spec);
    await writeFile(join(dir, 'cpu.stat'), 'usage_usec 3500000\nuser_usec 2500000\nsystem_usec 1000000\n');
    await writeFile(join(dir, 'memory.current'), '33554432\n');
    // 2500000 µs = 2.5 s; 1000000 µs = 1 s; 33554432 B = 32 MB
    expect(await container.usage()).toEqual({ cpusUserTimeSeconds: 2.5, cpusSystemTimeSeconds: 1, memRssMb: 32 });
    await rm(join(dir, 'cpu.stat'));
    expect(await container.usage()).toBeUndefined();
  });

  it('reports an OOM kill from memory.events, to the watch and to limitation()', async () => {
    const dir = await fakeLeaf();
    const container = await isolator({ oomCheckIntervalMs: 5 }).prepare(spec);
    await writeFile(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 7\noom 1\noom_kill 0\noom_group_kill 0\n');
    expect(await container.limitation()).toBeUndefined();

    const reported: ContainerLimitation[] = [];
    container.started(process.pid, (limitation) => reported.push(limitation));
    await writeFile(join(dir, 'memory.peak'), String(64 * 1024 * 1024));
    await writeFile(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 9\noom 2\noom_kill 1\noom_group_kill 0\n');
    await waitFor(() => reported.length > 0, 'the OOM kill to be reported');
    const expected = {
      reason: 'REASON_CONTAINER_LIMITATION_MEMORY',
      message: 'Memory limit exceeded: requested 64 MB, maximum used 64 MB',
    };
    expect(reported).toEqual([expected]);
    expect(await container.limitation()).toEqual(expected);
    await container.destroy();
  });

  it('wraps the command in a launcher that places itself, then execs it', async () => {
    const dir = await fakeLeaf();
    const container = await isolator().prepare(spec);
    const wrapped = container.wrap({ file: '/bin/echo', args: ['hello', 'world'] });
    let pid = 0;
    const result = await runToEnd(wrapped.file, wrapped.args, (started) => (pid = started));
    expect(result).toEqual({ code: 0, stdout: 'hello world\n' });
    expect((await read(join(dir, 'cgroup.procs'))).trim()).toBe(String(pid));
  });

  it("places a task of another user from the agent's side: its launcher waits for started()", async () => {
    const dir = await fakeLeaf();
    const container = await isolator().prepare({ ...spec, identity: { uid: 65534, gid: 65534 } });
    // The command keeps the launcher's stdin (/dev/null here), not the cgroup.procs it read.
    const wrapped = container.wrap({ file: '/bin/readlink', args: ['/proc/self/fd/0'] });
    const result = await runToEnd(wrapped.file, wrapped.args, (pid) => container.started(pid, () => undefined));
    expect(result).toEqual({ code: 0, stdout: '/dev/null\n' });
    expect((await read(join(dir, 'cgroup.procs'))).trim()).not.toBe('');
    await writeFile(join(dir, 'cgroup.procs'), ''); // as the kernel does when the task exits
    await container.destroy();
  });

  it('recovers a container whose cgroup exists, and only that', async () => {
    await fakeLeaf();
    expect(await isolator().recover(spec, 1234)).toBeDefined();
    expect(await isolator().recover({ ...spec, sandbox: '/work/other-run' }, 1234)).toBeUndefined();
  });

  it('cleanup removes every container of this agent but the kept ones', async () => {
    const kept = containerName(spec);
    const agentDir = join(root, 'tessera', AGENT_ID);
    for (const name of [kept, 'stale-1.0123abcd', 'stale-2.4567ef01'])
      await mkdir(join(agentDir, name), { recursive: true });
    await writeFile(join(agentDir, 'cgroup.procs'), '');
    await mkdir(join(root, 'tessera', 'other-agent', 'theirs'), { recursive: true });

    expect(await isolator().cleanup([spec])).toBe(2);
    expect((await readdir(agentDir)).sort()).toEqual(['cgroup.procs', kept]);
    expect(await readdir(join(root, 'tessera', 'other-agent'))).toEqual(['theirs']);
    expect(await isolator({ agentId: () => 'never-ran' }).cleanup([])).toBe(0);
  });
});

const linuxRoot = process.platform === 'linux' && process.getuid?.() === 0;

describe.skipIf(!linuxRoot)('selectIsolator with cgroups v2 (needs root on Linux)', () => {
  it('picks cgroups v2 at the root when there is no v1', async () => {
    const selected = await selectIsolator('cgroups', { root });
    expect(selected.isolator.kind).toBe('cgroups-v2');
  });

  it('picks cgroups v2 at <root>/unified on a hybrid machine without the v1 controllers', async () => {
    await mkdir(join(root, 'unified'));
    await writeFile(join(root, 'unified', 'cgroup.controllers'), 'memory cpu pids\n');
    await rm(join(root, 'cgroup.controllers'));
    const selected = await selectIsolator('auto', { root });
    expect(selected.isolator.kind).toBe('cgroups-v2');
  });

  it('--isolation cgroups fails, saying why, when neither version is usable', async () => {
    await writeFile(join(root, 'cgroup.controllers'), 'cpu io\n');
    await expect(selectIsolator('cgroups', { root })).rejects.toBeInstanceOf(IsolationUnavailableError);
    await expect(selectIsolator('cgroups', { root })).rejects.toThrow(/no cgroups v1 .* and no cgroups v2/);
    expect((await selectIsolator('auto', { root })).isolator.kind).toBe('posix');
  });
});

const UNIFIED = '/sys/fs/cgroup/unified';
const realSkipReason = !linuxRoot
  ? 'not root on Linux'
  : !(await present(join(UNIFIED, 'cgroup.procs')))
    ? `no cgroup2 mount at ${UNIFIED}`
    : undefined;
if (realSkipReason !== undefined) console.log(`skipping the real cgroups v2 tests: ${realSkipReason}`);

describe.skipIf(realSkipReason !== undefined)(`CgroupsV2Isolator on ${UNIFIED} (needs root and that mount)`, () => {
  /** Our own parent, so these tests never meet an agent's cgroups. */
  const parent = `tessera-test-${process.pid}`;
  const real = () =>
    new CgroupsV2Isolator({ root: UNIFIED, parent, agentId: () => 'v2-test', controllers: [], oomCheckIntervalMs: 10 });
  let sandbox: string;
  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'tessera-v2-sandbox-'));
    await chmod(sandbox, 0o755);
  });
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true });
  });
  afterAll(async () => {
    await rmdir(join(UNIFIED, parent, 'v2-test')).catch(() => undefined);
    await rmdir(join(UNIFIED, parent)).catch(() => undefined);
  });

  /** Starts `sleep 30` through the container's launcher; resolves when it has exited. */
  function sleepIn(
    command: { file: string; args: readonly string[] },
    options: { uid?: number; gid?: number } = {},
  ): { pid: number; exited: Promise<NodeJS.Signals | null> } {
    const child = spawn(command.file, [...command.args], { stdio: 'ignore', detached: true, ...options });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    if (child.pid === undefined) throw new Error('sleep did not start');
    return { pid: child.pid, exited };
  }

  const procsOf = async (dir: string) => (await readFile(join(dir, 'cgroup.procs'), 'utf8')).split('\n');

  it('a task runs in its cgroup; destroy() kills it and removes the cgroup', async () => {
    const task: ContainerSpec = { taskId: 'real-1', sandbox };
    const container = await real().prepare(task);
    const dir = join(UNIFIED, parent, 'v2-test', containerName(task));
    const { pid, exited } = sleepIn(container.wrap({ file: 'sleep', args: ['30'] }));
    container.started(pid, () => undefined);
    await waitFor(async () => (await procsOf(dir)).includes(String(pid)), 'sleep to be in the cgroup');
    expect(await readFile(`/proc/${pid}/cgroup`, 'utf8')).toContain(`0::/${parent}/v2-test/${containerName(task)}`);
    expect(await container.usage()).toMatchObject({ memRssMb: 0 });

    await container.destroy();
    expect(await exited).toBe('SIGKILL');
    expect(await present(dir)).toBe(false);
    expect(await container.usage()).toBeUndefined();
  });

  it('places a task running as another user (nobody) from the agent side', async () => {
    const task: ContainerSpec = { taskId: 'real-nobody', sandbox, identity: { uid: 65534, gid: 65534 } };
    const container = await real().prepare(task);
    const dir = join(UNIFIED, parent, 'v2-test', containerName(task));
    const { pid, exited } = sleepIn(container.wrap({ file: 'sleep', args: ['30'] }), { uid: 65534, gid: 65534 });
    container.started(pid, () => undefined);
    await waitFor(async () => (await procsOf(dir)).includes(String(pid)), 'sleep to be placed in the cgroup');
    // The launcher exec'd sleep only once placed.
    await waitFor(async () => (await readFile(`/proc/${pid}/cmdline`, 'utf8')).startsWith('sleep'), 'the exec');
    await container.destroy();
    expect(await exited).toBe('SIGKILL');
    expect(await present(dir)).toBe(false);
  });

  it('recover finds the cgroup; cleanup kills and removes all but the kept ones', async () => {
    const keep: ContainerSpec = { taskId: 'real-keep', sandbox: join(sandbox, 'keep') };
    const stale: ContainerSpec = { taskId: 'real-stale', sandbox: join(sandbox, 'stale') };
    const kept = await real().prepare(keep);
    const left = await real().prepare(stale);
    const { pid, exited } = sleepIn(left.wrap({ file: 'sleep', args: ['30'] }));
    await waitFor(
      async () => (await procsOf(join(UNIFIED, parent, 'v2-test', containerName(stale)))).includes(String(pid)),
      'sleep to be in the stale cgroup',
    );
    // A new agent process: a new isolator.
    expect(await real().recover(keep, process.pid)).toBeDefined();
    expect(await real().cleanup([keep])).toBe(1);
    expect(await exited).toBe('SIGKILL');
    const entries = await readdir(join(UNIFIED, parent, 'v2-test'), { withFileTypes: true });
    expect(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toEqual([containerName(keep)]);
    await kept.destroy();
  });
});
