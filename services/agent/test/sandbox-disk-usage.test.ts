/**
 * directoryUsageBytes against a real tree under os.tmpdir(), with `du -s -B1` (GNU coreutils) as the oracle where
 * it is installed, and the bounded work queue behind it.
 */
import { execFile } from 'node:child_process';
import { link, lstat, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainBounded } from '../src/sandbox/bounded.js';
import { directoryUsageBytes } from '../src/sandbox/disk-usage.js';

const MIB = 1024 * 1024;

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-du-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Bytes `lstat` says `path` occupies: st_blocks × 512. */
async function blockBytes(path: string): Promise<number> {
  return (await lstat(path)).blocks * 512;
}

/** `du -s -B1 path`, or undefined when GNU du is not installed. */
async function du(path: string): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)('du', ['-s', '-B1', path]);
    return Number(stdout.split('\t')[0]);
  } catch {
    return undefined;
  }
}

describe('directoryUsageBytes', () => {
  it('counts a hard-linked file once and a symlink as itself, not its target', async () => {
    const tree = join(workDir, 'sandbox');
    await mkdir(join(tree, 'sub'), { recursive: true });
    await writeFile(join(tree, 'data'), Buffer.alloc(MIB, 1));
    await link(join(tree, 'data'), join(tree, 'sub', 'data-link'));
    // A big file outside the tree, reachable only through a symlink: not counted.
    await writeFile(join(workDir, 'outside'), Buffer.alloc(4 * MIB, 1));
    await symlink(join(workDir, 'outside'), join(tree, 'to-outside'));
    await symlink(workDir, join(tree, 'to-parent-dir'));

    // tree dir + sub dir + data (once, despite the second link) + the two links' own blocks.
    const expected =
      (await blockBytes(tree)) +
      (await blockBytes(join(tree, 'sub'))) +
      (await blockBytes(join(tree, 'data'))) +
      (await blockBytes(join(tree, 'to-outside'))) +
      (await blockBytes(join(tree, 'to-parent-dir')));

    const used = await directoryUsageBytes(tree);
    expect(used).toBe(expected);
    expect(used).toBeGreaterThanOrEqual(MIB);
    expect(used).toBeLessThan(2 * MIB);
    const oracle = await du(tree);
    if (oracle !== undefined) expect(used).toBe(oracle);
  });

  it('counts the blocks of a sparse file, not its length', async () => {
    const tree = join(workDir, 'sparse');
    await mkdir(tree);
    await writeFile(join(tree, 'hole'), 'x');
    await truncate(join(tree, 'hole'), 64 * MIB);

    const used = await directoryUsageBytes(tree);
    expect(used).toBe((await blockBytes(tree)) + (await blockBytes(join(tree, 'hole'))));
    expect(used).toBeLessThan(MIB);
  });

  it('gives the same total for a deep and wide tree whatever the concurrency', async () => {
    const tree = join(workDir, 'wide');
    for (let d = 0; d < 5; d++) {
      const dir = join(tree, ...Array.from({ length: d + 1 }, (_, i) => `level-${i}`));
      await mkdir(dir, { recursive: true });
      await Promise.all(Array.from({ length: 40 }, (_, f) => writeFile(join(dir, `f${f}`), 'x'.repeat(f * 100))));
    }
    const serial = await directoryUsageBytes(tree, { concurrency: 1 });
    expect(await directoryUsageBytes(tree, { concurrency: 64 })).toBe(serial);
    const oracle = await du(tree);
    if (oracle !== undefined) expect(serial).toBe(oracle);
  });

  it('counts a missing directory as 0 and a file as itself', async () => {
    expect(await directoryUsageBytes(join(workDir, 'missing'))).toBe(0);
    await writeFile(join(workDir, 'file'), Buffer.alloc(8192, 1));
    expect(await directoryUsageBytes(join(workDir, 'file'))).toBe(await blockBytes(join(workDir, 'file')));
  });

  it('ignores files that vanish during the walk', async () => {
    const tree = join(workDir, 'churn');
    await mkdir(tree);
    const churn = (async () => {
      for (let i = 0; i < 200; i++) {
        await writeFile(join(tree, `f${i}`), 'x');
        await rm(join(tree, `f${i - 1}`), { force: true });
      }
    })();
    for (let i = 0; i < 20; i++) expect(await directoryUsageBytes(tree)).toBeGreaterThan(0);
    await churn;
  });
});

describe('drainBounded', () => {
  it('never has more than `concurrency` calls in flight and visits every item, also those added on the way', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const visited: number[] = [];
    // Each item n < 100 adds 2n+1 and 2n+2 (a binary tree of 0..200 below root 0).
    await drainBounded([0], 3, async (n) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      visited.push(n);
      return n < 100 ? [2 * n + 1, 2 * n + 2] : [];
    });
    expect(maxInFlight).toBe(3);
    expect(visited.sort((a, b) => a - b)).toEqual(Array.from({ length: 201 }, (_, i) => i));
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    const failure = new Error('boom');
    await expect(
      drainBounded([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 4) throw failure;
      }),
    ).rejects.toBe(failure);
    // LIFO: 5 then 4 (fails); 3, 2, 1 are never started.
    expect(started).toEqual([5, 4]);
  });

  it('resolves at once for no items and rejects a concurrency below 1', async () => {
    await expect(drainBounded([], 4, () => Promise.resolve())).resolves.toBeUndefined();
    await expect(drainBounded([1], 0, () => Promise.resolve())).rejects.toThrow(RangeError);
  });
});
