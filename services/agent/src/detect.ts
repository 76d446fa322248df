/** What the agent measures about its machine: the I/O half of resource detection (the decisions are in core/resources.ts). */
import { execFile } from 'node:child_process';
import { access, mkdir, readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import {
  cgroupAncestry,
  cpusFromCfsQuota,
  cpusFromCpuMax,
  gpuCountFromNvidiaSmi,
  machineFacts,
  memBytesFromLimit,
  parseProcCgroup,
  type CgroupLimits,
  type MachineFacts,
} from './core/resources.js';

/** Where detection reads; the defaults are the real machine's, tests point them at fakes. */
export interface DetectOptions {
  /** The agent's cgroup membership. Default /proc/self/cgroup. */
  readonly procSelfCgroup?: string;
  /**
   * Where the cgroup hierarchies are mounted: v1 under `<root>/<controller>`,
   * v2 at `<root>` (v2 only) or `<root>/unified` (hybrid). Default /sys/fs/cgroup.
   */
  readonly cgroupRoot?: string;
  /** The nvidia-smi to run. Default "nvidia-smi", looked up on PATH. */
  readonly nvidiaSmiPath?: string;
  /** How long nvidia-smi may take before it is killed and no GPUs are assumed. Default 5000 ms. */
  readonly nvidiaSmiTimeoutMs?: number;
}

/**
 * CPUs, memory (both within the limits of the cgroups the agent runs in),
 * NVIDIA GPUs, and the size of the filesystem holding `workDir` (created if
 * missing). Never fails for cgroups or GPUs: what cannot be read is no limit
 * or no GPU.
 */
export async function detectMachineFacts(workDir: string, options: DetectOptions = {}): Promise<MachineFacts> {
  await mkdir(workDir, { recursive: true });
  const [fs, { cgroupLimits, gpuCount }] = await Promise.all([statfs(workDir), processFacts(options)]);
  return machineFacts({
    logicalCpus: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    memPhysicalBytes: os.totalmem(),
    diskTotalBytes: fs.blocks * fs.bsize,
    cgroupLimits,
    gpuCount,
  });
}

/**
 * The cgroup limits and GPUs are facts of this process and machine: detected
 * once per set of options, so that many agents in one process (`tessera up`,
 * benchmarks with a thousand simulated agents) do not each run nvidia-smi and
 * read the cgroup tree.
 */
const processFactsByOptions = new Map<string, Promise<{ cgroupLimits: CgroupLimits[]; gpuCount: number }>>();

function processFacts(options: DetectOptions): Promise<{ cgroupLimits: CgroupLimits[]; gpuCount: number }> {
  const key = JSON.stringify(options);
  let facts = processFactsByOptions.get(key);
  if (facts === undefined) {
    facts = Promise.all([
      detectCgroupLimits(options),
      detectGpuCount(options.nvidiaSmiPath, options.nvidiaSmiTimeoutMs),
    ]).then(([cgroupLimits, gpuCount]) => ({ cgroupLimits, gpuCount }));
    processFactsByOptions.set(key, facts);
  }
  return facts;
}

/**
 * The cpu and memory limits of the agent's cgroups and all their ancestors,
 * v1 (cpu.cfs_quota_us / cpu.cfs_period_us, memory.limit_in_bytes) and v2
 * (cpu.max, memory.max). Empty off Linux or when /proc/self/cgroup is unreadable.
 */
export async function detectCgroupLimits(options: DetectOptions = {}): Promise<CgroupLimits[]> {
  const root = options.cgroupRoot ?? '/sys/fs/cgroup';
  const text = await readFile(options.procSelfCgroup ?? '/proc/self/cgroup', 'utf8').catch(() => '');
  const found: Promise<CgroupLimits>[] = [];
  for (const membership of parseProcCgroup(text)) {
    if (membership.hierarchyId === 0) {
      const unified = await firstExisting([root, join(root, 'unified')], 'cgroup.controllers');
      if (unified === undefined) continue;
      for (const path of cgroupAncestry(membership.path)) {
        const dir = join(unified, path);
        found.push(
          Promise.all([readText(join(dir, 'cpu.max')), readText(join(dir, 'memory.max'))]).then(([cpuMax, memoryMax]) =>
            limits(cpusFromCpuMax(cpuMax), memBytesFromLimit(memoryMax)),
          ),
        );
      }
      continue;
    }
    // NOTE: co-mounted controllers live in "<root>/cpu,cpuacct", usually with a "cpu" symlink beside it.
    const hierarchy = await firstExisting(
      [join(root, membership.controllers.join(',')), ...membership.controllers.map((c) => join(root, c))],
      'cgroup.procs',
    );
    if (hierarchy === undefined) continue;
    for (const path of cgroupAncestry(membership.path)) {
      const dir = join(hierarchy, path);
      if (membership.controllers.includes('cpu')) {
        found.push(
          Promise.all([readText(join(dir, 'cpu.cfs_quota_us')), readText(join(dir, 'cpu.cfs_period_us'))]).then(
            ([quota, period]) => limits(cpusFromCfsQuota(numberOf(quota), numberOf(period)), undefined),
          ),
        );
      }
      if (membership.controllers.includes('memory')) {
        found.push(
          readText(join(dir, 'memory.limit_in_bytes')).then((limit) => limits(undefined, memBytesFromLimit(limit))),
        );
      }
    }
  }
  return (await Promise.all(found)).filter((limit) => limit.cpus !== undefined || limit.memBytes !== undefined);
}

/**
 * How many NVIDIA GPUs `nvidia-smi --query-gpu=index --format=csv,noheader`
 * lists. 0 when the binary is absent, fails, or takes longer than `timeoutMs`
 * (it is then SIGKILLed; NOTE: the answer does not wait for it to exit, since
 * nvidia-smi can hang in the kernel on a broken driver). Never rejects.
 */
export function detectGpuCount(nvidiaSmiPath = 'nvidia-smi', timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve) => {
    const child = execFile(
      nvidiaSmiPath,
      ['--query-gpu=index', '--format=csv,noheader'],
      { encoding: 'utf8' },
      (error, stdout) => {
        clearTimeout(timer);
        resolve(error === null ? gpuCountFromNvidiaSmi(stdout) : 0);
      },
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(0);
    }, timeoutMs);
  });
}

function limits(cpus: number | undefined, memBytes: number | undefined): CgroupLimits {
  return { ...(cpus === undefined ? {} : { cpus }), ...(memBytes === undefined ? {} : { memBytes }) };
}

async function firstExisting(dirs: readonly string[], marker: string): Promise<string | undefined> {
  for (const dir of dirs) {
    const found = await access(join(dir, marker)).then(
      () => true,
      () => false,
    );
    if (found) return dir;
  }
  return undefined;
}

function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

function numberOf(text: string | undefined): number | undefined {
  const value = Number(text?.trim());
  return text === undefined || text.trim() === '' || !Number.isFinite(value) ? undefined : value;
}

/**
 * The kernel's boot ID (changes at every reboot: a rebooted machine is a new
 * agent). Off Linux, an ID derived from the boot time, to the minute.
 */
export async function readBootId(): Promise<string> {
  try {
    const id = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    if (id !== '') return id;
  } catch {
    // not Linux
  }
  const bootedAtMinutes = Math.round((Date.now() / 1000 - os.uptime()) / 60);
  return `boot-${bootedAtMinutes}`;
}
