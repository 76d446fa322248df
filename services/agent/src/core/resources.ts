/**
 * What the agent offers to the cluster: detected machine facts turned into
 * resources, with the operator's `--resources` text taking precedence, as Mesos's
 * agent does it. Pure: the shell measures the machine (`../detect.ts`).
 */
import { normalizeResources, parseResources, ResourceParseError, type Resource } from '@tessera/domain';

/** What the agent may use of its machine (see `machineFacts`). */
export interface MachineFacts {
  /** CPUs the agent may use: logical CPUs, or fewer (possibly fractional) under a cgroup cpu quota. */
  readonly cpuCount: number;
  /** Memory the agent may use, MB: physical memory, or less under a cgroup memory limit. */
  readonly memTotalMb: number;
  /** Size of the filesystem that holds the work directory, MB. */
  readonly diskTotalMb: number;
  /** NVIDIA GPUs found; absent: none. */
  readonly gpuCount?: number;
}

/** The limits of one cgroup that holds the agent (its own or an ancestor), as the shell read them; absent: none. */
export interface CgroupLimits {
  /** cpu quota in CPUs: cfs_quota_us / cfs_period_us (v1) or cpu.max's quota / period (v2). */
  readonly cpus?: number;
  /** memory.limit_in_bytes (v1) or memory.max (v2). */
  readonly memBytes?: number;
}

/** What the shell measured, before any decision. */
export interface MachineMeasurements {
  readonly logicalCpus: number;
  readonly memPhysicalBytes: number;
  readonly diskTotalBytes: number;
  /** Every cgroup on the way from the hierarchy roots down to the agent's own, both v1 and v2; any order. */
  readonly cgroupLimits: readonly CgroupLimits[];
  readonly gpuCount: number;
}

/** One line of /proc/<pid>/cgroup: "hierarchy-ID:controller-list:path" (v2: "0::path"). */
export interface CgroupMembership {
  readonly hierarchyId: number;
  /** Empty for the v2 hierarchy; v1 named hierarchies appear as "name=systemd". */
  readonly controllers: readonly string[];
  /** Relative to the hierarchy's root (as the agent's cgroup namespace sees it), starting with "/". */
  readonly path: string;
}

/** v1 writes "unlimited" memory as a huge number (9223372036854771712 on x86-64); anything from 1 EiB up is no limit. */
export const UNLIMITED_MEMORY_BYTES = 2 ** 60;
const MB_BYTES = 1024 * 1024;

/** Memory left to the OS and the agent itself: min(1 GB, half of memory). */
export const MEM_RESERVE_MAX_MB = 1024;
/** Disk left free: min(5 GB, half of the filesystem). */
export const DISK_RESERVE_MAX_MB = 5 * 1024;
/** Port range an agent offers when `--resources` names no ports (Mesos's default). */
export const DEFAULT_PORT_RANGE = { begin: 31000, end: 32000 } as const;

const EXPECTED_TYPES: Readonly<Record<string, Resource['type']>> = {
  cpus: 'scalar',
  mem: 'scalar',
  disk: 'scalar',
  gpus: 'scalar',
  ports: 'ranges',
};

/**
 * What the agent may use, honouring the cgroups it runs in (e.g. a container):
 *   cpuCount   = min(logicalCpus, every cgroup's cpu quota), rounded down to 0.001
 *                (logical 8, quota 150000/100000 → 1.5)
 *   memTotalMb = min(physical, every cgroup's memory limit), whole MB rounded down
 *   diskTotalMb = the filesystem's size, whole MB rounded down
 */
export function machineFacts(measured: MachineMeasurements): MachineFacts {
  let cpus = measured.logicalCpus;
  let memBytes = measured.memPhysicalBytes;
  for (const limits of measured.cgroupLimits) {
    if (limits.cpus !== undefined && limits.cpus > 0) cpus = Math.min(cpus, limits.cpus);
    if (limits.memBytes !== undefined && limits.memBytes >= 0) memBytes = Math.min(memBytes, limits.memBytes);
  }
  return {
    // NOTE: the epsilon keeps 0.3 × 1000 = 299.99999999999994 from becoming 0.299.
    cpuCount: Math.floor(cpus * 1000 + 1e-6) / 1000,
    memTotalMb: Math.floor(memBytes / MB_BYTES),
    diskTotalMb: Math.floor(measured.diskTotalBytes / MB_BYTES),
    gpuCount: measured.gpuCount,
  };
}

/** The lines of /proc/<pid>/cgroup; malformed lines are skipped. */
export function parseProcCgroup(text: string): CgroupMembership[] {
  const memberships: CgroupMembership[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (match === null) continue;
    const [, id = '', list = '', path = '/'] = match;
    memberships.push({ hierarchyId: Number(id), controllers: list === '' ? [] : list.split(','), path });
  }
  return memberships;
}

/** The cgroup `path` and each of its ancestors, root first: "/a/b" → ["/", "/a", "/a/b"]. */
export function cgroupAncestry(path: string): string[] {
  const segments = path.split('/').filter((segment) => segment !== '');
  return ['/', ...segments.map((_, index) => `/${segments.slice(0, index + 1).join('/')}`)];
}

/** A v1 cpu quota in CPUs from cpu.cfs_quota_us and cpu.cfs_period_us; quota −1 (or unreadable): none. */
export function cpusFromCfsQuota(quotaUs: number | undefined, periodUs: number | undefined): number | undefined {
  if (quotaUs === undefined || periodUs === undefined || quotaUs <= 0 || periodUs <= 0) return undefined;
  return quotaUs / periodUs;
}

/** A v2 cpu quota in CPUs from cpu.max ("<quota> <period>"; "max <period>": none). */
export function cpusFromCpuMax(text: string | undefined): number | undefined {
  const [quota, period = '100000'] = (text ?? '').trim().split(/\s+/);
  if (quota === undefined || quota === '' || quota === 'max') return undefined;
  return cpusFromCfsQuota(Number(quota), Number(period));
}

/** A memory limit in bytes from memory.limit_in_bytes (v1) or memory.max (v2); "max", huge values or unreadable: none. */
export function memBytesFromLimit(text: string | undefined): number | undefined {
  const trimmed = (text ?? '').trim();
  const bytes = Number(trimmed);
  if (trimmed === '' || trimmed === 'max' || !Number.isFinite(bytes) || bytes < 0) return undefined;
  return bytes >= UNLIMITED_MEMORY_BYTES ? undefined : bytes;
}

/** GPUs listed by `nvidia-smi --query-gpu=index --format=csv,noheader`: one non-empty line each. */
export function gpuCountFromNvidiaSmi(stdout: string): number {
  return stdout.split('\n').filter((line) => line.trim() !== '').length;
}

/**
 * Resources detected from the machine, before any `--resources` text:
 *   cpus  = cpuCount
 *   mem   = memTotalMb − min(1024, memTotalMb / 2)        (whole MB, rounded down)
 *   disk  = diskTotalMb − min(5120, diskTotalMb / 2)      (whole MB, rounded down)
 *   ports = [31000-32000]
 *   gpus  = gpuCount, only when there are GPUs
 */
export function detectedResources(facts: MachineFacts): Resource[] {
  const mem = Math.floor(facts.memTotalMb - Math.min(MEM_RESERVE_MAX_MB, facts.memTotalMb / 2));
  const disk = Math.floor(facts.diskTotalMb - Math.min(DISK_RESERVE_MAX_MB, facts.diskTotalMb / 2));
  return normalizeResources([
    { name: 'cpus', type: 'scalar', scalar: Math.max(0, facts.cpuCount) },
    { name: 'mem', type: 'scalar', scalar: Math.max(0, mem) },
    { name: 'disk', type: 'scalar', scalar: Math.max(0, disk) },
    { name: 'ports', type: 'ranges', ranges: [DEFAULT_PORT_RANGE] },
    ...((facts.gpuCount ?? 0) > 0 ? [{ name: 'gpus', type: 'scalar' as const, scalar: facts.gpuCount ?? 0 }] : []),
  ]);
}

/**
 * The agent's total resources. Every resource name that appears in
 * `resourcesText` (with or without a role) replaces the detected value of that
 * name entirely; names it does not mention keep their detected value; other
 * names (e.g. `gpus`, custom ones) are added. So, as in Mesos,
 * `cpus(eng):2` alone means "2 CPUs, all reserved for eng"; to reserve part of
 * an 8-core machine write `cpus:6;cpus(eng):2`.
 *
 * Throws ResourceParseError (with the 0-based position) for malformed text, and
 * for a well-known name with the wrong type (`cpus:[1-2]`, `ports:5`).
 */
export function computeAgentResources(facts: MachineFacts, resourcesText?: string): Resource[] {
  const detected = detectedResources(facts);
  if (resourcesText === undefined || resourcesText.trim() === '') return detected;
  const configured = parseResources(resourcesText);
  for (const resource of configured) {
    const expected = EXPECTED_TYPES[resource.name];
    if (expected !== undefined && resource.type !== expected) {
      throw new ResourceParseError(
        resourcesText,
        positionOfName(resourcesText, resource.name),
        `${resource.name} must be ${expected === 'scalar' ? 'a scalar' : 'ranges'}, got ${resource.type}`,
      );
    }
  }
  // NOTE: names are taken from the raw text, not the parsed list: "cpus:0" parses
  // to nothing (zero scalars are dropped) but still means "no detected CPUs".
  const named = namesIn(resourcesText);
  return normalizeResources([...detected.filter((r) => !named.has(r.name)), ...configured]);
}

/** Resource names mentioned in well-formed resource text (call after parseResources succeeded). */
function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?:^|;)\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*[(:]/g)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

function positionOfName(text: string, name: string): number {
  for (const match of text.matchAll(/(^|;)(\s*)([A-Za-z_][A-Za-z0-9_.-]*)\s*[(:]/g)) {
    if (match[3] === name) return match.index + (match[1] ?? '').length + (match[2] ?? '').length;
  }
  return 0;
}
