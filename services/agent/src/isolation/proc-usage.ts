/** Usage of process groups from /proc (Linux); the posix isolator's only source. */
import { readdir, readFile } from 'node:fs/promises';
import { MIB, type ContainerUsage } from './types.js';

// NOTE: Linux reports times in clock ticks and RSS in pages; USER_HZ is 100 and
// pages are 4 KiB on every platform Tessera targets (Node cannot ask sysconf).
export const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/**
 * CPU time and RSS summed over every process in each process group (keyed by
 * the group ID = the task's root pid), from one scan of /proc; includes the CPU
 * time of children already reaped. Empty off Linux.
 */
export async function processGroupUsage(groups: ReadonlySet<number>): Promise<Map<number, ContainerUsage>> {
  const usage = new Map<number, { cpusUserTimeSeconds: number; cpusSystemTimeSeconds: number; memRssMb: number }>();
  if (groups.size === 0) return usage;
  const entries = await readdir('/proc').catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
        // Fields after "(comm) ": state(3) ppid(4) pgrp(5) ... utime(14) stime(15) cutime(16) cstime(17) ... rss(24)
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const group = Number(fields[2]);
        if (!groups.has(group)) return;
        const field = (n: number) => Number(fields[n - 3] ?? 0) || 0;
        const total = usage.get(group) ?? { cpusUserTimeSeconds: 0, cpusSystemTimeSeconds: 0, memRssMb: 0 };
        total.cpusUserTimeSeconds += (field(14) + field(16)) / CLOCK_TICKS_PER_SECOND;
        total.cpusSystemTimeSeconds += (field(15) + field(17)) / CLOCK_TICKS_PER_SECOND;
        total.memRssMb += (field(24) * PAGE_BYTES) / MIB;
        usage.set(group, total);
      }),
  );
  return usage;
}
