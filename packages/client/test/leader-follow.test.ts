/**
 * Following the leader of several masters, against fake masters over real
 * gRPC: a follower answers every call with NotLeaderError (naming the leader
 * when it knows it), a dead master is a port nothing listens on. No fixed
 * sleeps: every wait is for an event or a recorded call.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { status } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { createLogger, isNotLeaderError } from '@tessera/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  callLeader,
  LeaderCalls,
  LeaderUnreachableError,
  SchedulerSession,
  schedulerClient,
  SessionDisconnectedError,
  type SchedulerClient,
  type SubscribeOptions,
  type UnaryMethod,
} from '../src/index.js';
import { FakeMaster } from './fake-master.js';

const INFO: v1.FrameworkInfo = { name: 'unit', roles: ['web'], failoverTimeoutSeconds: 60 };
/** Short delays for tests; the jitter is fixed (a share of ¾ of each ceiling). */
const FAST: SubscribeOptions = { backoff: { initialMs: 5, maxMs: 20 }, random: () => 0.5 };
const until = <T>(probe: () => T) => vi.waitFor(() => expect(probe()).toBeTruthy(), { timeout: 10_000, interval: 5 });

const masters: FakeMaster[] = [];
const sessions: SchedulerSession[] = [];
const sockets: Server[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
  for (const master of masters.splice(0)) master.kill();
  for (const server of sockets.splice(0)) server.close();
});

/** A running fake master; a follower when `follows` is given (`null`: a follower that knows no leader). */
async function master(follows?: FakeMaster | null): Promise<FakeMaster> {
  const started = await FakeMaster.start();
  masters.push(started);
  if (follows !== undefined) started.follow(follows === null ? undefined : follows.address);
  return started;
}

/** An address where nothing listens any more. */
async function deadAddress(): Promise<string> {
  const gone = await FakeMaster.start();
  gone.kill();
  return gone.address;
}

/** An address that accepts TCP connections and never says a word (a hung process, a black hole). */
async function silentAddress(): Promise<string> {
  const held: Socket[] = [];
  const server = createServer((socket) => held.push(socket));
  server.on('close', () => held.forEach((socket) => socket.destroy()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  sockets.push(server);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `127.0.0.1:${address.port}`;
}

function newSession(addresses: string | readonly string[], options: SubscribeOptions = {}): SchedulerSession {
  const session = new SchedulerSession(addresses, INFO, { ...FAST, ...options });
  sessions.push(session);
  return session;
}

/** Records the lifecycle events of a session. */
function record(session: SchedulerSession) {
  const seen = { disconnected: [] as Error[], resubscribed: [] as { id: string; at: string }[] };
  session.on('disconnected', (cause) => seen.disconnected.push(cause));
  session.on('resubscribed', (id) => seen.resubscribed.push({ id, at: session.address }));
  return seen;
}

describe('SchedulerSession with several masters: the first subscription', () => {
  it.each([
    ['a follower that names the leader, then the leader', 'named', 1],
    ['a follower that knows no leader, then the leader', 'no leader', 1],
    ['a dead master, then the leader', 'dead', 0],
  ] as const)('given %s, subscribes at the leader', async (_, first, refusedSubscribes) => {
    const leader = await master();
    const before =
      first === 'dead' ? { address: await deadAddress() } : await master(first === 'named' ? leader : null);
    const session = newSession([before.address, leader.address]);
    expect(await session.subscribe()).toBe('fw-1');
    expect(session.address).toBe(leader.address);
    expect(session.state).toBe('subscribed');
    expect(leader.subscribes).toHaveLength(1);
    if (before instanceof FakeMaster) expect(before.subscribes).toHaveLength(refusedSubscribes);
  });

  it('takes the list as one string too, and learns a leader it was not given', async () => {
    const leader = await master();
    const follower = await master(leader);
    const session = newSession(`${follower.address}, ${await deadAddress()}`);
    await session.subscribe();
    expect(session.address).toBe(leader.address);
    expect(session.masters).toEqual([follower.address, expect.any(String), leader.address]);
  });

  it('rejects with what each master answered when none leads, and may subscribe again', async () => {
    const dead = await deadAddress();
    const follower = await master(null);
    const session = newSession([dead, follower.address]);
    const error = await session.subscribe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaderUnreachableError);
    expect((error as LeaderUnreachableError).attempts.map((a) => a.address)).toEqual([dead, follower.address]);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^no master leader answered: ${dead} cannot be reached \\(.*\\); ${follower.address} is not the leader and knows no leader yet$`,
      ),
    );
    expect(session.state).toBe('idle');

    follower.lead();
    expect(await session.subscribe()).toBe('fw-1');
    expect(session.address).toBe(follower.address);
  });

  it('with one master, rejects with that master’s own error, as before', async () => {
    const dead = await deadAddress();
    const error = await newSession(dead)
      .subscribe()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: status.UNAVAILABLE });
  });

  it('does not bounce between two followers that name each other', async () => {
    const a = await master();
    const b = await master(a);
    a.follow(b.address);
    const error = await newSession([a.address, b.address])
      .subscribe()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaderUnreachableError);
    expect([a.subscribes.length, b.subscribes.length]).toEqual([1, 1]);
  });
});

describe('SchedulerSession with several masters: after the leader changes', () => {
  it('moves to the other master when the leader dies, and re-subscribes there with its framework ID', async () => {
    const a = await master();
    const b = await master(a);
    const session = newSession([a.address, b.address]);
    const seen = record(session);
    await session.subscribe();
    expect(session.address).toBe(a.address);

    a.kill();
    b.lead();
    await until(() => seen.resubscribed.length === 1);
    expect(seen.resubscribed).toEqual([{ id: 'fw-1', at: b.address }]);
    expect(b.subscribes.at(-1)?.frameworkInfo?.id?.value).toBe('fw-1');
    expect(seen.disconnected).toHaveLength(1);
    await session.kill('t1');
    expect(b.callsOf('Kill')).toHaveLength(1);
  });

  it('goes on to the next master when a follower knows no leader, and follows a leader named on the way', async () => {
    const a = await master();
    const b = await master(null);
    const c = await master(a);
    const session = newSession([a.address, b.address, c.address]);
    const seen = record(session);
    await session.subscribe();

    // A steps down, ending the stream; B knows no leader yet; C names D, which leads.
    const d = await master();
    c.follow(d.address);
    a.follow(undefined, { breakStream: true });
    await until(() => seen.resubscribed.length === 1);
    expect(seen.resubscribed).toEqual([{ id: 'fw-1', at: d.address }]);
    expect(b.subscribes.length).toBeGreaterThanOrEqual(1);
    expect(c.subscribes.at(-1)?.frameworkInfo?.id?.value).toBe('fw-1');
    expect(d.subscribes.map((s) => s.frameworkInfo?.id?.value)).toEqual(['fw-1']);
    expect(session.masters).toEqual([a.address, b.address, c.address, d.address]);
  });

  it('counts a call refused by a follower as a lost stream, and re-subscribes at the leader it names', async () => {
    const a = await master();
    const b = await master(a);
    const session = newSession([a.address, b.address]);
    const seen = record(session);
    await session.subscribe();

    // A lost the lead without ending the stream yet; B leads.
    a.follow(b.address);
    b.lead();
    const refused = await session.kill('t1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SessionDisconnectedError);
    expect((refused as Error).message).toBe(
      `Kill failed: the master of framework fw-1 at ${a.address} no longer leads`,
    );
    expect(isNotLeaderError((refused as Error).cause)).toBe(true);
    await until(() => seen.resubscribed.length === 1);
    expect(seen.disconnected).toHaveLength(1);
    expect(isNotLeaderError(seen.disconnected[0])).toBe(true);
    expect(seen.resubscribed).toEqual([{ id: 'fw-1', at: b.address }]);
    expect(a.subscribes).toHaveLength(1); // not asked again: the refusal named B
    await session.kill('t1');
    expect(b.callsOf('Kill')).toHaveLength(1);
  });

  it('hops at once at most once per attempt between followers that name each other, then backs off', async () => {
    const a = await master();
    const b = await master(a);
    // Each failed attempt is logged at debug; count the Subscribes both masters saw by then.
    const subscribesAtEachFailure: number[] = [];
    const logger = createLogger('test', {
      level: 'debug',
      destination: {
        write: (line: string) => {
          if (line.includes('re-subscription failed')) {
            subscribesAtEachFailure.push(a.subscribes.length + b.subscribes.length);
          }
        },
      },
    });
    const session = newSession([a.address, b.address], { logger });
    const seen = record(session);
    await session.subscribe();

    a.follow(b.address, { breakStream: true });
    await until(() => subscribesAtEachFailure.length >= 3);
    // 1 before; then every attempt is Subscribe at one follower and one hop to the other.
    expect(subscribesAtEachFailure.slice(0, 3)).toEqual([3, 5, 7]);

    a.lead();
    await until(() => seen.resubscribed.length === 1);
    expect(seen.resubscribed[0]).toEqual({ id: 'fw-1', at: a.address });
  });
});

describe('callLeader and LeaderCalls', () => {
  const reconcile = (client: SchedulerClient): UnaryMethod<v1.ReconcileRequest, v1.ReconcileResponse__Output> =>
    client.Reconcile;
  const request: v1.ReconcileRequest = { frameworkId: { value: 'fw-1' }, tasks: [] };

  it('goes past a dead master and a follower to the leader the follower names', async () => {
    const leader = await master();
    leader.reconcileStatuses = [{ taskId: { value: 't1' }, state: 'TASK_RUNNING' }];
    const follower = await master(leader);
    const dead = await deadAddress();
    const answer = await callLeader([dead, follower.address, leader.address], schedulerClient, reconcile, request);
    expect(answer.statuses.map((s) => s.taskId?.value)).toEqual(['t1']);
    expect(follower.callsOf('Reconcile')).toHaveLength(1);
    expect(leader.callsOf('Reconcile')).toHaveLength(1);
  });

  it.each([
    ['a dead master', 'dead', /cannot be reached/],
    ['a follower that knows no leader', 'no leader', /is not the leader and knows no leader yet/],
    ['an address that never answers', 'silent', /cannot be reached \(no connection to .* within 200 ms\)/],
  ] as const)(
    'gives up, naming every address, when the first is %s and the other is down',
    async (_, kind, answered) => {
      const dead = await deadAddress();
      const other =
        kind === 'dead'
          ? await deadAddress()
          : kind === 'silent'
            ? await silentAddress()
            : (await master(null)).address;
      // NOTE: the connection timeout bounds an address only while another is left to try.
      const error = await callLeader([other, dead], schedulerClient, reconcile, request, {
        connectTimeoutMs: 200,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LeaderUnreachableError);
      const unreachable = error as LeaderUnreachableError;
      expect(unreachable.attempts.map((a) => a.address)).toEqual([other, dead]);
      expect(unreachable.attempts[0]?.answered).toMatch(answered);
      expect(unreachable.message).toContain(`${dead} cannot be reached`);
    },
  );

  it('gives the last address left what remains of the deadline to connect, not only the connection timeout', async () => {
    const silent = await silentAddress();
    const error = await callLeader([silent], schedulerClient, reconcile, request, {
      timeoutMs: 300,
      connectTimeoutMs: 50,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaderUnreachableError);
    expect((error as LeaderUnreachableError).attempts[0]?.answered).toMatch(/within (2\d\d|300) ms/);
  });

  it("passes the leader's refusal of the request through, without asking another master", async () => {
    const leader = await master();
    const other = await master(leader);
    leader.refusals.set('Reconcile', [{ code: status.INVALID_ARGUMENT, details: 'task t9 is unknown', errorName: '' }]);
    const error = await callLeader([leader.address, other.address], schedulerClient, reconcile, request).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'task t9 is unknown' });
    expect(other.calls).toEqual([]);
  });

  it('keeps to the leader it found for later calls, and learns a leader it was not given', async () => {
    const leader = await master();
    const follower = await master(leader);
    const calls = new LeaderCalls(follower.address, schedulerClient);
    try {
      await calls.call(reconcile, request);
      await calls.call(reconcile, request);
      expect(calls.address).toBe(leader.address);
      expect(calls.endpoints.all).toEqual([follower.address, leader.address]);
      expect([follower.callsOf('Reconcile').length, leader.callsOf('Reconcile').length]).toEqual([1, 2]);
    } finally {
      calls.close();
    }
  });

  it('does not bounce between followers that name each other', async () => {
    const a = await master();
    const b = await master(a);
    a.follow(b.address);
    const error = await callLeader([a.address, b.address], schedulerClient, reconcile, request).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LeaderUnreachableError);
    expect((error as LeaderUnreachableError).attempts.map((x) => x.answered)).toEqual([
      `is not the leader (it names ${b.address})`,
      `is not the leader (it names ${a.address})`,
    ]);
  });
});
