/**
 * Resource detection against fakes: a /proc/self/cgroup file and a cgroup tree
 * (v1, v2 and hybrid) in a temp dir, and a fake nvidia-smi shell script.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectCgroupLimits, detectGpuCount, detectMachineFacts } from '../src/detect.js';

const GIB = 1024 * 1024 * 1024;
const UNLIMITED_V1 = '9223372036854771712';
const logicalCpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const physicalMb = Math.floor(os.totalmem() / (1024 * 1024));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-detect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `files` (paths relative to the temp dir), creating directories. */
async function tree(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** A fake nvidia-smi running `body`; returns its path. */
async function fakeNvidiaSmi(body: string): Promise<string> {
  const path = join(dir, 'bin', 'nvidia-smi');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

const options = () => ({
  procSelfCgroup: join(dir, 'proc-self-cgroup'),
  cgroupRoot: join(dir, 'cgroup'),
  nvidiaSmiPath: join(dir, 'bin', 'absent-nvidia-smi'),
});

describe('detectCgroupLimits', () => {
  it('v1: cpu quota and memory limits of the cgroup and its ancestors, co-mounted cpu,cpuacct included', async () => {
    await tree({
      'proc-self-cgroup':
        '12:pids:/docker/abc\n4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n1:name=systemd:/\n0::/\n',
      'cgroup/cpu,cpuacct/cgroup.procs': '',
      'cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n', // none
      'cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
      'cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '150000\n', // 150000 / 100000 = 1.5 cpus
      'cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
      'cgroup/memory/cgroup.procs': '',
      'cgroup/memory/memory.limit_in_bytes': `${UNLIMITED_V1}\n`, // none
      'cgroup/memory/docker/memory.limit_in_bytes': `${GIB}\n`, // the ancestor's 1 GiB is the tighter one
      'cgroup/memory/docker/abc/memory.limit_in_bytes': `${2 * GIB}\n`,
    });
    const limits = await detectCgroupLimits(options());
    expect(limits).toHaveLength(3); // in no particular order
    expect(limits).toEqual(expect.arrayContaining([{ cpus: 1.5 }, { memBytes: GIB }, { memBytes: 2 * GIB }]));
    const facts = await detectMachineFacts(join(dir, 'work'), options());
    expect(facts.cpuCount).toBe(Math.min(logicalCpus, 1.5));
    expect(facts.memTotalMb).toBe(Math.min(physicalMb, 1024));
  });

  it('v2: cpu.max and memory.max of the cgroup and its ancestors', async () => {
    await tree({
      'proc-self-cgroup': '0::/system.slice/agent.service\n',
      'cgroup/cgroup.controllers': 'cpu memory pids\n',
      'cgroup/system.slice/cpu.max': 'max 100000\n', // none
      'cgroup/system.slice/memory.max': 'max\n', // none
      'cgroup/system.slice/agent.service/cpu.max': '50000 100000\n', // 0.5 cpus
      'cgroup/system.slice/agent.service/memory.max': `${GIB / 2}\n`, // 512 MB
    });
    expect(await detectCgroupLimits(options())).toEqual([{ cpus: 0.5, memBytes: GIB / 2 }]);
    const facts = await detectMachineFacts(join(dir, 'work'), options());
    expect(facts).toMatchObject({ cpuCount: Math.min(logicalCpus, 0.5), memTotalMb: Math.min(physicalMb, 512) });
  });

  it('hybrid: the unified hierarchy at <root>/unified', async () => {
    await tree({
      'proc-self-cgroup': '4:memory:/\n0::/agent\n',
      'cgroup/memory/cgroup.procs': '',
      'cgroup/memory/memory.limit_in_bytes': `${UNLIMITED_V1}\n`,
      'cgroup/unified/cgroup.controllers': 'cpu\n',
      'cgroup/unified/agent/cpu.max': '250000 100000\n', // 2.5 cpus
    });
    expect(await detectCgroupLimits(options())).toEqual([{ cpus: 2.5 }]);
  });

  it('no limits: the machine as it is', async () => {
    await tree({
      'proc-self-cgroup': '0::/agent\n',
      'cgroup/cgroup.controllers': 'cpu memory\n',
      'cgroup/agent/cpu.max': 'max 100000\n',
      'cgroup/agent/memory.max': 'max\n',
    });
    expect(await detectCgroupLimits(options())).toEqual([]);
    const facts = await detectMachineFacts(join(dir, 'work'), options());
    expect(facts).toMatchObject({ cpuCount: logicalCpus, memTotalMb: physicalMb, gpuCount: 0 });
  });

  it('nothing readable (not Linux, no cgroups mounted): no limits', async () => {
    expect(await detectCgroupLimits(options())).toEqual([]);
    await tree({ 'proc-self-cgroup': '3:cpu:/x\n0::/x\n' });
    expect(await detectCgroupLimits(options())).toEqual([]);
  });
});

describe('detectGpuCount', () => {
  it('counts the lines nvidia-smi prints', async () => {
    const path = await fakeNvidiaSmi(
      '[ "$1 $2" = "--query-gpu=index --format=csv,noheader" ] || exit 2\nprintf "0\\n1\\n2\\n"',
    );
    expect(await detectGpuCount(path)).toBe(3);
    const facts = await detectMachineFacts(join(dir, 'work'), { ...options(), nvidiaSmiPath: path });
    expect(facts.gpuCount).toBe(3);
  });

  it('no GPUs when nvidia-smi is absent, fails, or hangs past the timeout', async () => {
    expect(await detectGpuCount(join(dir, 'bin', 'absent'))).toBe(0);
    expect(await detectGpuCount(await fakeNvidiaSmi('echo "NVIDIA-SMI has failed" >&2; exit 9'))).toBe(0);
    const hanging = await fakeNvidiaSmi('exec sleep 30');
    const before = Date.now();
    expect(await detectGpuCount(hanging, 200)).toBe(0);
    expect(Date.now() - before).toBeLessThan(5_000);
  });
});
