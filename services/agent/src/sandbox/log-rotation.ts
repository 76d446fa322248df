/**
 * Copy-truncate rotation of a task's `stdout` and `stderr`. The task holds these files open with O_APPEND, so they
 * cannot be renamed away (the task would go on writing to the renamed file); instead the content is copied to
 * `<file>.1` and the file truncated in place, as logrotate's `copytruncate` does. Because the task writes with
 * O_APPEND, its next write lands at the new end of file (offset 0) and the file does not become sparse.
 */
import { constants } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { isVanished } from './bounded.js';

export interface LogRotation {
  /** Rotate once the file is larger than this many bytes; a positive integer. */
  readonly maxBytes: number;
  /** Rotated copies kept (`<file>.1` newest … `<file>.<keep>` oldest); 0 keeps none and only truncates. */
  readonly keep: number;
}

/** A log file that rotation refuses to touch: not a regular file, or a hard link to another file. Nothing changed. */
export class UnsafeLogFileError extends Error {
  override readonly name = 'UnsafeLogFileError';
}

const COPY_CHUNK_BYTES = 1024 * 1024;

/**
 * When `file` is larger than `maxBytes`: shifts `<file>.1` → `<file>.2` … (the copy beyond `keep` is overwritten,
 * so dropped), copies `file` to a fresh `<file>.1`, and truncates `file` to 0 bytes. Resolves true when it rotated,
 * false when the file is missing or not larger than `maxBytes`.
 *
 * NOTE: bytes the task writes after the copy reached the end of file and before the truncate are lost, exactly as
 * with logrotate's copytruncate; the window is one read plus one ftruncate.
 *
 * The sandbox belongs to the task, which may plant links: `file` is opened with O_NOFOLLOW and must be a regular file
 * with a single link (else UnsafeLogFileError), it is truncated through that descriptor, and `<file>.1` is created
 * with O_EXCL after removing whatever had that name, so no write ever goes through a link. Files beyond `keep` from
 * an earlier, larger `keep` are left alone. Callers must not rotate the same file concurrently.
 */
export async function rotateLog(file: string, rotation: LogRotation): Promise<boolean> {
  validate(rotation);
  let source: FileHandle;
  try {
    // NOTE: O_NONBLOCK so that a FIFO planted under the log's name cannot hang the agent.
    source = await open(file, constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (isVanished(error)) return false;
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new UnsafeLogFileError(`${file} is a symbolic link`, { cause: error });
    }
    throw error;
  }
  try {
    const stats = await source.stat();
    if (!stats.isFile()) throw new UnsafeLogFileError(`${file} is not a regular file`);
    if (stats.nlink > 1) throw new UnsafeLogFileError(`${file} has ${stats.nlink} hard links`);
    if (stats.size <= rotation.maxBytes) return false;
    if (rotation.keep > 0) {
      await shiftCopies(file, rotation.keep);
      await copyToFresh(source, `${file}.1`, stats.mode & 0o777);
    }
    await source.truncate(0);
    return true;
  } finally {
    await source.close();
  }
}

function validate({ maxBytes, keep }: LogRotation): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`log rotation maxBytes must be a positive integer, got ${maxBytes}`);
  }
  if (!Number.isSafeInteger(keep) || keep < 0) {
    throw new RangeError(`log rotation keep must be a non-negative integer, got ${keep}`);
  }
}

/** `<file>.<keep-1>` → `<file>.<keep>`, …, `<file>.1` → `<file>.2`; missing copies are skipped. Renames never follow links. */
async function shiftCopies(file: string, keep: number): Promise<void> {
  for (let index = keep - 1; index >= 1; index -= 1) {
    await rename(`${file}.${index}`, `${file}.${index + 1}`).catch((error: unknown) => {
      if (!isVanished(error)) throw error;
    });
  }
}

/** Copies `source` from offset 0 up to its end into `target`, which is created anew (O_EXCL: never through a link). */
async function copyToFresh(source: FileHandle, target: string, mode: number): Promise<void> {
  await unlink(target).catch((error: unknown) => {
    if (!isVanished(error)) throw error;
  });
  const destination = await open(
    target,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode,
  );
  try {
    const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
    let position = 0;
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      await destination.write(buffer, 0, bytesRead);
      position += bytesRead;
    }
  } finally {
    await destination.close();
  }
}
