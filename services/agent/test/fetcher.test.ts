import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { v1 } from '@tessera/proto';
import { Fetcher } from '../src/executor/fetcher.js';
import { FetchError } from '../src/executor/types.js';
import { startAgent, type RunningAgent } from '../src/index.js';
import { FakeMaster } from './fake-master.js';
import { waitFor } from './helpers.js';

let workDir: string;
let files: Map<string, Buffer>;
let server: http.Server;
let baseUrl: string;
let requests: string[];

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-fetch-'));
  // A script and a .tar.gz holding a directory with a data file, made with `tar`.
  const staging = join(workDir, 'staging');
  await mkdir(join(staging, 'bundle'), { recursive: true });
  await writeFile(join(staging, 'bundle', 'data.txt'), 'from the archive\n');
  await promisify(execFile)('tar', ['-czf', join(workDir, 'bundle.tar.gz'), '-C', staging, 'bundle']);
  files = new Map([
    ['/bin/hello.sh', Buffer.from('#!/bin/sh\necho "hello $(cat bundle/data.txt)"\n')],
    ['/bundle.tar.gz', await readFile(join(workDir, 'bundle.tar.gz'))],
    ['/broken.tar.gz', Buffer.from('this is not an archive')],
  ]);
  requests = [];
  server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    const body = files.get(request.url ?? '');
    if (body === undefined) response.writeHead(404).end('not found');
    else response.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(workDir, { recursive: true, force: true });
});

const uri = (
  value: string,
  fields: Omit<v1._tessera_v1_CommandInfo_URI, 'value'> = {},
): v1._tessera_v1_CommandInfo_URI => ({ value, ...fields });

describe('fetching through the agent (real processes)', () => {
  let master: FakeMaster;
  let agent: RunningAgent | undefined;

  beforeEach(async () => {
    master = await FakeMaster.start();
    master.autoAcknowledge = true;
    agent = await startAgent({
      master: master.address,
      workDir: join(workDir, 'agent'),
      serveApi: false,
      bootId: 'boot-1',
      hostname: 'test-host',
      resources: 'cpus:2;mem:1024;disk:1024',
      statusUpdateRetryMs: 50,
      logLevel: 'silent',
    });
    await waitFor(() => agent?.agentId() === 'agent-1', 'registration');
  });

  afterEach(async () => {
    await agent?.stop();
    await master.stop();
  });

  function runTask(taskId: string, command: string, uris: v1.CommandInfo['uris']): void {
    master.send({
      runTask: {
        frameworkInfo: { id: { value: 'fw-1' }, name: 'test', roles: ['dev'] },
        task: {
          name: taskId,
          taskId: { value: taskId },
          resources: [{ name: 'cpus', type: 'SCALAR', scalar: 0.1 }],
          command: { shell: true, value: command, uris },
        },
      },
    });
  }

  it('downloads, extracts and makes executable before the command runs, which uses them', async () => {
    runTask('fetching', './hello.sh', [
      uri(`${baseUrl}/bin/hello.sh`, { executable: true }),
      uri(`${baseUrl}/bundle.tar.gz`, { extract: true }),
    ]);
    const finished = await master.waitForUpdate(
      (s) => s.taskId?.value === 'fetching' && s.state === 'TASK_FINISHED',
      'TASK_FINISHED',
    );
    expect(finished.exitCode).toBe(0);
    const sandbox = agent?.agent.tracker.find('fetching')?.sandbox ?? '';
    expect(await readFile(join(sandbox, 'stdout'), 'utf8')).toBe('hello from the archive\n');
    expect((await stat(join(sandbox, 'hello.sh'))).mode & 0o777).toBe(0o755);
  });

  it('fails the task with REASON_FETCHER_FAILED on a 404, without running the command', async () => {
    runTask('missing', 'touch ran', [uri(`${baseUrl}/nope.tar.gz`, { extract: true })]);
    const failed = await master.waitForUpdate(
      (s) => s.taskId?.value === 'missing' && s.state === 'TASK_FAILED',
      'TASK_FAILED',
    );
    expect(failed.reason).toBe('REASON_FETCHER_FAILED');
    expect(failed.message).toBe(`Failed to fetch: ${baseUrl}/nope.tar.gz: HTTP 404 Not Found`);
    const sandbox = agent?.agent.tracker.find('missing')?.sandbox ?? '';
    await expect(stat(join(sandbox, 'ran'))).rejects.toThrow(/ENOENT/);
    expect(master.updates().map((s) => s.state)).not.toContain('TASK_RUNNING');
  });

  it('fails the task with REASON_FETCHER_FAILED on an archive that cannot be extracted', async () => {
    runTask('broken', 'true', [uri(`${baseUrl}/broken.tar.gz`, { extract: true })]);
    const failed = await master.waitForUpdate(
      (s) => s.taskId?.value === 'broken' && s.state === 'TASK_FAILED',
      'TASK_FAILED',
    );
    expect(failed.reason).toBe('REASON_FETCHER_FAILED');
    expect(failed.message).toContain(`${baseUrl}/broken.tar.gz: cannot extract (tar 2)`);
  });

  it('refuses a URI with an unsupported scheme as an invalid task', async () => {
    runTask('ftp', 'true', [uri('ftp://example.com/file')]);
    const error = await master.waitForUpdate((s) => s.taskId?.value === 'ftp', 'TASK_ERROR');
    expect(error).toMatchObject({ state: 'TASK_ERROR', reason: 'REASON_TASK_INVALID' });
    expect(error.message).toContain('scheme ftp: is not supported');
  });
});

describe('Fetcher', () => {
  const plain = { executable: false, extract: false, cache: false };

  it('copies a file:// URI to output_file, creating its directories', async () => {
    const source = join(workDir, 'config.json');
    await writeFile(source, '{"a":1}');
    const sandbox = join(workDir, 'sandbox');
    await mkdir(sandbox);
    const path = await new Fetcher().fetch(
      { ...plain, value: `file://${source}`, outputFile: 'conf/app.json' },
      sandbox,
    );
    expect(path).toBe(join(sandbox, 'conf', 'app.json'));
    expect(await readFile(path, 'utf8')).toBe('{"a":1}');
  });

  it('names a missing local file and an unreachable server in the FetchError', async () => {
    const sandbox = join(workDir, 'sandbox');
    await mkdir(sandbox);
    const missing = new Fetcher().fetch({ ...plain, value: `file://${workDir}/absent` }, sandbox);
    await expect(missing).rejects.toBeInstanceOf(FetchError);
    await expect(missing).rejects.toThrow(`file://${workDir}/absent: cannot read ${workDir}/absent`);
    const unreachable = new Fetcher().fetch({ ...plain, value: 'http://127.0.0.1:1/x' }, sandbox);
    await expect(unreachable).rejects.toThrow('http://127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('serves a cached URI a second time without the server', async () => {
    const fetcher = new Fetcher({ cacheDir: join(workDir, 'fetch-cache') });
    const first = join(workDir, 'first');
    const second = join(workDir, 'second');
    await mkdir(first);
    await mkdir(second);
    const cached = { value: `${baseUrl}/bundle.tar.gz`, executable: false, extract: true, cache: true };
    await fetcher.fetch(cached, first);
    expect(requests).toEqual(['/bundle.tar.gz']);

    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    server = http.createServer(); // closed in afterEach
    server.listen(0, '127.0.0.1');
    await fetcher.fetch(cached, second);
    expect(await readFile(join(second, 'bundle', 'data.txt'), 'utf8')).toBe('from the archive\n');
    expect(requests).toHaveLength(1);
  });

  it('keeps the cache within its size bound, evicting the least recently used entry', async () => {
    files.set('/a', Buffer.alloc(600));
    files.set('/b', Buffer.alloc(600));
    const cacheDir = join(workDir, 'fetch-cache');
    const fetcher = new Fetcher({ cacheDir, maxCacheBytes: 1_000 });
    const sandbox = join(workDir, 'sandbox');
    await mkdir(sandbox);
    await fetcher.fetch({ ...plain, cache: true, value: `${baseUrl}/a` }, sandbox);
    await fetcher.fetch({ ...plain, cache: true, value: `${baseUrl}/b` }, sandbox);
    expect(await readdir(cacheDir)).toHaveLength(1); // 600 + 600 > 1000: /a went
    await fetcher.fetch({ ...plain, cache: true, value: `${baseUrl}/b` }, sandbox);
    expect(requests).toEqual(['/a', '/b']);
  });
});
