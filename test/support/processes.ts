import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the command: state(3) ppid(4) pgrp(5) ...; undefined when the process is gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Process IDs whose process group is `pgid`; zombies are gone in all but name and are left out. */
export function processesInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields !== undefined && Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
  }
  return found;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks after boot): tells a process from a later one with its pid. */
export function processStartTime(pid: number): string | undefined {
  const fields = statFields(pid);
  return fields === undefined || fields[0] === 'Z' ? undefined : fields[22 - 3];
}

/**
 * Test cleanup: SIGKILL every process of the groups `pgids` (task process groups
 * a test left behind, e.g. after killing the agent with -9). Never throws.
 */
export function killProcessGroups(pgids: Iterable<number>): void {
  for (const pgid of pgids) {
    if (!(pgid > 1)) continue;
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Process IDs running `argv` (e.g. `['sleep', '6071']`): the program's base name
 * and its arguments, whatever path it was started by. Finds a task's command wherever it runs.
 */
export function processesWithArgv(argv: readonly string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').slice(0, -1);
      const matches =
        args.length === argv.length &&
        args[0]?.split('/').at(-1) === argv[0] &&
        args.slice(1).every((arg, i) => arg === argv[i + 1]);
      if (matches && statFields(entry)?.[0] !== 'Z') found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
