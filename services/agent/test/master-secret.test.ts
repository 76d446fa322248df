import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus } from '@tessera/bus';
import { masterConfigSchema, startMaster, type RunningMaster } from '@tessera/master';
import { ConfigError, createLogger } from '@tessera/runtime';
import { createMemoryStore } from '@tessera/store';
import { freePort } from '@tessera/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentConfigInput, type RunningAgent } from '../src/index.js';
import { waitFor } from './helpers.js';

const CREDENTIALS = `
credentials:
  - { principal: ops, secret: ops-secret, kind: operator }
  - { principal: node-1, secret: node-1-secret, kind: agent }
`;

let dir: string;
let running: RunningMaster;
const agents: RunningAgent[] = [];
const auditFile = () => join(dir, 'master-audit.log');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-agent-secret-'));
  await writeFile(join(dir, 'credentials.yaml'), CREDENTIALS);
  const config = masterConfigSchema.parse({
    port: 0,
    httpPort: 0,
    allocator: `127.0.0.1:${await freePort()}`,
    credentials: join(dir, 'credentials.yaml'),
    auditLog: auditFile(),
    logLevel: 'silent',
  });
  running = await startMaster(config, {
    store: createMemoryStore(),
    bus: createMemoryBus(),
    logger: createLogger('test', { level: 'silent' }),
    onDeposed: () => undefined,
  });
  await running.elected;
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
});

afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function start(name: string, config: AgentConfigInput, onRefused?: (message: string) => void) {
  const agent = await startAgent(
    {
      master: running.address,
      workDir: join(dir, name),
      serveApi: false,
      executor: 'simulated',
      bootId: `boot-${name}`,
      hostname: name,
      resources: 'cpus:1;mem:128;disk:128',
      logLevel: 'silent',
      ...config,
    },
    onRefused === undefined ? {} : { onRefused },
  );
  agents.push(agent);
  return agent;
}

const secretFile = async (name: string, content: string): Promise<string> => {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
};

describe('--master-secret-file', () => {
  it("registers with a master that requires authentication, as the secret's agent principal (trimmed)", async () => {
    const agent = await start('h1', { masterSecretFile: await secretFile('node-1.secret', '  node-1-secret\n\n') });
    const agentId = await waitFor(() => agent.agentId(), 'registration');
    const master = await running.elected;
    expect(master.agents.get(agentId)?.principal).toBe('node-1');
  });

  it('is needed: without it the master refuses the agent UNAUTHENTICATED (audited), and a non-agent secret is refused', async () => {
    await start('h2', {});
    await waitFor(
      async () =>
        (await readFile(auditFile(), 'utf8').catch(() => ''))
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as { action: string; allowed: boolean; rule: string })
          .find((line) => line.action === 'authenticate' && !line.allowed && /requires authentication/.test(line.rule)),
      "the master's refusal of the anonymous agent",
    );
    const refusals: string[] = [];
    await start('h3', { masterSecretFile: await secretFile('ops.secret', 'ops-secret') }, (m) => refusals.push(m));
    const message = await waitFor(() => refusals[0], 'the refusal');
    expect(message).toMatch(/principal "ops" is not an agent/);
  });

  it.each<[string, string | undefined, RegExp]>([
    ['an empty file', '', /master-secret-file: .*empty\.secret is empty/],
    ['a file of whitespace', ' \n\t\n', /master-secret-file: .*blank\.secret is empty/],
    ['a missing file', undefined, /master-secret-file: cannot read .*missing\.secret: no such file/],
  ])('stops the agent at start on %s (ConfigError)', async (_case, content, message) => {
    const name = content === undefined ? 'missing.secret' : content === '' ? 'empty.secret' : 'blank.secret';
    const file = content === undefined ? join(dir, name) : await secretFile(name, content);
    const attempt = startAgent({ master: running.address, workDir: join(dir, 'never'), masterSecretFile: file });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(
      startAgent({ master: running.address, workDir: join(dir, 'never'), masterSecretFile: file }),
    ).rejects.toThrow(message);
  });
});
