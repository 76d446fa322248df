import * as grpc from '@grpc/grpc-js';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { ConfigError } from '@tessera/runtime';
import { parseJournalLine } from '../src/journal.js';
import { startAgent, type AgentConfigInput, type RunningAgent } from '../src/index.js';
import { FakeMaster, runTask } from './fake-master.js';
import { taskDescription, waitFor } from './helpers.js';

const CREDENTIALS = `
credentials:
  - { principal: ops, secret: ops-secret, kind: operator }
  - { principal: alice, secret: alice-secret, kind: framework }
  - { principal: bob, secret: bob-secret, kind: framework }
`;
const ACLS = `
permissive: false
view_sandboxes:
  - principals: { values: [ops] }
    framework_principals: { type: ANY }
  - principals: { values: [alice] }
    framework_principals: { values: [alice] }
view_tasks:
  - principals: { values: [ops] }
    framework_principals: { type: ANY }
  - principals: { values: [alice] }
    framework_principals: { values: [alice] }
`;

let dir: string;
let workDir: string;
let master: FakeMaster;
let agent: RunningAgent;
let client: grpc.Client;
const auditFile = () => join(dir, 'audit.log');

function agentConfig(): AgentConfigInput {
  return {
    master: master.address,
    workDir,
    port: 0,
    httpPort: 0,
    bootId: 'boot-auth',
    resources: 'cpus:2;mem:1024;disk:1024',
    credentials: join(dir, 'credentials.yaml'),
    acls: join(dir, 'acls.yaml'),
    auditLog: auditFile(),
    logLevel: 'silent',
  };
}

/** A unary call of tessera.v1.Agent with `authorization: Bearer <secret>` (none without a secret). */
function call<Res>(method: string, request: object, secret?: string): Promise<Res> {
  const metadata = new grpc.Metadata();
  if (secret !== undefined) metadata.set('authorization', `Bearer ${secret}`);
  const fn = (
    client as unknown as Record<
      string,
      (r: object, m: grpc.Metadata, cb: (e: grpc.ServiceError | null, res?: Res) => void) => void
    >
  )[method];
  if (fn === undefined) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) =>
    fn.call(client, request, metadata, (error, response) => (error ? reject(error) : resolve(response as Res))),
  );
}

async function refusal(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as grpc.ServiceError;
  }
  throw new Error('expected a refusal');
}

const readStdout = (taskId: string, secret?: string) =>
  call<v1.ReadFileResponse__Output>('ReadFile', { taskId: { value: taskId }, path: 'stdout' }, secret);
const taskIds = (tasks: readonly { task?: { taskId?: { value?: string } | null } | null }[]) =>
  tasks.map((t) => t.task?.taskId?.value).sort();

/** GET on the agent's HTTP port with an optional Authorization header. */
async function get(path: string, authorization?: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${agent.httpPort}${path}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // /metrics is text
  }
  return { status: response.status, headers: response.headers, body };
}

const auditLines = async (): Promise<
  { principal: string; action: string; object: string; allowed: boolean; rule: string }[]
> =>
  (await readFile(auditFile(), 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line !== '')
    .map(
      (line) =>
        JSON.parse(line) as { principal: string; action: string; object: string; allowed: boolean; rule: string },
    );

async function startAuthAgent(): Promise<RunningAgent> {
  agent = await startAgent(agentConfig());
  client?.close();
  client = new (tesseraGrpc().tessera.v1.Agent)(`127.0.0.1:${agent.grpcPort}`, grpc.credentials.createInsecure());
  return agent;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-agent-auth-'));
  workDir = join(dir, 'work');
  await chmod(dir, 0o755);
  await writeFile(join(dir, 'credentials.yaml'), CREDENTIALS);
  await writeFile(join(dir, 'acls.yaml'), ACLS);
  master = await FakeMaster.start();
  master.autoAcknowledge = true;
  await startAuthAgent();
  await master.waitForMessage('register', 'Register');
  master.send(runTask('alice-task', 'echo alice was here; exec sleep 3600', { principal: 'alice' }));
  master.send(runTask('bob-task', 'echo bob was here; exec sleep 3600', { principal: 'bob', frameworkId: 'fw-2' }));
  master.send(runTask('nobody-task', 'echo unnamed; exec sleep 3600', { frameworkId: 'fw-3' }));
  for (const taskId of ['alice-task', 'bob-task', 'nobody-task'])
    await master.waitForUpdate((s) => s.taskId?.value === taskId && s.state === 'TASK_RUNNING', `${taskId} RUNNING`);
  await waitFor(
    async () => (await readStdout('alice-task', 'ops-secret').catch(() => ({ data: Buffer.alloc(0) }))).data.length > 0,
    "alice-task's stdout",
  );
});

afterAll(async () => {
  client?.close();
  await agent?.stop();
  await master?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the agent API with --credentials and --acls', () => {
  it('refuses anonymous callers UNAUTHENTICATED, saying how to authenticate, before saying whether a task exists', async () => {
    for (const taskId of ['alice-task', 'no-such-task']) {
      const refused = await refusal(readStdout(taskId));
      expect(refused.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(refused.details).toMatch(/this agent requires authentication/);
    }
    for (const method of ['GetState', 'GetTasks', 'GetContainers']) {
      expect((await refusal(call(method, {}))).code).toBe(grpc.status.UNAUTHENTICATED);
    }
    const listed = await refusal(call('ListFiles', { taskId: { value: 'alice-task' }, path: '' }));
    expect(listed.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('refuses a wrong token UNAUTHENTICATED (never as anonymous)', async () => {
    const refused = await refusal(readStdout('alice-task', 'not-a-secret'));
    expect(refused.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(refused.details).toMatch(/matches no credential/);
    expect(refused.details).not.toMatch(/not-a-secret/);
  });

  it("lets a principal read the sandboxes of its framework's tasks (and ops every one)", async () => {
    expect((await readStdout('alice-task', 'alice-secret')).data.toString()).toBe('alice was here\n');
    expect((await readStdout('bob-task', 'ops-secret')).data.toString()).toBe('bob was here\n');
    expect((await readStdout('nobody-task', 'ops-secret')).data.toString()).toBe('unnamed\n');
    const listed = await call<v1.ListFilesResponse__Output>(
      'ListFiles',
      { taskId: { value: 'alice-task' }, path: '' },
      'alice-secret',
    );
    expect(listed.files.map((f) => f.path)).toContain('stdout');
  });

  it('refuses another principal PERMISSION_DENIED naming the principal, view_sandboxes, the object and the rule; audited', async () => {
    const refused = await refusal(readStdout('bob-task', 'alice-secret'));
    expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(refused.details).toMatch(
      /^principal "alice" may not view_sandboxes "bob": refused by .*acls\.yaml: no view_sandboxes rule matched and permissive is false/,
    );
    const unnamed = await refusal(call('ListFiles', { taskId: { value: 'nobody-task' }, path: '' }, 'bob-secret'));
    expect(unnamed.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(unnamed.details).toMatch(/principal "bob" may not view_sandboxes \(unnamed\)/);
    await waitFor(
      async () =>
        (await auditLines()).find(
          (line) => line.principal === 'alice' && line.action === 'view_sandboxes' && line.object === 'bob',
        ),
      'the refusal in the audit log',
    );
    const [line] = (await auditLines()).filter((l) => l.principal === 'alice' && l.action === 'view_sandboxes');
    expect(line).toMatchObject({ allowed: false, rule: expect.stringMatching(/permissive is false/) });
    await waitFor(
      async () => (await auditLines()).some((l) => l.action === 'authenticate' && !l.allowed),
      'the anonymous refusals in the audit log',
    );
  });

  it('tells an unknown task (NOT_FOUND) from a refused one only to an authenticated caller', async () => {
    expect((await refusal(readStdout('no-such-task', 'alice-secret'))).code).toBe(grpc.status.NOT_FOUND);
  });

  it('shows in GetTasks, GetState and GetContainers only the tasks the caller may view_tasks', async () => {
    const tasksOf = async (secret: string) =>
      taskIds((await call<v1.GetAgentTasksResponse__Output>('GetTasks', {}, secret)).tasks);
    expect(await tasksOf('ops-secret')).toEqual(['alice-task', 'bob-task', 'nobody-task']);
    expect(await tasksOf('alice-secret')).toEqual(['alice-task']);
    expect(await tasksOf('bob-secret')).toEqual([]);
    const state = await call<v1.GetAgentStateResponse__Output>('GetState', {}, 'alice-secret');
    expect(taskIds(state.tasks)).toEqual(['alice-task']);
    const containers = await call<v1.GetContainersResponse__Output>('GetContainers', {}, 'alice-secret');
    expect(containers.containers.map((c) => c.taskId?.value)).toEqual(['alice-task']);
    const all = await call<v1.GetContainersResponse__Output>('GetContainers', {}, 'ops-secret');
    expect(all.containers).toHaveLength(3);
  });

  it('answers HTTP /files/* as gRPC: 401 with a challenge, 403 naming the rule, 404, 200; /healthz and /metrics stay open', async () => {
    const anonymous = await get('/files/read?task_id=alice-task&path=stdout');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="tessera"');
    expect(anonymous.body).toMatchObject({
      error: 'AnonymousCallerError',
      message: expect.stringMatching(/this agent requires authentication: send an Authorization header/),
    });
    // Refused before the query is even looked at.
    expect((await get('/files/browse?task_id=a&task_id=b')).status).toBe(401);
    const wrong = await get('/files/browse?task_id=alice-task', 'Bearer nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'AuthenticationError' });

    const own = await get('/files/read?task_id=alice-task&path=stdout', 'Bearer alice-secret');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ data: 'alice was here\n' });
    const basic = `Basic ${Buffer.from('alice:alice-secret').toString('base64')}`;
    const browsed = await get('/files/browse?task_id=alice-task', basic);
    expect(browsed.status).toBe(200);
    expect((browsed.body as { path: string }[]).map((e) => e.path)).toContain('stdout');

    const other = await get('/files/read?task_id=bob-task&path=stdout', 'Bearer alice-secret');
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({
      error: 'PermissionDeniedError',
      message: expect.stringMatching(/^principal "alice" may not view_sandboxes "bob": refused by .*acls\.yaml/),
    });
    expect((await get('/files/browse?task_id=bob-task', 'Bearer alice-secret')).status).toBe(403);
    expect((await get('/files/read?task_id=no-such-task&path=stdout', 'Bearer alice-secret')).status).toBe(404);

    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);
  });

  it("keeps each task's framework principal across an agent restart (journal)", async () => {
    expect(agent.agent.tracker.find('alice-task')?.task.frameworkPrincipal).toBe('alice');
    expect(agent.agent.tracker.find('nobody-task')?.task.frameworkPrincipal).toBeUndefined();
    const before = master.received.length;
    await agent.stop({ keepTasks: true });
    await startAuthAgent();
    await master.waitForMessage('reregister', 'Reregister', before);
    expect(agent.agent.tracker.find('alice-task')?.task.frameworkPrincipal).toBe('alice');
    expect(agent.agent.tracker.find('bob-task')?.task.frameworkPrincipal).toBe('bob');
    expect((await readStdout('alice-task', 'alice-secret')).data.toString()).toBe('alice was here\n');
    expect((await refusal(readStdout('bob-task', 'alice-secret'))).code).toBe(grpc.status.PERMISSION_DENIED);
    const tasks = await call<v1.GetAgentTasksResponse__Output>('GetTasks', {}, 'alice-secret');
    expect(taskIds(tasks.tasks)).toEqual(['alice-task']);
  });
});

describe('the journal', () => {
  it('reads a run journaled before framework principals were as unnamed, and keeps a named one', () => {
    const old = taskDescription('t1');
    const line = (task: object) =>
      JSON.stringify({
        t: 'run',
        task,
        capabilities: { taskKillingState: false, partitionAware: false },
        runId: 'r1',
        sandbox: '/s',
      });
    const parsedOld = parseJournalLine(line(old));
    expect(parsedOld).toMatchObject({ t: 'run', task: { taskId: 't1' } });
    expect((parsedOld as { task: { frameworkPrincipal?: string } }).task.frameworkPrincipal).toBeUndefined();
    expect(parseJournalLine(line({ ...old, frameworkPrincipal: 'alice' }))).toMatchObject({
      task: { frameworkPrincipal: 'alice' },
    });
    expect(parseJournalLine(line({ ...old, frameworkPrincipal: 7 }))).toBeUndefined();
  });
});

describe('the agent settings', () => {
  it('stops at start on a credentials or ACL file it cannot use (ConfigError naming the file)', async () => {
    const bad = join(dir, 'bad-credentials.yaml');
    await writeFile(bad, 'credentials:\n  - { principal: x, secret: "" }\n');
    const config = { ...agentConfig(), workDir: join(dir, 'bad'), credentials: bad, serveApi: false };
    await expect(startAgent(config)).rejects.toThrow(ConfigError);
    await expect(startAgent(config)).rejects.toThrow(/bad-credentials\.yaml/);
    await expect(startAgent({ ...config, credentials: undefined, acls: join(dir, 'missing.yaml') })).rejects.toThrow(
      /missing\.yaml/,
    );
  });
});
