/**
 * What the agent offers to the cluster: detected machine facts turned into
 * resources, with the operator's `--resources` text taking precedence, as Mesos's
 * agent does it. Pure: the shell measures the machine (`../detect.ts`).
 */
import { normalizeResources, parseResources, ResourceParseError, type Resource } from '@tessera/domain';

/** What the shell measured about the machine. */
export interface MachineFacts {
  /** Logical CPUs the agent may use. */
  readonly cpuCount: number;
  /** Physical memory, MB. */
  readonly memTotalMb: number;
  /** Size of the filesystem that holds the work directory, MB. */
  readonly diskTotalMb: number;
}

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
 * Resources detected from the machine, before any `--resources` text:
 *   cpus  = cpuCount
 *   mem   = memTotalMb − min(1024, memTotalMb / 2)        (whole MB, rounded down)
 *   disk  = diskTotalMb − min(5120, diskTotalMb / 2)      (whole MB, rounded down)
 *   ports = [31000-32000]
 */
export function detectedResources(facts: MachineFacts): Resource[] {
  const mem = Math.floor(facts.memTotalMb - Math.min(MEM_RESERVE_MAX_MB, facts.memTotalMb / 2));
  const disk = Math.floor(facts.diskTotalMb - Math.min(DISK_RESERVE_MAX_MB, facts.diskTotalMb / 2));
  return normalizeResources([
    { name: 'cpus', type: 'scalar', scalar: Math.max(0, facts.cpuCount) },
    { name: 'mem', type: 'scalar', scalar: Math.max(0, mem) },
    { name: 'disk', type: 'scalar', scalar: Math.max(0, disk) },
    { name: 'ports', type: 'ranges', ranges: [DEFAULT_PORT_RANGE] },
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
