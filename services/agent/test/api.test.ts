import * as grpc from '@grpc/grpc-js';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { selectIsolator, startAgent, type RunningAgent } from '../src/index.js';
import { FakeMaster, runTask } from './fake-master.js';
import { waitFor } from './helpers.js';

let master: FakeMaster;
let workDir: string;
let outside: string;
let agent: RunningAgent;
let client: v1.AgentClient;
let sandbox: string;

function call<Req, Res>(method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (
      client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, res?: Res) => void) => void>
    )[method];
    if (fn === undefined) throw new Error(`no method ${method}`);
    fn.call(client, request, (error, response) => (error ? reject(error) : resolve(response as Res)));
  });
}

async function codeOf(promise: Promise<unknown>): Promise<grpc.status | 'OK'> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return (error as grpc.ServiceError).code;
  }
}

function readFile(taskId: string, path: string, offset = 0, length = 0): Promise<v1.ReadFileResponse__Output> {
  return call('ReadFile', { taskId: { value: taskId }, path, offset, length });
}
function listFiles(taskId: string, path: string): Promise<v1.ListFilesResponse__Output> {
  return call('ListFiles', { taskId: { value: taskId }, path });
}

beforeAll(async () => {
  master = await FakeMaster.start();
  workDir = await mkdtemp(join(tmpdir(), 'tessera-api-'));
  outside = await mkdtemp(join(tmpdir(), 'tessera-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'top secret\n');
  agent = await startAgent({
    master: master.address,
    workDir,
    port: 0,
    httpPort: 0,
    bootId: 'boot-api',
    resources: 'cpus:2;mem:1024;disk:1024',
    logLevel: 'silent',
  });
  client = new (tesseraGrpc().tessera.v1.Agent)(`127.0.0.1:${agent.grpcPort}`, grpc.credentials.createInsecure());
  await master.waitForMessage('register', 'Register');
  master.send(runTask('files', 'echo hello; mkdir -p logs; echo nested > logs/app.log; exec sleep 3600'));
  master.acknowledge(await master.waitForUpdate((s) => s.state === 'TASK_STARTING', 'STARTING'));
  await master.waitForUpdate((s) => s.state === 'TASK_RUNNING', 'RUNNING');
  sandbox = agent.agent.tracker.find('files')?.sandbox ?? '';
  await waitFor(
    async () => (await listFiles('files', 'logs').catch(() => ({ files: [] }))).files.length === 1,
    'logs/app.log',
  );
  // What a hostile task could leave in its sandbox.
  await symlink(join(outside, 'secret.txt'), join(sandbox, 'escape'));
  await symlink(outside, join(sandbox, 'escape-dir'));
  await symlink('../../../../..', join(sandbox, 'up'));
  await mkdir(join(sandbox, 'inner'));
  await symlink('../stdout', join(sandbox, 'inner', 'ok-link'));
  await writeFile(join(sandbox, 'big'), Buffer.alloc(1024 * 1024 + 10, 7));
});

afterAll(async () => {
  client?.close();
  await agent?.stop();
  await master?.stop();
  await rm(workDir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('tessera.v1.Agent', () => {
  it('GetState reports the agent, its isolation and its tasks', async () => {
    const state = await call<object, v1.GetAgentStateResponse__Output>('GetState', {});
    // cgroups-v1 as root on a machine with v1 controllers (CI), else posix.
    const expected = (await selectIsolator('auto', { root: '/sys/fs/cgroup' })).isolator.kind;
    expect(state).toMatchObject({
      registered: true,
      isolation: expected,
      workDir,
      draining: false,
      masterEndpoint: master.address,
    });
    expect(state.info?.id?.value).toBe('agent-1');
    expect(state.info?.endpoint).toBe(`127.0.0.1:${agent.grpcPort}`);
    expect(state.info?.httpPort).toBe(agent.httpPort);
    expect(state.tasks.map((t) => [t.task?.taskId?.value, t.status?.state, t.sandbox])).toEqual([
      ['files', 'TASK_RUNNING', sandbox],
    ]);
    expect(state.pendingUpdates).toBe(1); // RUNNING is not acknowledged
  });

  it('GetTasks and GetContainers report the task and its process', async () => {
    const tasks = await call<object, v1.GetAgentTasksResponse__Output>('GetTasks', {});
    expect(tasks.tasks[0]?.pid).toBeGreaterThan(0);
    const containers = await call<object, v1.GetContainersResponse__Output>('GetContainers', {});
    expect(containers.containers).toHaveLength(1);
    expect(containers.containers[0]).toMatchObject({ taskId: { value: 'files' }, pid: tasks.tasks[0]?.pid });
    expect(containers.containers[0]?.usage?.cpusLimit).toBeCloseTo(0.1);
    expect(containers.containers[0]?.usage?.memRssMb).toBeGreaterThan(0);
  });

  it('ListFiles lists the sandbox root and subdirectories', async () => {
    const root = await listFiles('files', '');
    expect(root.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['stdout', 'stderr', 'logs', 'escape', 'up', 'big']),
    );
    expect(root.files.find((f) => f.path === 'logs')?.isDir).toBe(true);
    expect((await listFiles('files', 'logs')).files.map((f) => [f.path, f.size])).toEqual([['logs/app.log', 7]]);
  });

  it('ReadFile reads a file, from an offset, and answers its size', async () => {
    expect((await readFile('files', 'stdout')).data.toString()).toBe('hello\n');
    const tail = await readFile('files', 'logs/app.log', 2, 3);
    expect([tail.data.toString(), tail.offset, tail.size]).toEqual(['ste', 2, 7]);
    expect((await readFile('files', 'stdout', 100)).data.length).toBe(0);
    // a symlink that stays inside the sandbox is fine
    expect((await readFile('files', 'inner/ok-link')).data.toString()).toBe('hello\n');
  });

  it('ReadFile answers at most 1 MiB per call', async () => {
    const first = await readFile('files', 'big', 0, 0);
    expect(first.data.length).toBe(1024 * 1024);
    expect(first.size).toBe(1024 * 1024 + 10);
    expect((await readFile('files', 'big', 0, 5 * 1024 * 1024)).data.length).toBe(1024 * 1024);
    expect((await readFile('files', 'big', 1024 * 1024, 0)).data.length).toBe(10);
  });

  it.each([
    ['../../../../../etc/passwd', 'dot-dot traversal'],
    ['logs/../../x', 'dot-dot through a subdirectory'],
    ['/etc/passwd', 'an absolute path'],
    ['<outside>/secret.txt', 'an absolute path to a real file'],
    ['escape', 'a symlink to a file outside'],
    ['escape-dir/secret.txt', 'a path through a symlinked directory outside'],
    ['up/etc/passwd', 'a relative symlink climbing out'],
  ])('ReadFile refuses %s (%s) with PERMISSION_DENIED', async (path) => {
    expect(await codeOf(readFile('files', path.replace('<outside>', outside)))).toBe(grpc.status.PERMISSION_DENIED);
  });

  it.each([['..'], ['/'], ['escape-dir'], ['up']])('ListFiles refuses %s with PERMISSION_DENIED', async (path) => {
    expect(await codeOf(listFiles('files', path))).toBe(grpc.status.PERMISSION_DENIED);
  });

  it('answers NOT_FOUND for unknown tasks and missing files, INVALID_ARGUMENT for a directory', async () => {
    expect(await codeOf(readFile('nope', 'stdout'))).toBe(grpc.status.NOT_FOUND);
    expect(await codeOf(listFiles('nope', ''))).toBe(grpc.status.NOT_FOUND);
    expect(await codeOf(readFile('files', 'missing.txt'))).toBe(grpc.status.NOT_FOUND);
    expect(await codeOf(listFiles('files', 'missing'))).toBe(grpc.status.NOT_FOUND);
    expect(await codeOf(readFile('files', 'logs'))).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('answers INVALID_ARGUMENT for paths and task IDs past their bounds and for a name the kernel finds too long', async () => {
    const overlong = 'a/'.repeat(2_049); // 4098 bytes
    expect(await codeOf(readFile('files', overlong))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await codeOf(listFiles('files', overlong))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await codeOf(readFile('files', 'n'.repeat(300)))).toBe(grpc.status.INVALID_ARGUMENT); // ENAMETOOLONG
    expect(await codeOf(listFiles('files', `logs/${'n'.repeat(300)}`))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await codeOf(readFile('t'.repeat(1_025), 'stdout'))).toBe(grpc.status.INVALID_ARGUMENT);
    // a uint64 length of 2^64 - 1 is simply the most there is
    expect((await readFile('files', 'stdout', 0, Number.MAX_SAFE_INTEGER)).data.toString()).toBe('hello\n');
  });

  it.each([
    [
      '/files/read?task_id=files&path=stdout&path=stderr',
      'query parameter path is given 2 times; give it at most once',
    ],
    ['/files/browse?task_id=files&path=logs&path=logs', 'query parameter path is given 2 times; give it at most once'],
    ['/files/read?task_id=files&task_id=other&path=stdout', 'query parameter task_id is given 2 times'],
    [
      '/files/read?task_id=files&path=stdout&offset=abc',
      'query parameter offset must be a non-negative integer, got "abc"',
    ],
    [
      '/files/read?task_id=files&path=stdout&offset=-1',
      'query parameter offset must be a non-negative integer, got "-1"',
    ],
    [
      '/files/read?task_id=files&path=stdout&length=1.5',
      'query parameter length must be a non-negative integer, got "1.5"',
    ],
    [
      '/files/read?task_id=files&path=stdout&offset=99999999999999999999',
      'offset must be an integer from 0 to 2^53 - 1',
    ],
    [`/files/read?task_id=files&path=${'a/'.repeat(2_049)}`, 'path is 4098 bytes long; at most 4096 are accepted'],
    [`/files/browse?task_id=files&path=${'n'.repeat(300)}`, 'is too long'],
    [`/files/read?task_id=${'t'.repeat(1_025)}&path=stdout`, 'task_id is 1025 bytes long; at most 1024 are accepted'],
  ])('answers 400 with a clear message for %s', async (url, message) => {
    const response = await fetch(`http://127.0.0.1:${agent.httpPort}${url}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(message);
  });

  it('serves sandbox files, /healthz and /metrics over HTTP with the same confinement', async () => {
    const base = `http://127.0.0.1:${agent.httpPort}`;
    const read = await fetch(`${base}/files/read?task_id=files&path=stdout`);
    expect(await read.json()).toEqual({ data: 'hello\n', offset: 0, size: 6 });
    const escape = await fetch(`${base}/files/read?task_id=files&path=${encodeURIComponent('../../../../etc/passwd')}`);
    expect(escape.status).toBe(403);
    expect((await fetch(`${base}/files/read?task_id=files&path=escape`)).status).toBe(403);
    expect((await fetch(`${base}/files/browse?task_id=nope&path=`)).status).toBe(404);
    const browse = (await (await fetch(`${base}/files/browse?task_id=files&path=logs`)).json()) as { path: string }[];
    expect(browse.map((e) => e.path)).toEqual(['logs/app.log']);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', agentId: 'agent-1', registered: true, tasks: 1 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/tessera_agent_tasks\{state="TASK_RUNNING".*\} 1/);
    expect(metrics).toMatch(/tessera_agent_registered\{.*\} 1/);
  });
});
