/**
 * The fetcher: puts a task's CommandInfo.uris into its sandbox before the
 * command starts, in order, with Mesos's semantics, and with the rights of the
 * task's user.
 *
 * - Sources: http and https URIs (GET, up to 5 redirects, status 200 required),
 *   file URIs and bare absolute paths (files of this machine, read with the
 *   task's user's rights: a file that user cannot read fails the fetch).
 * - Destination: `<sandbox>/<output_file>`, default the URI's last path segment;
 *   a relative path that is never resolved through a link (see `fetch-steps.ts`).
 * - `extract`: a name ending in .tar, .tar.gz, .tgz (unpacked with `tar`) or
 *   .zip (with `unzip`) is unpacked into the sandbox; the archive itself is kept.
 *   Other files are kept as they are. An archive that leaves a link leading out
 *   of the sandbox fails the fetch.
 * - `executable`: the fetched file gets mode 0755.
 * - `cache` (http and https only; a local file is always read afresh with the
 *   user's rights): the download is kept in `<cacheDir>/<sha256 of the URI>`
 *   (0700, the agent's) and later fetches of the same URI copy it from there
 *   without contacting the source (nothing is revalidated: a cached URI is
 *   assumed immutable, as in Mesos). An entry is shared by every task that
 *   names the URI, whatever its user: it was downloaded without credentials.
 *   The cache is bounded by `maxCacheBytes` (default 2 GiB): after each
 *   insertion the least recently used entries are removed until it fits (the
 *   entry just added and entries in use by a fetch always stay). Concurrent
 *   first fetches of one URI may both download; the last complete one wins
 *   (entries are renamed into place).
 *
 * Who does the work: with `as` (the agent is root and the task runs as another
 * user), the sandbox steps run in a helper process (`fetch-helper.ts`) that
 * switches to the task's user, started through the executor's spawner; cache
 * entries are downloaded by the agent first (in order), and handed to the
 * helper as open descriptors. Without `as` (tasks run as the agent's user),
 * everything runs in the agent's process, in order.
 *
 * Every failure (HTTP status, unreachable host, missing or unreadable file, bad
 * archive, a link or output_file leading out of the sandbox, timeout) is a
 * FetchError naming the URI and the problem; nothing is retried.
 * The shell: no decisions worth a core live here.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FetchUri } from '../core/types.js';
import {
  FETCH_PLAN_ENV,
  httpGet,
  openSandboxDir,
  placeUri,
  type FetchHelperResult,
  type FetchSource,
  type FetchStep,
} from './fetch-steps.js';
import { DirectSpawner, helperScript, type Spawner } from './spawner.js';
import { FetchError } from './types.js';

export { archiveKind } from './fetch-steps.js';

export const DEFAULT_FETCH_CACHE_BYTES = 2 * 1024 ** 3;
/** A download (or copy) still running after this long fails. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5 * 60_000;
/** The descriptor of the helper's first input (after stdin, stdout, stderr and the result). */
const FIRST_INPUT_FD = 4;

export interface FetcherOptions {
  /** Cache directory (`<workDir>/fetch-cache`); absent: `cache: true` is ignored and every URI is downloaded. */
  readonly cacheDir?: string;
  readonly maxCacheBytes?: number;
  readonly timeoutMs?: number;
}

/** Fetch as another user than the agent's (the agent is root). */
export interface FetchAs {
  readonly uid: number;
  readonly gid: number;
  /**
   * A directory the task cannot write (the run's meta directory): the helper's
   * log (`fetcher.log`) and result (`fetch_result.json`) go there.
   */
  readonly metaDir: string;
  /** Starts the helper; default: a DirectSpawner. */
  readonly spawner?: Spawner;
}

export class Fetcher {
  /** Cache entries in use by fetches in flight (entry path → fetches): never evicted. */
  private readonly pinned = new Map<string, number>();

  constructor(private readonly options: FetcherOptions = {}) {}

  /**
   * Fetches every URI into `sandbox` (which must exist, and be writable by the
   * user of `as`), in order; with `as`, with that user's rights. Rejects with a
   * FetchError at the first failure.
   */
  async fetchAll(uris: readonly FetchUri[], sandbox: string, as?: FetchAs): Promise<void> {
    const pins: string[] = [];
    try {
      if (as === undefined) {
        const dir = await openSandboxDir(sandbox).catch((cause: unknown) => {
          throw new FetchError(uris[0]?.value ?? '', `cannot open the sandbox: ${describe(cause)}`, { cause });
        });
        for (const uri of uris) await placeUri(await this.stepFor(uri, pins, (entry) => entry), dir);
        return;
      }
      const inputs: string[] = [];
      const steps: FetchStep[] = [];
      for (const uri of uris) {
        steps.push(await this.stepFor(uri, pins, (entry) => FIRST_INPUT_FD + inputs.push(entry) - 1));
      }
      await this.runHelper(steps, inputs, sandbox, as);
    } finally {
      for (const entry of pins) this.unpin(entry);
    }
  }

  /** Fetches one URI into `sandbox` (see fetchAll); returns the path of the fetched file. */
  async fetch(uri: FetchUri, sandbox: string, as?: FetchAs): Promise<string> {
    await this.fetchAll([uri], sandbox, as);
    return join(sandbox, uri.outputFile ?? outputName(uri.value));
  }

  /**
   * The step that places `uri`: a cached http(s) URI is brought into the cache
   * first (pinned until the fetch ends) and read from there through `cached`,
   * which turns the entry's path into the source's descriptor or path.
   */
  private async stepFor(uri: FetchUri, pins: string[], cached: (entry: string) => number | string): Promise<FetchStep> {
    try {
      return await this.unwrappedStepFor(uri, pins, cached);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError(uri.value, describe(error), { cause: error });
    }
  }

  private async unwrappedStepFor(
    uri: FetchUri,
    pins: string[],
    cached: (entry: string) => number | string,
  ): Promise<FetchStep> {
    const step = {
      uri: uri.value,
      outputFile: uri.outputFile ?? outputName(uri.value),
      executable: uri.executable,
      extract: uri.extract,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    };
    const source = sourceOf(uri.value);
    const cacheDir = this.options.cacheDir;
    if (source.kind !== 'http' || !uri.cache || cacheDir === undefined) return { ...step, source };
    const entry = await this.cachedEntry(uri.value, cacheDir);
    pins.push(entry);
    const where = cached(entry);
    return {
      ...step,
      source: typeof where === 'number' ? { kind: 'descriptor', fd: where } : { kind: 'local', path: where },
    };
  }

  /** The cache entry of `value`, downloaded (as the agent) when absent; pinned, marked recently used. */
  private async cachedEntry(value: string, cacheDir: string): Promise<string> {
    const entry = join(cacheDir, createHash('sha256').update(value).digest('hex'));
    this.pinned.set(entry, (this.pinned.get(entry) ?? 0) + 1);
    try {
      const cached = await stat(entry).catch(() => undefined);
      if (cached === undefined) {
        await mkdir(cacheDir, { recursive: true, mode: 0o700 });
        const partial = `${entry}.${randomUUID()}.partial`;
        try {
          await httpGet(value, new URL(value), () => createWriteStream(partial, { mode: 0o600 }), this.timeoutMs());
          await rename(partial, entry);
        } finally {
          await rm(partial, { force: true });
        }
        await this.evict(cacheDir, entry);
      } else {
        const now = new Date();
        await utimes(entry, now, now); // recently used
      }
      return entry;
    } catch (error) {
      this.unpin(entry);
      throw error;
    }
  }

  private unpin(entry: string): void {
    const count = (this.pinned.get(entry) ?? 1) - 1;
    if (count > 0) this.pinned.set(entry, count);
    else this.pinned.delete(entry);
  }

  private timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  }

  /** Removes least recently used entries (by mtime) until the cache fits; `keep` and pinned entries are never removed. */
  private async evict(cacheDir: string, keep: string): Promise<void> {
    const limit = this.options.maxCacheBytes ?? DEFAULT_FETCH_CACHE_BYTES;
    const entries = [];
    for (const name of await readdir(cacheDir)) {
      if (name.endsWith('.partial')) continue;
      const path = join(cacheDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) entries.push({ path, size: info.size, usedMs: info.mtimeMs });
    }
    let total = entries.reduce((sum, entry) => sum + entry.size, 0);
    entries.sort((a, b) => a.usedMs - b.usedMs);
    for (const entry of entries) {
      if (total <= limit) break;
      if (entry.path === keep || this.pinned.has(entry.path)) continue;
      await rm(entry.path, { force: true });
      total -= entry.size;
    }
  }

  /** Runs the steps in the fetch helper as `as`, handing it `inputs` on descriptors FIRST_INPUT_FD, ... */
  private async runHelper(steps: FetchStep[], inputs: string[], sandbox: string, as: FetchAs): Promise<void> {
    const first = steps[0]?.uri ?? '';
    const log = join(as.metaDir, 'fetcher.log');
    const resultFile = join(as.metaDir, 'fetch_result.json');
    const spawner = as.spawner ?? new DirectSpawner();
    const spawned = await spawner
      .spawn({
        file: process.execPath,
        args: [helperScript('fetch-helper.js')],
        cwd: sandbox,
        env: {
          PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
          [FETCH_PLAN_ENV]: JSON.stringify({ user: { uid: as.uid, gid: as.gid }, steps }),
        },
        stdout: log,
        stderr: log,
        status: resultFile,
        inputs,
      })
      .catch((cause: unknown) => {
        throw new FetchError(first, `cannot start the fetch helper: ${describe(cause)}`, { cause });
      });
    const exit = await spawned.exited;
    const result = await readHelperResult(resultFile);
    if (result?.ok === true) return;
    if (result !== undefined) throw new FetchError(result.uri, result.problem);
    const how = exit.lost === true ? 'was lost' : `exited (${exit.signal ?? exit.code ?? '?'})`;
    throw new FetchError(first, `the fetch helper ${how} without a result; see ${log}`);
  }
}

/** The last path segment of the URI (without query), the default output file. */
export function outputName(value: string): string {
  const path = value.startsWith('/') ? value : new URL(value).pathname;
  const name = basename(decodeURIComponent(path));
  if (name === '' || name === '.' || name === '..') throw new FetchError(value, 'has no file name; set output_file');
  return name;
}

/** Where the bytes of a URI come from; an unsupported scheme is a FetchError. */
function sourceOf(value: string): FetchSource {
  if (value.startsWith('/')) return { kind: 'local', path: value };
  const url = new URL(value);
  if (url.protocol === 'file:') return { kind: 'local', path: fileURLToPath(url) };
  if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'http', url: value };
  throw new FetchError(value, `unsupported scheme ${url.protocol}`);
}

/** The helper's result; undefined when it wrote none (or not a whole one). */
async function readHelperResult(path: string): Promise<FetchHelperResult | undefined> {
  const handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW).catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    return JSON.parse(await handle.readFile('utf8')) as FetchHelperResult;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
