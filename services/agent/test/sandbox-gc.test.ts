/** collectSandboxes over a real sandboxes tree under os.tmpdir(), with mtimes set relative to an injected clock. */
import { access, mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectSandboxes } from '../src/sandbox/sandbox-gc.js';

const HOUR_MS = 3_600_000;
const NOW_MS = Date.UTC(2030, 0, 1);
const OLD_MS = NOW_MS - 2 * HOUR_MS;
const YOUNG_MS = NOW_MS - 60_000;

let workDir: string;
let sandboxes: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-gc-'));
  sandboxes = join(workDir, 'sandboxes');
  await mkdir(sandboxes);
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Creates `<sandboxes>/<fw>/<task>/<run>` holding a stdout file, with the run directory's mtime at `mtimeMs`. */
async function run(fw: string, task: string, runId: string, mtimeMs: number): Promise<string> {
  const dir = join(sandboxes, fw, task, runId);
  await mkdir(join(dir, 'nested'), { recursive: true });
  await writeFile(join(dir, 'stdout'), 'output');
  await utimes(dir, mtimeMs / 1000, mtimeMs / 1000);
  return dir;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('collectSandboxes', () => {
  it('removes old runs, keeps live and young ones, and removes the task and framework directories left empty', async () => {
    const oldRun = await run('fw-1', 'task-a', 'run-1', OLD_MS);
    const youngRun = await run('fw-1', 'task-a', 'run-2', YOUNG_MS);
    const liveOldRun = await run('fw-1', 'task-b', 'run-1', OLD_MS);
    const lonelyOldRun = await run('fw-2', 'task-c', 'run-1', OLD_MS);
    const otherOldRun = await run('fw-2', 'task-d', 'run-1', OLD_MS);

    const removed = await collectSandboxes({
      sandboxesDir: sandboxes,
      keep: new Set([liveOldRun]),
      olderThanMs: HOUR_MS,
      nowMs: NOW_MS,
    });

    expect(removed.sort()).toEqual([oldRun, lonelyOldRun, otherOldRun].sort());
    expect(await exists(youngRun)).toBe(true);
    expect(await exists(liveOldRun)).toBe(true);
    expect(await readdir(sandboxes)).toEqual(['fw-1']);
    expect((await readdir(join(sandboxes, 'fw-1'))).sort()).toEqual(['task-a', 'task-b']);
  });

  it('removes a run exactly once it is older than the delay, not at it', async () => {
    const atDelay = await run('fw', 'task', 'at-delay', NOW_MS - HOUR_MS);
    const options = { sandboxesDir: sandboxes, keep: new Set<string>(), olderThanMs: HOUR_MS };
    expect(await collectSandboxes({ ...options, nowMs: NOW_MS })).toEqual([]);
    expect(await collectSandboxes({ ...options, nowMs: NOW_MS + 1 })).toEqual([atDelay]);
    expect(await exists(sandboxes)).toBe(true);
  });

  it('leaves stray files and symlinks alone and never follows a link out of a removed run', async () => {
    const outside = join(workDir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'precious'), 'keep me');
    const oldRun = await run('fw', 'task', 'run-1', OLD_MS);
    await symlink(outside, join(oldRun, 'link-out'));
    await utimes(oldRun, OLD_MS / 1000, OLD_MS / 1000);
    await writeFile(join(sandboxes, 'stray-file'), '');
    await symlink(outside, join(sandboxes, 'fw', 'task', 'run-link'));

    const removed = await collectSandboxes({
      sandboxesDir: sandboxes,
      keep: new Set(),
      olderThanMs: HOUR_MS,
      nowMs: NOW_MS,
    });

    expect(removed).toEqual([oldRun]);
    expect(await exists(join(outside, 'precious'))).toBe(true);
    expect(await exists(join(sandboxes, 'stray-file'))).toBe(true);
    expect(await exists(join(sandboxes, 'fw', 'task', 'run-link'))).toBe(true);
  });

  it('removes framework and task directories that were already empty', async () => {
    await mkdir(join(sandboxes, 'fw-empty'));
    await mkdir(join(sandboxes, 'fw-2', 'task-empty'), { recursive: true });
    expect(
      await collectSandboxes({ sandboxesDir: sandboxes, keep: new Set(), olderThanMs: HOUR_MS, nowMs: NOW_MS }),
    ).toEqual([]);
    expect(await readdir(sandboxes)).toEqual([]);
  });

  it('finds nothing to do without a sandboxes directory', async () => {
    const options = { keep: new Set<string>(), olderThanMs: 0, nowMs: NOW_MS };
    expect(await collectSandboxes({ ...options, sandboxesDir: join(workDir, 'missing') })).toEqual([]);
  });

  it('survives concurrent collections: every old run removed, no error', async () => {
    const oldRuns = await Promise.all(
      Array.from({ length: 30 }, (_, i) => run(`fw-${i % 3}`, `task-${i % 7}`, `run-${i}`, OLD_MS)),
    );
    const errors: unknown[] = [];
    const options = {
      sandboxesDir: sandboxes,
      keep: new Set<string>(),
      olderThanMs: HOUR_MS,
      nowMs: NOW_MS,
      onError: (error: unknown) => errors.push(error),
    };
    const passes = await Promise.all([collectSandboxes(options), collectSandboxes(options), collectSandboxes(options)]);

    expect(errors).toEqual([]);
    // Each pass reports what its own rm call removed; together they cover every old run.
    expect(new Set(passes.flat())).toEqual(new Set(oldRuns));
    expect(await readdir(sandboxes)).toEqual([]);
  });
});
