/**
 * The fetcher: puts a task's CommandInfo.uris into its sandbox before the
 * command starts, in order, with Mesos's semantics.
 *
 * - Sources: http and https URIs (GET, up to 5 redirects, status 200 required),
 *   file URIs and bare absolute paths (copied from this machine).
 * - Destination: `<sandbox>/<output_file>`, default the URI's last path segment.
 * - `extract`: a name ending in .tar, .tar.gz, .tgz (unpacked with `tar`) or
 *   .zip (with `unzip`) is unpacked into the sandbox; the archive itself is kept.
 *   Other files are kept as they are. GNU tar refuses members with ".." and
 *   strips leading "/"; unzip does the same.
 * - `executable`: the fetched file gets mode 0755.
 * - `cache`: the download is kept in `<cacheDir>/<sha256 of the URI>` and later
 *   fetches of the same URI copy it from there without contacting the source
 *   (nothing is revalidated: a cached URI is assumed immutable, as in Mesos).
 *   The cache is bounded by `maxCacheBytes` (default 2 GiB): after each
 *   insertion the least recently used entries are removed until it fits (the
 *   entry just added always stays). Concurrent first fetches of one URI may both
 *   download; the last complete one wins (entries are renamed into place).
 *
 * Every failure (HTTP status, unreachable host, missing file, bad archive,
 * timeout) is a FetchError naming the URI and the problem; nothing is retried.
 * The shell: no decisions worth a core live here.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { FetchUri } from '../core/types.js';
import { FetchError } from './types.js';

export const DEFAULT_FETCH_CACHE_BYTES = 2 * 1024 ** 3;
/** A download (or copy) still running after this long fails. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5 * 60_000;
const MAX_REDIRECTS = 5;

export interface FetcherOptions {
  /** Cache directory (`<workDir>/fetch-cache`); absent: `cache: true` is ignored and every URI is downloaded. */
  readonly cacheDir?: string;
  readonly maxCacheBytes?: number;
  readonly timeoutMs?: number;
}

export class Fetcher {
  constructor(private readonly options: FetcherOptions = {}) {}

  /** Fetches every URI into `sandbox` (which must exist), in order. Rejects with FetchError at the first failure. */
  async fetchAll(uris: readonly FetchUri[], sandbox: string): Promise<void> {
    for (const uri of uris) await this.fetch(uri, sandbox);
  }

  /** Fetches one URI into `sandbox`; returns the path of the fetched file. */
  async fetch(uri: FetchUri, sandbox: string): Promise<string> {
    const name = uri.outputFile ?? outputName(uri.value);
    const destination = join(sandbox, name);
    try {
      await mkdir(dirname(destination), { recursive: true });
      const cacheDir = this.options.cacheDir;
      if (uri.cache && cacheDir !== undefined) {
        await this.fetchThroughCache(uri.value, cacheDir, destination);
      } else {
        await this.download(uri.value, destination);
      }
      if (uri.executable) await chmod(destination, 0o755);
      if (uri.extract) await extract(destination, sandbox);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError(uri.value, describe(error), { cause: error });
    }
    return destination;
  }

  private async fetchThroughCache(value: string, cacheDir: string, destination: string): Promise<void> {
    const entry = join(cacheDir, createHash('sha256').update(value).digest('hex'));
    const cached = await stat(entry).catch(() => undefined);
    if (cached === undefined) {
      await mkdir(cacheDir, { recursive: true });
      const partial = `${entry}.${randomUUID()}.partial`;
      try {
        await this.download(value, partial);
        await rename(partial, entry);
      } finally {
        await rm(partial, { force: true });
      }
      await this.evict(cacheDir, entry);
    } else {
      const now = new Date();
      await utimes(entry, now, now); // recently used
    }
    await copyFile(entry, destination);
  }

  /** Removes least recently used entries (by mtime) until the cache fits; `keep` is never removed. */
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
      if (entry.path === keep) continue;
      await rm(entry.path, { force: true });
      total -= entry.size;
    }
  }

  private async download(value: string, destination: string): Promise<void> {
    if (value.startsWith('/')) return copyLocal(value, destination);
    const url = new URL(value);
    if (url.protocol === 'file:') return copyLocal(fileURLToPath(url), destination);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError(value, `unsupported scheme ${url.protocol}`);
    }
    await httpGet(value, url, destination, this.options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS, MAX_REDIRECTS);
  }
}

/** The last path segment of the URI (without query), the default output file. */
export function outputName(value: string): string {
  const path = value.startsWith('/') ? value : new URL(value).pathname;
  const name = basename(decodeURIComponent(path));
  if (name === '' || name === '.' || name === '..') throw new FetchError(value, 'has no file name; set output_file');
  return name;
}

async function copyLocal(path: string, destination: string): Promise<void> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new Error(`cannot read ${path}: ${describe(cause)}`, { cause });
  });
  if (!info.isFile()) throw new Error(`${path} is not a regular file`);
  await copyFile(path, destination);
}

function httpGet(original: string, url: URL, destination: string, timeoutMs: number, redirects: number): Promise<void> {
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
        httpGet(original, new URL(location, url), destination, timeoutMs, redirects - 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new FetchError(original, `HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd()));
        return;
      }
      pipeline(response, createWriteStream(destination, { mode: 0o644 })).then(resolve, (cause: unknown) =>
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

async function extract(archive: string, into: string): Promise<void> {
  const kind = archiveKind(archive);
  if (kind === undefined) return;
  // NOTE: `tar -xf` detects gzip by content, so .tar, .tar.gz and .tgz take the same path.
  const [file, args] =
    kind === 'tar'
      ? ['tar', ['-xf', archive, '-C', into, '--no-same-owner']]
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
