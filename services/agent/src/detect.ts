/** What the agent measures about its machine: the I/O half of resource detection (the decisions are in core/resources.ts). */
import { mkdir, readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import type { MachineFacts } from './core/resources.js';

const MB = 1024 * 1024;

/** CPU count, physical memory, and the size of the filesystem holding `workDir` (created if missing). */
export async function detectMachineFacts(workDir: string): Promise<MachineFacts> {
  await mkdir(workDir, { recursive: true });
  const fs = await statfs(workDir);
  return {
    cpuCount: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    memTotalMb: Math.floor(os.totalmem() / MB),
    diskTotalMb: Math.floor((fs.blocks * fs.bsize) / MB),
  };
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
