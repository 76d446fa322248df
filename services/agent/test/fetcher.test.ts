import { execFile } from 'node:child_process';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { v1 } from '@tessera/proto';
import { Fetcher, type FetchAs } from '../src/executor/fetcher.js';
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

  // NOTE: as root, tasks run as nobody and the fetch helper is started by the agent's spawn helper.
  it.runIf(process.getuid?.() === 0)(
    "fetches with the task's user's rights, a cached download handed over by the agent",
    async () => {
      runTask('as-nobody', './hello.sh; stat -c %u hello.sh bundle/data.txt', [
        uri(`${baseUrl}/bin/hello.sh`, { executable: true, cache: true }),
        uri(`${baseUrl}/bundle.tar.gz`, { extract: true }),
      ]);
      await master.waitForUpdate(
        (s) => s.taskId?.value === 'as-nobody' && s.state === 'TASK_FINISHED',
        'TASK_FINISHED',
      );
      const sandbox = agent?.agent.tracker.find('as-nobody')?.sandbox ?? '';
      expect(await readFile(join(sandbox, 'stdout'), 'utf8')).toBe('hello from the archive\n65534\n65534\n');
    },
  );

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

describe('Fetcher confinement', () => {
  const plain = { executable: false, extract: false, cache: false };
  let sandbox: string;
  let outside: string;

  beforeEach(async () => {
    sandbox = join(workDir, 'sandbox');
    await mkdir(sandbox);
    // A directory anyone may write: only confinement keeps a fetch out of it.
    outside = await mkdtemp(join(tmpdir(), 'tessera-outside-'));
    await chmod(outside, 0o777);
  });

  afterEach(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it.each([
    ['../x', /output_file "\.\.\/x" leaves the sandbox/],
    ['a/../../x', /leaves the sandbox/],
    ['/etc/x', /output_file "\/etc\/x" is absolute/],
    ['dir/', /names no file/],
  ])('refuses output_file %s', async (outputFile, problem) => {
    const source = join(workDir, 'source.txt');
    await writeFile(source, 'data');
    const fetching = new Fetcher().fetch({ ...plain, value: source, outputFile }, sandbox);
    await expect(fetching).rejects.toBeInstanceOf(FetchError);
    await expect(fetching).rejects.toThrow(problem);
  });

  it('never writes an output_file through a link, even one left in the sandbox', async () => {
    const source = join(workDir, 'source.txt');
    await writeFile(source, 'data');
    await symlink(outside, join(sandbox, 'link'));
    await symlink(join(outside, 'file'), join(sandbox, 'file-link'));
    await expect(new Fetcher().fetch({ ...plain, value: source, outputFile: 'link/x' }, sandbox)).rejects.toThrow(
      'goes through the symbolic link link, which is never followed',
    );
    await expect(new Fetcher().fetch({ ...plain, value: source, outputFile: 'file-link' }, sandbox)).rejects.toThrow(
      'is a symbolic link, which is never followed',
    );
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses an archive with a link out of the sandbox, removes the link, and stops before a later URI', async () => {
    const staging = join(workDir, 'archive-staging');
    await mkdir(staging);
    await symlink(outside, join(staging, 'out'));
    await symlink('../../..', join(staging, 'up'));
    await writeFile(join(staging, 'data.txt'), 'data');
    await tar(['-cf', join(workDir, 'links.tar'), '-C', staging, 'out', 'up', 'data.txt']);
    const fetching = new Fetcher().fetchAll(
      [
        { ...plain, value: join(workDir, 'links.tar'), extract: true },
        { ...plain, value: join(staging, 'data.txt'), outputFile: 'out/written' },
      ],
      sandbox,
    );
    await expect(fetching).rejects.toThrow(
      `${join(workDir, 'links.tar')}: the archive holds symbolic links that lead out of the sandbox (removed): out -> ${outside}, up -> ../../..`,
    );
    expect((await readdir(sandbox)).sort()).toEqual(['data.txt', 'links.tar']);
    expect(await readdir(outside)).toEqual([]);
  });

  it('does not write a later archive entry through a link of the same archive', async () => {
    // links.tar: "out" -> <outside>, then "out/pwned", a file below it.
    const first = join(workDir, 'first');
    const second = join(workDir, 'second');
    await mkdir(join(second, 'out'), { recursive: true });
    await mkdir(first);
    await symlink(outside, join(first, 'out'));
    await writeFile(join(second, 'out', 'pwned'), 'pwned');
    const archive = join(workDir, 'through.tar');
    await tar(['-cf', archive, '-C', first, 'out']);
    await tar(['-rf', archive, '-C', second, 'out/pwned']);
    // tar puts the link off until the end, so out/pwned finds no directory; then the link is found and removed.
    await expect(new Fetcher().fetch({ ...plain, value: archive, extract: true }, sandbox)).rejects.toThrow(
      `${archive}: the archive holds symbolic links that lead out of the sandbox (removed): out -> ${outside}`,
    );
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(sandbox)).toEqual(['through.tar']);
  });

  it('follows chains of links to find one that leads out, and keeps links that stay inside', async () => {
    // here -> . stays inside; escape -> here/.. is the sandbox's parent; lib -> ../real/lib stays inside.
    const staging = join(workDir, 'archive-staging');
    await mkdir(join(staging, 'real', 'lib'), { recursive: true });
    await mkdir(join(staging, 'bin'));
    await symlink('.', join(staging, 'here'));
    await symlink('../real/lib', join(staging, 'bin', 'lib'));
    await tar(['-cf', join(workDir, 'inside.tar'), '-C', staging, 'here', 'real', 'bin']);
    await new Fetcher().fetch({ ...plain, value: join(workDir, 'inside.tar'), extract: true }, sandbox);
    expect((await lstat(join(sandbox, 'bin', 'lib'))).isSymbolicLink()).toBe(true);

    await symlink('here/..', join(staging, 'escape'));
    await tar(['-cf', join(workDir, 'chain.tar'), '-C', staging, 'escape']);
    await expect(
      new Fetcher().fetch({ ...plain, value: join(workDir, 'chain.tar'), extract: true }, sandbox),
    ).rejects.toThrow('lead out of the sandbox (removed): escape -> here/..');
  });
});

// NOTE: these need root, as the agent that switches users does (the suite runs as root).
describe.runIf(process.getuid?.() === 0)("Fetcher with the task user's rights (agent as root, task as nobody)", () => {
  const NOBODY = 65_534;
  const plain = { executable: false, extract: false, cache: false };
  let sandbox: string;
  let as: FetchAs;
  let sources: string;

  beforeEach(async () => {
    sandbox = join(workDir, 'sandbox');
    const metaDir = join(workDir, 'meta');
    await mkdir(sandbox);
    await mkdir(metaDir);
    await chown(sandbox, NOBODY, NOBODY);
    as = { uid: NOBODY, gid: NOBODY, metaDir };
    // Local sources in a directory anyone may search (workDir itself is 0700).
    sources = await mkdtemp(join(tmpdir(), 'tessera-sources-'));
    await chmod(sources, 0o755);
  });

  afterEach(async () => {
    await rm(sources, { recursive: true, force: true });
  });

  it("fails a file:// URI of a file only root may read, naming the URI and the user's lack of permission", async () => {
    const secret = join(sources, 'secret');
    await writeFile(secret, 'root only', { mode: 0o600 });
    const fetching = new Fetcher().fetch({ ...plain, value: `file://${secret}` }, sandbox, as);
    await expect(fetching).rejects.toBeInstanceOf(FetchError);
    await expect(fetching).rejects.toThrow(
      `file://${secret}: cannot read ${secret}: permission denied for the task's user (uid ${NOBODY})`,
    );
    expect(await readdir(sandbox)).toEqual(['secret']); // created empty before the read failed
    expect((await stat(join(sandbox, 'secret'))).size).toBe(0);
  });

  it('copies a file the user may read, owned by the user, and unpacks archives as the user', async () => {
    const config = join(sources, 'config.json');
    await writeFile(config, '{"a":1}', { mode: 0o644 });
    await writeFile(join(sources, 'bundle.tar.gz'), files.get('/bundle.tar.gz') ?? '', { mode: 0o644 });
    const fetcher = new Fetcher();
    const path = await fetcher.fetch({ ...plain, value: `file://${config}`, outputFile: 'conf/app.json' }, sandbox, as);
    expect(await readFile(path, 'utf8')).toBe('{"a":1}');
    expect([(await stat(path)).uid, (await stat(join(sandbox, 'conf'))).uid]).toEqual([NOBODY, NOBODY]);
    await fetcher.fetch({ ...plain, value: join(sources, 'bundle.tar.gz'), extract: true }, sandbox, as);
    const data = join(sandbox, 'bundle', 'data.txt');
    expect(await readFile(data, 'utf8')).toBe('from the archive\n');
    expect((await stat(data)).uid).toBe(NOBODY);
  });

  it("hands a cached download to the helper: shared between tasks, the cache itself stays the agent's", async () => {
    const cacheDir = join(workDir, 'fetch-cache');
    const fetcher = new Fetcher({ cacheDir });
    const cached = { ...plain, value: `${baseUrl}/bin/hello.sh`, cache: true, executable: true };
    const path = await fetcher.fetch(cached, sandbox, as);
    const second = join(workDir, 'second');
    await mkdir(second);
    await chown(second, NOBODY, NOBODY);
    await fetcher.fetch(cached, second, as);
    expect(requests).toEqual(['/bin/hello.sh']);
    expect(await readFile(join(second, 'hello.sh'), 'utf8')).toContain('echo "hello');
    expect((await stat(path)).uid).toBe(NOBODY);
    expect((await stat(path)).mode & 0o777).toBe(0o755);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
  });

  it('refuses an output_file out of the sandbox and links out of it as the user too', async () => {
    const config = join(sources, 'config.json');
    await writeFile(config, '{}', { mode: 0o644 });
    await expect(new Fetcher().fetch({ ...plain, value: config, outputFile: '../x' }, sandbox, as)).rejects.toThrow(
      'leaves the sandbox',
    );
    const staging = join(workDir, 'archive-staging');
    await mkdir(staging);
    await symlink('/etc', join(staging, 'etc'));
    await tar(['-cf', join(sources, 'etc.tar'), '-C', staging, 'etc']);
    await chmod(join(sources, 'etc.tar'), 0o644);
    await expect(
      new Fetcher().fetch({ ...plain, value: join(sources, 'etc.tar'), extract: true }, sandbox, as),
    ).rejects.toThrow('lead out of the sandbox (removed): etc -> /etc');
    expect(await readdir(sandbox)).toEqual(['etc.tar']);
  });
});

function tar(args: string[]): Promise<unknown> {
  return promisify(execFile)('tar', args);
}
