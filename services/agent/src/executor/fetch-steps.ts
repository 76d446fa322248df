/**
 * The steps of a fetch that touch the task's sandbox (see `fetcher.ts`), run
 * with the rights of whoever runs them: the fetch helper (`fetch-helper.ts`)
 * once it has switched to the task's user, or the agent's own process when
 * tasks run as the agent's user. Plain data in (a FetchStep crosses the
 * helper's environment as JSON), files in the sandbox out.
 *
 * Confinement, whatever the archive or output_file asks for:
 * - `output_file` is a relative path without ".."; every directory on the way
 *   is created or checked with lstat (a symbolic link is refused, never
 *   followed) and the file is opened with O_NOFOLLOW; the opened descriptor's
 *   real path (/proc/self/fd) must lie in the sandbox.
 * - Archives are unpacked by `tar`/`unzip`, which refuse member names with ".."
 *   and create links that point out of the directory (absolute or with "..")
 *   only after every other member, so no member is written through them. After
 *   each extraction every symbolic link in the sandbox is resolved, link by
 *   link, within the sandbox: one that leads (or would lead, once its target
 *   exists) out of it is removed and fails the fetch.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants, createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, realpath, unlink, type FileHandle } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { isAbsolute, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FetchError } from './types.js';

const MAX_REDIRECTS = 5;
/** Links followed while resolving one link (Linux's own limit is 40). */
const MAX_LINK_HOPS = 40;

/** Where one URI's bytes come from, as the runner of the step reads them. */
export type FetchSource =
  /** A file on this machine, read with the runner's rights. */
  | { readonly kind: 'local'; readonly path: string }
  /** Downloaded by the runner (GET, up to 5 redirects, status 200 required). */
  | { readonly kind: 'http'; readonly url: string }
  /** A file opened for the runner and handed to it on this descriptor (a fetch-cache entry). */
  | { readonly kind: 'descriptor'; readonly fd: number };

/** One URI to put into the sandbox. */
export interface FetchStep {
  /** The URI as the task gave it; failures name it. */
  readonly uri: string;
  readonly source: FetchSource;
  /** Relative to the sandbox ("/"-separated, no ".."). */
  readonly outputFile: string;
  readonly executable: boolean;
  readonly extract: boolean;
  /** An HTTP download idle for this long fails. */
  readonly timeoutMs: number;
}

/** What the fetch helper (`fetch-helper.ts`) is asked to do. */
export interface FetchPlan {
  /** Switch to this user first. */
  readonly user: { readonly uid: number; readonly gid: number };
  readonly steps: readonly FetchStep[];
}

/** The fetch helper's answer on its descriptor 3. */
export type FetchHelperResult =
  { readonly ok: true } | { readonly ok: false; readonly uri: string; readonly problem: string };

/** The environment variable that carries the plan (not argv: other users can read a command line). */
export const FETCH_PLAN_ENV = 'TESSERA_FETCH_PLAN';
/** The sandbox as the runner reaches it: `path` for file calls ("." in the helper: its working directory), `real` to check against. */
export interface SandboxDir {
  readonly path: string;
  readonly real: string;
}

/** The sandbox at `path`, with its real path as the kernel reports it (no permission on its ancestors needed). */
export async function openSandboxDir(path: string): Promise<SandboxDir> {
  const handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
  try {
    const real = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => realpath(path));
    return { path, real };
  } finally {
    await handle.close();
  }
}

/**
 * Puts one URI into the sandbox: copies or downloads it to `outputFile`
 * (created or truncated), makes it executable, unpacks it when asked and it is
 * an archive (see `archiveKind`). Rejects with a FetchError naming the URI and
 * the problem; a partly written file may be left behind.
 */
export async function placeUri(step: FetchStep, dir: SandboxDir): Promise<void> {
  try {
    const parts = outputParts(step.outputFile);
    const handle = await openOutput(dir, parts);
    try {
      await copyInto(step, handle);
      if (step.executable) await handle.chmod(0o755);
    } finally {
      await handle.close();
    }
    if (step.extract && archiveKind(step.outputFile) !== undefined) {
      try {
        await extract(relativeArg(join(dir.path, ...parts)), dir.path);
      } finally {
        // NOTE: also when extraction failed: tar creates the links it put off even then.
        await refuseEscapingLinks(dir);
      }
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(step.uri, describe(error), { cause: error });
  }
}

/** The components of an output_file; throws when it is absolute, leaves the sandbox or names no file. */
export function outputParts(outputFile: string): string[] {
  const quoted = JSON.stringify(outputFile);
  if (outputFile.includes('\0')) throw new Error(`output_file ${quoted} contains a NUL character`);
  if (isAbsolute(outputFile))
    throw new Error(`output_file ${quoted} is absolute; it must be a path inside the sandbox`);
  const parts = outputFile.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new Error(`output_file ${quoted} leaves the sandbox ("..")`);
  if (parts.length === 0 || outputFile.endsWith('/')) throw new Error(`output_file ${quoted} names no file`);
  return parts;
}

/** Creates the directories of `parts` (never through a link) and opens the file for writing, truncated. */
async function openOutput(dir: SandboxDir, parts: readonly string[]): Promise<FileHandle> {
  const quoted = JSON.stringify(parts.join('/'));
  let here = dir.path;
  for (const [index, part] of parts.slice(0, -1).entries()) {
    here = join(here, part);
    await mkdir(here, { mode: 0o755 }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
    const info = await lstat(here);
    const inside = parts.slice(0, index + 1).join('/');
    if (info.isSymbolicLink()) {
      throw new Error(`output_file ${quoted} goes through the symbolic link ${inside}, which is never followed`);
    }
    if (!info.isDirectory()) throw new Error(`output_file ${quoted}: ${inside} is not a directory`);
  }
  const flags =
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK;
  const handle = await open(join(here, parts.at(-1) ?? ''), flags, 0o644).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new Error(`output_file ${quoted} is a symbolic link, which is never followed`);
    }
    throw error;
  });
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`output_file ${quoted} is not a regular file`);
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (opened !== undefined && !isInside(dir.real, opened)) {
      throw new Error(`output_file ${quoted} resolves outside the sandbox`);
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function copyInto(step: FetchStep, handle: FileHandle): Promise<void> {
  // NOTE: streams on the bare descriptor: a stream on the FileHandle holds it open until the stream closes.
  const sink = () => createWriteStream('', { fd: handle.fd, autoClose: false });
  const { source } = step;
  switch (source.kind) {
    case 'local':
      return copyLocal(source.path, sink);
    case 'descriptor':
      return pipeline(createReadStream('', { fd: source.fd }), sink());
    case 'http':
      return httpGet(step.uri, new URL(source.url), sink, step.timeoutMs, MAX_REDIRECTS);
  }
}

/** Copies a regular file, opened with the caller's rights (a FIFO is refused, not waited on). */
async function copyLocal(path: string, sink: () => NodeJS.WritableStream): Promise<void> {
  const source = await open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK).catch((cause: unknown) => {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? `permission denied for the task's user (uid ${process.getuid?.() ?? '?'})`
        : describe(cause);
    throw new Error(`cannot read ${path}: ${why}`, { cause });
  });
  try {
    if (!(await source.stat()).isFile()) throw new Error(`${path} is not a regular file`);
    await pipeline(createReadStream('', { fd: source.fd, autoClose: false }), sink());
  } finally {
    await source.close();
  }
}

/**
 * GETs `url` into the stream `sink` opens (on the 200 answer), following up to
 * `redirects` redirects. Rejects with a FetchError naming `original`.
 */
export function httpGet(
  original: string,
  url: URL,
  sink: () => NodeJS.WritableStream,
  timeoutMs: number,
  redirects = MAX_REDIRECTS,
): Promise<void> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<void>((resolve, reject) => {
    const request = client.get(url, { timeout: timeoutMs }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        response.resume();
        if (redirects === 0) {
          reject(new FetchError(original, `too many redirects (more than ${MAX_REDIRECTS})`));
          return;
        }
        httpGet(original, new URL(location, url), sink, timeoutMs, redirects - 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new FetchError(original, `HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd()));
        return;
      }
      pipeline(response, sink()).then(resolve, (cause: unknown) =>
        reject(new FetchError(original, `download failed: ${describe(cause)}`, { cause })),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs / 1000} s`)));
    request.on('error', (cause) => reject(new FetchError(original, describe(cause), { cause })));
  });
}

/** The archive kind by name; undefined: not an archive (kept as it is). */
export function archiveKind(name: string): 'tar' | 'zip' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tar') || lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar';
  if (lower.endsWith('.zip')) return 'zip';
  return undefined;
}

/** A relative path as a program argument: "./" first, so that a name starting with "-" is not an option. */
function relativeArg(path: string): string {
  return isAbsolute(path) ? path : `.${sep}${path}`;
}

async function extract(archive: string, into: string): Promise<void> {
  const kind = archiveKind(archive);
  if (kind === undefined) return;
  // NOTE: `tar -xf` detects gzip by content, so .tar, .tar.gz and .tgz take the same path.
  // --no-overwrite-dir: an archive's "./" entry does not change the sandbox's own mode or owner.
  const [file, args] =
    kind === 'tar'
      ? ['tar', ['-xf', archive, '-C', into, '--no-same-owner', '--no-overwrite-dir']]
      : ['unzip', ['-q', '-o', archive, '-d', into]];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 2_000) stderr += chunk;
    });
    child.once('error', (cause) => reject(new Error(`cannot run ${file}: ${cause.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else {
        const detail = stderr.trim().split('\n').slice(0, 3).join('; ');
        reject(new Error(`cannot extract (${file} ${code ?? signal ?? '?'})${detail === '' ? '' : `: ${detail}`}`));
      }
    });
  });
}

/** Removes every symbolic link of the sandbox that leads out of it; throws naming them when there was one. */
async function refuseEscapingLinks(dir: SandboxDir): Promise<void> {
  const escaping: { path: string; target: string }[] = [];
  await findEscapingLinks(dir, [], escaping);
  if (escaping.length === 0) return;
  await Promise.all(escaping.map(({ path }) => unlink(join(dir.path, path)).catch(() => undefined)));
  const named =
    escaping
      .slice(0, 3)
      .map(({ path, target }) => `${path} -> ${target}`)
      .join(', ') + (escaping.length > 3 ? `, and ${escaping.length - 3} more` : '');
  throw new Error(`the archive holds symbolic links that lead out of the sandbox (removed): ${named}`);
}

/** Collects the links under directory `parts` that lead out of the sandbox. Links are never followed. */
async function findEscapingLinks(
  dir: SandboxDir,
  parts: readonly string[],
  found: { path: string; target: string }[],
): Promise<void> {
  for (const entry of await readdir(join(dir.path, ...parts), { withFileTypes: true })) {
    const path = [...parts, entry.name];
    if (entry.isSymbolicLink()) {
      if (await leadsOutside(dir, path)) {
        found.push({ path: path.join('/'), target: await readlink(join(dir.path, ...path)) });
      }
    } else if (entry.isDirectory()) {
      await findEscapingLinks(dir, path, found);
    }
  }
}

/**
 * Whether the link at sandbox-relative `link` leads out of the sandbox: its
 * target is resolved component by component as the kernel would, following
 * further links, with the sandbox as the top (".." above it, or an absolute
 * target, is out). Past a component that does not exist the rest is taken
 * lexically, so a link that would lead out once its target exists counts too;
 * so does a chain of more than MAX_LINK_HOPS links.
 */
export async function leadsOutside(dir: SandboxDir, link: readonly string[]): Promise<boolean> {
  const at = link.slice(0, -1);
  const first = await readlink(join(dir.path, ...link));
  if (isAbsolute(first)) return true;
  const remaining = first.split('/');
  let hops = 0;
  let exists = true;
  while (remaining.length > 0) {
    const name = remaining.shift() ?? '';
    if (name === '' || name === '.') continue;
    if (name === '..') {
      if (at.pop() === undefined) return true;
      continue;
    }
    at.push(name);
    if (!exists) continue;
    const info = await lstat(join(dir.path, ...at)).catch(() => undefined);
    if (info === undefined) {
      exists = false;
    } else if (info.isSymbolicLink()) {
      hops += 1;
      const target = await readlink(join(dir.path, ...at));
      if (hops > MAX_LINK_HOPS || isAbsolute(target)) return true;
      at.pop();
      remaining.unshift(...target.split('/'));
    }
  }
  return false;
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
