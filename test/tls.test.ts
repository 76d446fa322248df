import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { call, operatorClient, type ClientOptions } from '@tessera/client';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import {
  createDevCa,
  createGrpcClient,
  issueCertificate,
  loadTls,
  principal,
  type GrpcTls,
  type PemCredentials,
  type PrincipalKind,
} from '@tessera/runtime';
import { freePort, waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';
import { ENTRY } from './support/service-process.js';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    for (const name of ['TESSERA_TLS_CERT', 'TESSERA_TLS_KEY', 'TESSERA_TLS_CA', 'TESSERA_TOKEN']) delete env[name];
    const child = spawn(process.execPath, [ENTRY.cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The files of one certificate, and the flags that give them to a process. */
interface CertFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  readonly flags: string[];
  readonly tls: GrpcTls;
}

/** Writes `name`.pem and `name`-key.pem (and the CA's ca.pem) into `dir`, as `tessera certs` lays them out. */
async function issue(dir: string, ca: PemCredentials, kind: PrincipalKind, name: string): Promise<CertFiles> {
  const issued = await issueCertificate(ca, { principal: principal(kind, name), now: new Date() });
  const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`), ca: join(dir, 'ca.pem') };
  writeFileSync(files.ca, ca.certPem);
  writeFileSync(files.cert, issued.certPem);
  writeFileSync(files.key, issued.keyPem, { mode: 0o600 });
  const tls = loadTls({ tlsCert: files.cert, tlsKey: files.key, tlsCa: files.ca }, 'e2e');
  if (tls === undefined) throw new Error('loadTls read nothing');
  return { ...files, tls, flags: ['--tls-cert', files.cert, '--tls-key', files.key, '--tls-ca', files.ca] };
}

/** GetAgents at `address` with `options`: the agents, or the gRPC error. */
async function getAgents(address: string, options: ClientOptions): Promise<v1.AgentState__Output[]> {
  const client = operatorClient(address, options);
  try {
    const response = await call<v1.GetAgentsRequest, v1.GetAgentsResponse__Output>(
      client.GetAgents.bind(client),
      {},
      5_000,
    );
    return response.agents;
  } finally {
    client.close();
  }
}

describe('a cluster with every process on mutual TLS', () => {
  let dir = '';
  let cluster: Cluster | undefined;
  let operator: CertFiles;
  let framework: CertFiles;
  let stranger: CertFiles;
  let agentCert: CertFiles;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));
    const ca = await createDevCa({ now: new Date() });
    const [master, allocator, agent] = await Promise.all([
      issue(dir, ca, 'master', 'm1'),
      issue(dir, ca, 'allocator', 'a1'),
      issue(dir, ca, 'agent', 'agent1'),
    ]);
    agentCert = agent;
    operator = await issue(dir, ca, 'operator', 'ops');
    framework = await issue(dir, ca, 'framework', 'e2e');
    // The same kind and name, from a CA the cluster does not trust.
    const otherDir = join(dir, 'other');
    mkdirSync(otherDir);
    stranger = await issue(otherDir, await createDevCa({ now: new Date() }), 'operator', 'ops');
    cluster = await Cluster.start({
      masterFlags: master.flags,
      allocatorFlags: allocator.flags,
      agentFlags: agent.flags,
      clientOptions: { tls: operator.tls },
    });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('registers the agent (agent → master, master → allocator over mTLS) and launches a framework task', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    const scheduler = await TestFramework.subscribe(cluster.masterAddress, {}, { tls: framework.tls });
    try {
      // An offer at all means the allocator link works; FINISHED means the agent's stream does.
      await scheduler.launch('tls-hello', { shell: true, value: 'echo hello' });
      await scheduler.waitForState('tls-hello', 'TASK_FINISHED');
    } finally {
      scheduler.close();
    }
  }, 60_000);

  it('answers `tessera agents` with an operator certificate, and refuses it without one', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    const withCert = await runCli(['agents', '--master', cluster.masterAddress, '--json', ...operator.flags]);
    expect(withCert.stderr).toBe('');
    expect(withCert.code).toBe(0);
    expect((JSON.parse(withCert.stdout) as unknown[]).length).toBe(1);

    const plaintext = await runCli(['agents', '--master', cluster.masterAddress, '--json']);
    expect(plaintext.code).not.toBe(0);
  }, 60_000);

  it('runs `tessera run` as a framework with a framework certificate (master and agent over mTLS)', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    const run = await runCli([
      'run',
      '--master',
      cluster.masterAddress,
      '--quiet',
      ...framework.flags,
      '--',
      'echo',
      'hi',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hi\n');
    expect(run.code).toBe(0);
  }, 60_000);

  it('refuses a plaintext client and a client whose certificate comes from another CA', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    await expect(getAgents(cluster.masterAddress, { tls: operator.tls })).resolves.toHaveLength(1);
    await expect(getAgents(cluster.masterAddress, {})).rejects.toMatchObject({ code: status.UNAVAILABLE });
    await expect(getAgents(cluster.masterAddress, { tls: stranger.tls })).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
  }, 30_000);

  it('refuses a certificate of the wrong kind: an agent on the Operator API, an operator on the allocator', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    // The agent's own certificate is valid, but agents register; they do not operate.
    await expect(getAgents(cluster.masterAddress, { tls: agentCert.tls })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details:
        'tessera.v1.Operator serves only principals of kind framework or marathon or chronos or operator; the client certificate names agent "agent1"',
    });
    // Only masters may call the allocator: it takes the whole cluster's state and decides every offer.
    const allocator = createGrpcClient(tesseraGrpc().tessera.v1.Allocator, cluster.allocatorList[0]?.address ?? '', {
      tls: operator.tls,
    });
    try {
      const refusal = await new Promise<unknown>((resolve) =>
        allocator.Explain({ role: 'x' }, { deadline: Date.now() + 5_000 }, (error) => resolve(error)),
      );
      expect(refusal).toMatchObject({
        code: status.PERMISSION_DENIED,
        details:
          'tessera.v1.Allocator serves only principals of kind master; the client certificate names operator "ops"',
      });
    } finally {
      allocator.close();
    }
  }, 30_000);
});

describe('tessera up --tls-dir: the dev cluster on mutual TLS', () => {
  let up: ReturnType<typeof spawn> | undefined;
  let output = '';
  let dir = '';
  let master = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-up-tls-'));
    const ports = await Promise.all(Array.from({ length: 10 }, () => freePort()));
    const flags = [
      '--master-port',
      '--allocator-port',
      '--agent-port',
      '--master-http-port',
      '--allocator-http-port',
      '--agent-http-port',
      '--marathon-port',
      '--marathon-grpc-port',
      '--chronos-port',
      '--chronos-grpc-port',
    ].flatMap((flag, index) => [flag, String(ports[index])]);
    master = `127.0.0.1:${ports[0]}`;
    const env = { ...process.env };
    for (const name of ['REDIS_URL', 'NATS_URL', 'TESSERA_TLS_CERT', 'TESSERA_TLS_KEY', 'TESSERA_TLS_CA'])
      delete env[name];
    up = spawn(
      process.execPath,
      [ENTRY.cli, 'up', ...flags, '--work-dir', join(dir, 'agent'), '--tls-dir', join(dir, 'certs')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    up.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    up.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('cluster is up'), { timeoutMs: 30_000, what: `tessera up:\n${output}` });
  }, 60_000);

  afterAll(async () => {
    if (up !== undefined && up.exitCode === null) {
      const exited = new Promise((resolve) => up?.on('exit', resolve));
      up.kill('SIGTERM');
      await exited;
    }
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('makes a CA and a certificate per service, and prints the flags of the CLI', async () => {
    const certs = join(dir, 'certs');
    const cliFlags = [
      '--tls-cert',
      join(certs, 'dev.pem'),
      '--tls-key',
      join(certs, 'dev-key.pem'),
      '--tls-ca',
      join(certs, 'ca.pem'),
    ];
    expect(output).toContain(`tls        mutual TLS, certificates in ${certs}`);
    expect(output).toContain(`tessera run --master ${master} ${cliFlags.join(' ')} -- echo hello`);
    // The services found each other over mTLS: the agent registered, Marathon and Chronos subscribed.
    const agents = await runCli(['agents', '--master', master, '--json', ...cliFlags]);
    expect(agents.stderr).toBe('');
    expect((JSON.parse(agents.stdout) as unknown[]).length).toBe(1);
    const run = await runCli(['run', '--master', master, '--quiet', ...cliFlags, '--', 'echo', 'hi']);
    expect(run.stdout).toBe('hi\n');
    expect(run.code).toBe(0);
    // Without the certificate the CLI gets nothing.
    expect((await runCli(['agents', '--master', master])).code).not.toBe(0);
  }, 60_000);
});
