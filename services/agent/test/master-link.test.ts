/**
 * The agent's link to several masters, against fake masters over real gRPC: a
 * follower refuses every Connect with NotLeaderError (naming the leader when it
 * knows it), a dead master is a port nothing listens on. No fixed sleeps: every
 * wait is for a recorded message.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { createGrpcClient, createLogger } from '@tessera/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../src/core/backoff.js';
import { startAgent, type RunningAgent } from '../src/index.js';
import { MasterLink } from '../src/master-link.js';
import { FakeMaster } from './fake-master.js';
import { waitFor } from './helpers.js';

/** Backoff so long that a test passes only if the link did not wait for it. */
const NEVER: BackoffPolicy = { initialMs: 600_000, maxMs: 600_000 };
const FAST: BackoffPolicy = { initialMs: 5, maxMs: 20 };

const masters: FakeMaster[] = [];
const links: MasterLink[] = [];
const agents: RunningAgent[] = [];
const workDirs: string[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.close()));
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
  await Promise.all(masters.splice(0).map((master) => master.stop()));
  await Promise.all(workDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A running fake master; a follower when `follows` is given (`null`: a follower that knows no leader). */
async function master(follows?: FakeMaster | null): Promise<FakeMaster> {
  const started = await FakeMaster.start();
  masters.push(started);
  if (follows !== undefined) started.follow(follows === null ? undefined : follows.address);
  return started;
}

async function deadAddress(): Promise<string> {
  const gone = await FakeMaster.start();
  await gone.stop();
  return gone.address;
}

/**
 * A link that says hello as the agent does (Register, then Reregister with the
 * agent ID it was given) and records the delay before each reconnection.
 */
function openLink(addresses: string | readonly string[], reconnectBackoff: BackoffPolicy) {
  let agentId: string | undefined;
  const delaysMs: number[] = [];
  const logger = createLogger('test', {
    level: 'debug',
    destination: {
      write: (line: string) => {
        const entry = JSON.parse(line) as { delayMs?: number };
        if (entry.delayMs !== undefined) delaysMs.push(entry.delayMs);
      },
    },
  });
  const link: MasterLink = new MasterLink({
    masters: addresses,
    connectTo: (address) => createGrpcClient(tesseraGrpc().tessera.v1.AgentRegistry, address),
    logger,
    reconnectBackoff,
    now: Date.now,
    random: () => 0.5,
    onConnecting: () => undefined,
    hello: (): v1.AgentMessage =>
      agentId === undefined
        ? { register: { agentInfo: { hostname: 'h' } } }
        : { reregister: { agentInfo: { id: { value: agentId }, hostname: 'h' } } },
    onMessage: (message) => {
      const registered = message.registered ?? message.reregistered;
      if (registered === null || registered === undefined) return;
      agentId = registered.agentId?.value;
      link.registeredOnStream(registered.pingIntervalSeconds);
    },
    onDisconnected: () => undefined,
  });
  links.push(link);
  link.start();
  return { link, delaysMs };
}

const registersAt = (at: FakeMaster) => waitFor(() => at.received.find((m) => m.register), `Register at ${at.address}`);
const reregistersAt = (at: FakeMaster) =>
  waitFor(() => at.received.find((m) => m.reregister)?.reregister, `Reregister at ${at.address}`);

describe('MasterLink with several masters', () => {
  it.each([
    // [what comes first, backoff: NEVER proves the link did not wait]
    ['a follower that names the leader', 'named', NEVER],
    ['a follower that knows no leader', 'no leader', FAST],
    ['a dead master', 'dead', FAST],
  ] as const)('given %s and then the leader, registers with the leader', async (_, first, backoff) => {
    const leader = await master();
    const before = first === 'dead' ? await deadAddress() : (await master(first === 'named' ? leader : null)).address;
    const { link } = openLink([before, leader.address], backoff);
    await registersAt(leader);
    await waitFor(() => link.isRegistered(), 'the registration');
    expect(link.master).toBe(leader.address);
  });

  it('follows a leader it was not given, and keeps it in its list', async () => {
    const leader = await master();
    const follower = await master(leader);
    const { link } = openLink(follower.address, NEVER);
    await registersAt(leader);
    expect(link.masters).toEqual([follower.address, leader.address]);
  });

  it('re-sends its hello (Reregister with its agent ID) at once to the leader its master names on stepping down', async () => {
    const a = await master();
    const b = await master(a);
    const { link } = openLink([a.address, b.address], NEVER);
    await registersAt(a);
    await waitFor(() => link.isRegistered(), 'the registration');

    b.lead();
    a.follow(b.address);
    const reregister = await reregistersAt(b);
    expect(reregister.agentInfo?.id?.value).toBe('agent-1');
    await waitFor(() => link.isRegistered() && link.master === b.address, 'the re-registration with B');
  });

  it('moves to the other master when the leader dies, and re-registers there with its agent ID', async () => {
    const a = await master();
    const b = await master(a);
    const { link } = openLink([a.address, b.address], FAST);
    await registersAt(a);
    await waitFor(() => link.isRegistered(), 'the registration');

    await a.stop();
    b.lead();
    const reregister = await reregistersAt(b);
    expect(reregister.agentInfo?.id?.value).toBe('agent-1');
  });

  it('hops at once at most once in a row between followers that name each other, then backs off', async () => {
    const a = await master();
    const b = await master(a);
    a.follow(b.address);
    const { link, delaysMs } = openLink([a.address, b.address], FAST);
    await waitFor(() => delaysMs.length >= 4, 'four reconnections');
    // A names B: at once; B names A: after the backoff (5, 10 ms · ¾); and so on.
    expect(delaysMs.slice(0, 4)).toEqual([0, 4, 0, 8]);

    a.lead();
    await registersAt(a);
    await waitFor(() => link.isRegistered(), 'the registration');
  });
});

describe('the agent with several masters', () => {
  it('takes `master` as a list, registers with the leader, and reports it as its master', async () => {
    const leader = await master();
    const follower = await master(leader);
    const workDir = await mkdtemp(join(tmpdir(), 'tessera-agent-'));
    workDirs.push(workDir);
    const agent = await startAgent({
      master: `${follower.address},${leader.address}`,
      workDir,
      serveApi: false,
      executor: 'simulated',
      bootId: 'boot-1',
      hostname: 'test-host',
      resources: 'cpus:1;mem:256',
      logLevel: 'silent',
    });
    agents.push(agent);
    expect(agent.config.master).toBe(`${follower.address},${leader.address}`);
    await registersAt(leader);
    await waitFor(() => agent.agent.isRegistered(), 'the registration');
    expect(agent.agent.registeredMaster()).toBe(leader.address);
    expect(follower.refusedConnects).toBe(1);
  });
});
