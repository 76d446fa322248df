/** Disk usage of a sandbox, measured like `du -s` (the agent's disk/du check). */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CONCURRENCY, drainBounded, isVanished } from './bounded.js';

const BLOCK_BYTES = 512n;

export interface DirectoryUsageOptions {
  /** Filesystem operations in flight at most. Default DEFAULT_CONCURRENCY (16). */
  readonly concurrency?: number;
}

/**
 * Bytes that the tree at `path` occupies on disk, as `du -s -B1` counts them: the sum of st_blocks × 512 from
 * `lstat` of every entry, the directories themselves included.
 * - Symbolic links are never followed: a link counts its own blocks (usually 0), not its target's.
 * - An inode with several hard links inside the tree is counted once.
 * - Files or directories that vanish while the tree is walked (a running task deletes them) count 0; a missing
 *   `path` counts 0.
 * - Other errors (EACCES on a directory, EIO, ...) reject, naming the path.
 * Sparse files count the blocks they occupy, not their length. Safe to call concurrently; never writes.
 */
export async function directoryUsageBytes(path: string, options: DirectoryUsageOptions = {}): Promise<number> {
  // NOTE: bigint stats, because inode numbers on some filesystems (XFS, btrfs, overlay) exceed 2^53.
  const seenInodes = new Set<string>();
  let totalBlocks = 0n;
  await drainBounded([path], options.concurrency ?? DEFAULT_CONCURRENCY, async (entry) => {
    try {
      const stats = await lstat(entry, { bigint: true });
      if (stats.nlink > 1n) {
        const inode = `${stats.dev}:${stats.ino}`;
        if (seenInodes.has(inode)) return;
        seenInodes.add(inode);
      }
      totalBlocks += stats.blocks;
      if (!stats.isDirectory()) return;
      const names = await readdir(entry);
      return names.map((name) => join(entry, name));
    } catch (error) {
      if (isVanished(error)) return;
      throw error;
    }
  });
  return Number(totalBlocks * BLOCK_BYTES);
}
