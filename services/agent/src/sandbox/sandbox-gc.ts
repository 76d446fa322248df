/**
 * Sandbox garbage collection (Mesos's --gc_delay): removes the sandboxes of runs that ended long enough ago. Stateless:
 * what to remove follows from the directory tree, the live runs and the clock, so the agent runs it at start and
 * periodically and persists nothing.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isVanished } from './bounded.js';

export interface SandboxGcOptions {
  /** `<workDir>/sandboxes`, holding `<frameworkId>/<taskId>/<runId>`; never removed itself. */
  readonly sandboxesDir: string;
  /** Absolute sandbox paths of the live runs (the ones being launched included); never removed. */
  readonly keep: ReadonlySet<string>;
  /** A run directory is removed once its mtime is more than this many milliseconds before `nowMs`. */
  readonly olderThanMs: number;
  /** The current time, milliseconds since the epoch. */
  readonly nowMs: number;
  /**
   * A directory that could not be read or removed (other than because it vanished); the pass goes on with the
   * others. Absent: such problems are ignored and the directory is tried again on the next pass.
   */
  readonly onError?: (error: unknown, path: string) => void;
}

/**
 * Removes every run directory `<sandboxesDir>/<frameworkId>/<taskId>/<runId>` that is not in `keep` and whose mtime
 * is older than `olderThanMs`, then every task and framework directory left empty; resolves with the run directories
 * it removed (a run that concurrent passes both remove may be listed by each). Entries that are not directories (or are symbolic links) at the framework, task or run level are left
 * alone; links inside a removed run are removed, never followed. Robust against concurrent deletion: whatever vanishes
 * meanwhile is skipped. Never rejects, except when `sandboxesDir` exists and cannot be read.
 *
 * NOTE: a directory's mtime changes only when entries are added to or removed from it, not when a task writes to its
 * files, so the age of a run directory is roughly the time since the task last created a file at its top level. For
 * the delay to count from the end of a run, touch the run directory (utimes) when the run ends.
 * NOTE: an empty task directory may be removed just as a new run of the same task is being created in it; run the
 * collection and launches on the same queue, or let the launch retry its recursive mkdir on ENOENT.
 */
export async function collectSandboxes(options: SandboxGcOptions): Promise<string[]> {
  const keep = new Set([...options.keep].map((path) => resolve(path)));
  const removed: string[] = [];
  const root = resolve(options.sandboxesDir);
  let frameworks: string[];
  try {
    frameworks = directories(await readdir(root, { withFileTypes: true }));
  } catch (error) {
    if (isVanished(error)) return removed;
    throw error;
  }
  for (const framework of frameworks) {
    const frameworkDir = join(root, framework);
    for (const task of directories(await list(frameworkDir, options))) {
      const taskDir = join(frameworkDir, task);
      for (const run of directories(await list(taskDir, options))) {
        const runDir = join(taskDir, run);
        if (keep.has(runDir)) continue;
        if (await removeIfOld(runDir, options)) removed.push(runDir);
      }
      await removeIfEmpty(taskDir, options);
    }
    await removeIfEmpty(frameworkDir, options);
  }
  return removed;
}

function directories(entries: readonly Dirent[]): string[] {
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

/** The entries of `dir`; none when it vanished or cannot be read. */
async function list(dir: string, { onError }: SandboxGcOptions): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (!isVanished(error)) onError?.(error, dir);
    return [];
  }
}

/** Removes `runDir` when it is older than the delay; whether this call removed it. */
async function removeIfOld(runDir: string, { olderThanMs, nowMs, onError }: SandboxGcOptions): Promise<boolean> {
  try {
    const stats = await lstat(runDir);
    if (!stats.isDirectory() || nowMs - stats.mtimeMs <= olderThanMs) return false;
    await rm(runDir, { recursive: true, force: true });
    return true;
  } catch (error) {
    if (!isVanished(error)) onError?.(error, runDir);
    return false;
  }
}

/** Removes `dir` when it is empty; a directory that is not empty, or vanished, is left as it is. */
async function removeIfEmpty(dir: string, { onError }: SandboxGcOptions): Promise<void> {
  try {
    await rmdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || isVanished(error)) return;
    onError?.(error, dir);
  }
}
