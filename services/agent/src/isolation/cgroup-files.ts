/**
 * Reading and removing cgroup files, the same for both hierarchies (v1 and the
 * unified v2). None of these rejects for a file that is missing or unreadable.
 */
import { access, readFile, rmdir } from 'node:fs/promises';
import type { ContainerLimitation } from './types.js';

/** The file's content as one number; undefined when it is missing or not a number (e.g. "max"). */
export async function readNumber(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  const value = Number(text?.trim());
  return text === undefined || text.trim() === '' || !Number.isFinite(value) ? undefined : value;
}

/** The pids listed in a `cgroup.procs` file; empty when it is missing. */
export async function readPids(path: string): Promise<number[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}

/** The value of `key` in a flat-keyed file ("key value" per line: cpu.stat, memory.events, cpuacct.stat); 0 when absent. */
export function keyedValue(text: string, key: string): number {
  const value = Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Removes a cgroup directory, retrying while the kernel refuses (EBUSY) because
 * its last processes are still exiting: 100 tries, 10 ms apart. A directory
 * that is already gone counts as removed. Never rejects: other failures, and
 * EBUSY after the last try, go to `onError`.
 */
export async function removeCgroup(
  dir: string,
  onError: ((error: unknown, context: string) => void) | undefined,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || attempt >= 100) {
        onError?.(error, `removing cgroup ${dir}`);
        return;
      }
      await delay(10);
    }
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Checks for a limitation every `intervalMs` (one check at a time) until one
 * is found or `ended()` says the container is going away, and reports it once.
 * Returns the unref'd interval, for the caller to clear.
 * NOTE: the kernel's OOM killer kills only the process it picks; the task is
 * then ended as a whole, as Mesos does.
 */
export function watchLimitation(options: {
  readonly intervalMs: number;
  readonly check: () => Promise<ContainerLimitation | undefined>;
  readonly ended: () => boolean;
  readonly found: (limitation: ContainerLimitation) => void;
}): NodeJS.Timeout {
  let checking = false;
  let reported = false;
  const timer = setInterval(() => {
    if (checking || reported) return;
    checking = true;
    void options
      .check()
      .then((limitation) => {
        if (limitation === undefined || reported || options.ended()) return;
        reported = true;
        options.found(limitation);
      })
      .finally(() => {
        checking = false;
      });
  }, options.intervalMs);
  timer.unref();
  return timer;
}
