/**
 * Read-only access to a task's sandbox, strictly confined to it. A path is
 * relative to the sandbox; it is refused (SandboxEscapeError → PERMISSION_DENIED)
 * when it is absolute, when it leaves the sandbox lexically (".."), or when its
 * real path (every symlink resolved with fs.realpath) lies outside the sandbox's
 * real path. Files are opened with O_NOFOLLOW and O_NONBLOCK (a FIFO planted by a
 * task cannot hang the agent), and on Linux the opened descriptor's path is
 * checked once more through /proc/self/fd, so that a symlink swapped in between
 * the check and the open is caught too.
 *
 * Inputs are bounded before anything is looked up: a path of more than
 * MAX_SANDBOX_PATH_BYTES (Linux's PATH_MAX), or one the kernel finds too long
 * (ENAMETOOLONG: a name over 255 bytes, or with the sandbox's own path over
 * PATH_MAX), and offsets or lengths that are not integers >= 0 are
 * InvalidSandboxPathError (INVALID_ARGUMENT / 400).
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidSandboxPathError, SandboxEscapeError, SandboxFileNotFoundError } from './errors.js';

/** ReadFile answers at most this many bytes per call. */
export const MAX_READ_BYTES = 1024 * 1024;
/** The longest sandbox path accepted, in UTF-8 bytes (PATH_MAX, with its NUL). */
export const MAX_SANDBOX_PATH_BYTES = 4096;

export interface SandboxEntry {
  /** Relative to the sandbox, "/"-separated. */
  readonly path: string;
  readonly size: number;
  readonly isDir: boolean;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly mode: number;
}

export interface SandboxRead {
  readonly data: Buffer;
  readonly offset: number;
  /** The file's size now. */
  readonly size: number;
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

function notFoundOr(error: unknown, what: string): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') throw new SandboxFileNotFoundError(`${what} does not exist`);
  if (code === 'ELOOP') throw new SandboxEscapeError(`${what} is a symbolic link`);
  if (code === 'ENAMETOOLONG') {
    throw new InvalidSandboxPathError(`${what} is too long (a name over 255 bytes, or the whole path over 4096)`, {
      cause: error,
    });
  }
  throw error;
}

/** The sandbox's real path and the confined real path of `path` inside it. */
export async function resolveInSandbox(sandbox: string, path: string): Promise<{ root: string; real: string }> {
  if (typeof path !== 'string') throw new InvalidSandboxPathError('path must be a string');
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_SANDBOX_PATH_BYTES) {
    throw new InvalidSandboxPathError(`path is ${bytes} bytes long; at most ${MAX_SANDBOX_PATH_BYTES} are accepted`);
  }
  if (path.includes('\0')) throw new InvalidSandboxPathError('path contains a NUL character');
  if (isAbsolute(path)) throw new SandboxEscapeError(`absolute path ${JSON.stringify(path)} is outside the sandbox`);
  const root = await realpath(sandbox).catch((error: unknown) => notFoundOr(error, 'the sandbox'));
  const lexical = resolve(root, path);
  if (!isInside(root, lexical)) throw new SandboxEscapeError(`path ${JSON.stringify(path)} leaves the sandbox`);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    // NOTE: a missing path is NOT_FOUND only if it would lie inside the sandbox;
    // otherwise callers could probe for files outside through a symlink.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') await assertAncestorInside(root, lexical, path);
    notFoundOr(error, `path ${JSON.stringify(path)}`);
  }
  if (!isInside(root, real)) throw new SandboxEscapeError(`path ${JSON.stringify(path)} resolves outside the sandbox`);
  return { root, real };
}

/** Throws SandboxEscapeError when the deepest existing ancestor of `lexical` resolves outside `root`. */
async function assertAncestorInside(root: string, lexical: string, path: string): Promise<void> {
  for (let ancestor = dirname(lexical); isInside(root, ancestor); ancestor = dirname(ancestor)) {
    const real = await realpath(ancestor).catch(() => undefined);
    if (real === undefined) continue;
    if (!isInside(root, real))
      throw new SandboxEscapeError(`path ${JSON.stringify(path)} resolves outside the sandbox`);
    return;
  }
}

function toEntry(root: string, path: string, info: Awaited<ReturnType<typeof lstat>>): SandboxEntry {
  return {
    path: relative(root, path).split(sep).join('/'),
    size: Number(info.size),
    isDir: info.isDirectory(),
    mtime: Number(info.mtimeMs) / 1000,
    mode: Number(info.mode),
  };
}

/**
 * The entries of a directory in the sandbox ("" is the sandbox itself), sorted
 * by name; for a file, that one file. Symbolic links are listed as themselves,
 * never followed.
 */
export async function listSandbox(sandbox: string, path: string): Promise<SandboxEntry[]> {
  const { root, real } = await resolveInSandbox(sandbox, path);
  const info = await stat(real).catch((error: unknown) => notFoundOr(error, `path ${JSON.stringify(path)}`));
  if (!info.isDirectory()) return [toEntry(root, real, info)];
  const names = (
    await readdir(real).catch((error: unknown) => notFoundOr(error, `path ${JSON.stringify(path)}`))
  ).sort();
  const entries: SandboxEntry[] = [];
  for (const name of names) {
    const child = join(real, name);
    const childInfo = await lstat(child).catch(() => undefined);
    if (childInfo !== undefined) entries.push(toEntry(root, child, childInfo));
  }
  return entries;
}

/**
 * Up to `length` bytes (0 or more than MAX_READ_BYTES: MAX_READ_BYTES) of a
 * regular file in the sandbox, from `offset` (past the end: none). `offset`
 * must be an integer from 0 to 2^53 - 1, `length` an integer >= 0.
 */
export async function readSandboxFile(
  sandbox: string,
  path: string,
  offset: number,
  length: number,
): Promise<SandboxRead> {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new InvalidSandboxPathError(`offset must be an integer from 0 to 2^53 - 1, got ${offset}`);
  }
  if (!Number.isInteger(length) || length < 0) {
    throw new InvalidSandboxPathError(`length must be an integer >= 0, got ${length}`);
  }
  const { root, real } = await resolveInSandbox(sandbox, path);
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    (error: unknown) => notFoundOr(error, `path ${JSON.stringify(path)}`),
  );
  try {
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (opened !== undefined && !isInside(root, opened)) {
      throw new SandboxEscapeError(`path ${JSON.stringify(path)} resolves outside the sandbox`);
    }
    const info = await handle.stat();
    if (info.isDirectory()) throw new InvalidSandboxPathError(`path ${JSON.stringify(path)} is a directory`);
    if (!info.isFile()) throw new InvalidSandboxPathError(`path ${JSON.stringify(path)} is not a regular file`);
    const want = length <= 0 || length > MAX_READ_BYTES ? MAX_READ_BYTES : length;
    const count = Math.max(0, Math.min(want, info.size - offset));
    const data = Buffer.alloc(count);
    const { bytesRead } = count === 0 ? { bytesRead: 0 } : await handle.read(data, 0, count, offset);
    return { data: data.subarray(0, bytesRead), offset, size: info.size };
  } finally {
    await handle.close();
  }
}
