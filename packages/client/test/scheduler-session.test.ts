/**
 * The session's life against a fake master over real gRPC: lost streams,
 * re-subscription, refusals, calls while disconnected, acknowledgements. No
 * fixed sleeps: every wait is for an event or a recorded call.
 */
import { once } from 'node:events';
import { status } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FrameworkErrorEventError,
  FrameworkRefusedError,
  HeartbeatsMissedError,
  SchedulerSession,
  SessionClosedError,
  SessionDisconnectedError,
  SessionNotSubscribedError,
  type SubscribeOptions,
} from '../src/index.js';
import { FakeMaster, UNAVAILABLE } from './fake-master.js';

const INFO: v1.FrameworkInfo = { name: 'unit', roles: ['web', 'batch'], failoverTimeoutSeconds: 60 };
/** Short delays for tests; the jitter is fixed (a share of ¾ of each ceiling). */
const FAST: SubscribeOptions = { backoff: { initialMs: 5, maxMs: 20 }, random: () => 0.5 };
const until = <T>(probe: () => T) => vi.waitFor(() => expect(probe()).toBeTruthy(), { timeout: 10_000, interval: 5 });

/** Records every lifecycle event of a session. */
function record(session: SchedulerSession) {
  const seen = {
    disconnected: [] as Error[],
    resubscribed: [] as string[],
    reconciled: [] as v1.TaskStatus__Output[][],
    closed: [] as (Error | undefined)[],
    updates: [] as v1.TaskStatus__Output[],
    rescinded: [] as string[],
    ackFailures: [] as { error: Error; willRetry: boolean }[],
  };
  session.on('disconnected', (cause) => seen.disconnected.push(cause));
  session.on('resubscribed', (id) => seen.resubscribed.push(id));
  session.on('reconciled', (statuses) => seen.reconciled.push(statuses));
  session.on('closed', (error) => seen.closed.push(error));
  session.on('update', (s) => seen.updates.push(s));
  session.on('rescind', (id) => seen.rescinded.push(id));
  session.on('acknowledgementFailed', (error, willRetry) => seen.ackFailures.push({ error, willRetry }));
  return seen;
}

const update = (taskId: string, uuid: string, state: v1.TaskStatus['state'] = 'TASK_RUNNING'): v1.Event => ({
  update: { status: { taskId: { value: taskId }, agentId: { value: 'a1' }, state, uuid } },
});

describe('SchedulerSession', () => {
  const masters: FakeMaster[] = [];
  const sessions: SchedulerSession[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.close();
    for (const master of masters.splice(0)) master.kill();
  });

  async function setUp(options: SubscribeOptions = {}) {
    const master = await FakeMaster.start();
    masters.push(master);
    const session = new SchedulerSession(master.address, INFO, { ...FAST, ...options });
    sessions.push(session);
    const seen = record(session);
    await session.subscribe();
    return { master, session, seen };
  }

  it('sends its token as `authorization: Bearer` on Subscribe and every unary call (plaintext), and nothing without one', async () => {
    const { master, session } = await setUp({ token: 's3cret' });
    await session.decline(['o1'], 1);
    expect(master.subscribeAuthorizations).toEqual(['Bearer s3cret']);
    expect(master.calls.map((c) => c.authorization)).toEqual(master.calls.map(() => 'Bearer s3cret'));
    expect(master.calls.length).toBeGreaterThan(0);

    const anonymous = await setUp();
    await anonymous.session.decline(['o2'], 1);
    expect(anonymous.master.subscribeAuthorizations).toEqual(['']);
    expect(anonymous.master.calls.every((c) => c.authorization === '')).toBe(true);
  });

  it('re-subscribes with its framework ID and suppressed roles when the stream breaks, then reconciles', async () => {
    const { master, session, seen } = await setUp({ suppressedRoles: ['batch'] });
    expect(session.frameworkId).toBe('fw-1');
    await session.suppress(['web']);
    await session.revive(['batch']);
    master.reconcileStatuses = [{ taskId: { value: 't1' }, state: 'TASK_RUNNING', reason: 'REASON_RECONCILIATION' }];

    master.breakStream();
    await until(() => seen.reconciled.length === 1);
    expect(seen.disconnected).toHaveLength(1);
    expect((seen.disconnected[0] as { code?: number }).code).toBe(status.UNAVAILABLE);
    expect(seen.resubscribed).toEqual(['fw-1']);
    expect(session.state).toBe('subscribed');
    // The second Subscribe names the framework and what it has suppressed now.
    const again = master.subscribes[1];
    expect(again?.frameworkInfo?.id?.value).toBe('fw-1');
    expect(again?.suppressedRoles).toEqual(['web']);
    // Reconciliation: all tasks (none named), each reported as an update.
    expect(master.callsOf('Reconcile')).toEqual([expect.objectContaining({ tasks: [] })]);
    expect(seen.updates.map((u) => [u.taskId?.value, u.state])).toEqual([['t1', 'TASK_RUNNING']]);
    expect(seen.closed).toEqual([]);
  });

  it('keeps trying with backoff while the master is away, and emits `disconnected` once for the lost stream', async () => {
    const { master, seen } = await setUp();
    master.subscribeRefusals.push(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
    master.endStream(); // a clean end (the master shut down) is a lost stream too
    await until(() => seen.resubscribed.length === 1);
    expect(master.subscribes).toHaveLength(5); // the first, three refused, the one that succeeded
    expect(seen.disconnected.map((e) => e.name)).toEqual(['SubscriptionEndedError']);
    expect(seen.closed).toEqual([]);
  });

  it('rides out a master that is killed and restarted on the same address', async () => {
    const { master, session, seen } = await setUp();
    master.kill();
    await until(() => seen.disconnected.length === 1);
    await expect(session.kill('t1')).rejects.toBeInstanceOf(SessionDisconnectedError);
    const restarted = await FakeMaster.start(master.port);
    masters.push(restarted);
    await until(() => seen.reconciled.length === 1);
    expect(restarted.subscribes[0]?.frameworkInfo?.id?.value).toBe('fw-1');
    await session.kill('t1');
    expect(restarted.callsOf('Kill')).toHaveLength(1);
    expect(seen.disconnected).toHaveLength(1);
    expect(seen.closed).toEqual([]);
  });

  it('ends for good, `closed` once, when the master refuses the framework permanently', async () => {
    const { master, session, seen } = await setUp();
    master.subscribeRefusals.push(UNAVAILABLE, {
      code: status.FAILED_PRECONDITION,
      details: 'framework fw-1 was removed; subscribe without an ID to start anew',
      errorName: 'FrameworkRemovedError',
    });
    master.breakStream();
    await until(() => seen.closed.length === 1);
    const error = seen.closed[0];
    expect(error).toBeInstanceOf(FrameworkRefusedError);
    expect(error).toMatchObject({ code: status.FAILED_PRECONDITION, masterError: 'FrameworkRemovedError' });
    expect(error?.message).toContain('was removed');
    expect(session.state).toBe('closed');
    expect(master.subscribes).toHaveLength(3); // no attempt after the refusal
    session.close();
    expect(seen.closed).toHaveLength(1);
    await expect(session.decline(['o1'])).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('stops on an Error event from the master (another scheduler took the framework) without re-subscribing', async () => {
    const { master, seen } = await setUp();
    master.send({ error: { message: 'framework re-subscribed on another stream' } });
    master.endStream();
    await until(() => seen.closed.length === 1);
    expect(seen.closed[0]).toBeInstanceOf(FrameworkErrorEventError);
    expect(seen.disconnected).toEqual([]);
    expect(master.subscribes).toHaveLength(1);
  });

  it('without `reconnect`, a lost stream ends the session: `closed` once with the cause', async () => {
    const { master, session, seen } = await setUp({ reconnect: false });
    master.breakStream();
    await until(() => seen.closed.length === 1);
    expect((seen.closed[0] as { code?: number }).code).toBe(status.UNAVAILABLE);
    session.close();
    expect(seen.closed).toHaveLength(1);
    expect(seen.disconnected).toEqual([]);
    expect(master.subscribes).toHaveLength(1);
  });

  it('`close()` and `teardown()` each end the session with one `closed`', async () => {
    const first = await setUp();
    first.session.close();
    first.session.close();
    expect(first.seen.closed).toEqual([undefined]);

    const second = await setUp();
    await second.session.teardown();
    expect(second.seen.closed).toEqual([undefined]);
    expect(second.session.state).toBe('closed');
    await until(() => second.master.openStream === undefined);
    expect(second.seen.closed).toHaveLength(1);
    expect(second.seen.disconnected).toEqual([]);
  });

  it('answers calls it cannot send with named errors, and passes the master’s refusals through', async () => {
    const master = await FakeMaster.start();
    masters.push(master);
    const session = new SchedulerSession(master.address, INFO, FAST);
    sessions.push(session);
    await expect(session.reconcile()).rejects.toBeInstanceOf(SessionNotSubscribedError);
    await session.subscribe();

    // The master lost our stream (it restarted under us): the call says so by name.
    master.refusals.set('Kill', [
      {
        code: status.FAILED_PRECONDITION,
        details: 'framework fw-1 is not subscribed',
        errorName: 'FrameworkNotSubscribedError',
      },
    ]);
    const notSubscribed = await session.kill('t1').catch((error: unknown) => error);
    expect(notSubscribed).toBeInstanceOf(SessionDisconnectedError);
    expect((notSubscribed as Error).cause).toMatchObject({ code: status.FAILED_PRECONDITION });
    // A refusal of the request itself stays the master's answer.
    master.refusals.set('Accept', [
      { code: status.INVALID_ARGUMENT, details: 'offer o9 is unknown', errorName: 'InvalidCallError' },
    ]);
    await expect(session.accept(['o9'], [])).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });

    // While disconnected nothing is sent.
    master.subscribeRefusals.push(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
    master.breakStream();
    await once(session, 'disconnected');
    const sent = master.calls.length;
    await expect(session.decline(['o1'])).rejects.toBeInstanceOf(SessionDisconnectedError);
    await expect(session.acknowledge({ taskId: { value: 't1' }, uuid: 'u1' } as v1.TaskStatus__Output)).rejects.toThrow(
      /not sent: framework fw-1 lost its stream/,
    );
    expect(master.calls.length).toBe(sent);
  });

  it('rescinds the offers it holds when the stream is lost', async () => {
    const { master, session, seen } = await setUp();
    const offer = (id: string): v1.Offer => ({ id: { value: id }, agentId: { value: 'a1' }, hostname: 'h' });
    master.send({ offers: { offers: [offer('o1'), offer('o2'), offer('o3')] } });
    await once(session, 'offers');
    await session.decline(['o2']);
    master.breakStream();
    await once(session, 'disconnected');
    expect(seen.rescinded.sort()).toEqual(['o1', 'o3']);
  });

  it('does not emit a failed automatic acknowledgement as `error`: it reports it and sends it again', async () => {
    const { master, seen } = await setUp();
    // No `error` listener is attached: emitting `error` would throw.
    master.refusals.set('AcknowledgeBatch', [
      { code: status.INTERNAL, details: 'registry write failed', errorName: '' },
    ]);
    master.send(update('t1', 'u1'));
    await until(() => master.callsOf('AcknowledgeBatch').length === 2);
    expect(seen.ackFailures.map((f) => f.willRetry)).toEqual([true]);
    expect(seen.ackFailures[0]?.error.name).toBe('AcknowledgementFailedError');
    expect(master.callsOf('AcknowledgeBatch')[1]).toMatchObject({ acknowledgements: [{ uuid: 'u1' }] });
  });

  it('sends acknowledgements that failed with the stream again after re-subscription', async () => {
    const { master, seen } = await setUp();
    master.subscribeRefusals.push(UNAVAILABLE, UNAVAILABLE);
    master.refusals.set('AcknowledgeBatch', [UNAVAILABLE]);
    master.send(update('t1', 'u1'));
    await until(() => seen.ackFailures.length === 1);
    master.breakStream();
    await until(() => seen.reconciled.length === 1);
    const batches = master.callsOf('AcknowledgeBatch') as v1.AcknowledgeBatchRequest__Output[];
    expect(batches).toHaveLength(2);
    expect(batches[1]?.acknowledgements.map((a) => a.uuid)).toEqual(['u1']);
    expect(seen.closed).toEqual([]);
  });

  it('splits a batch the master refuses as invalid, and gives up only the acknowledgements it refuses', async () => {
    const { master, seen } = await setUp();
    const invalid = { code: status.INVALID_ARGUMENT, details: 'task gone is unknown', errorName: 'InvalidCallError' };
    master.refusals.set('AcknowledgeBatch', [invalid, invalid]); // the batch, then the first one alone
    master.send(update('gone', 'u1'));
    master.send(update('t2', 'u2'));
    await until(() => master.callsOf('AcknowledgeBatch').length === 3 && seen.ackFailures.length === 1);
    expect(seen.ackFailures[0]?.willRetry).toBe(false);
    const batches = master.callsOf('AcknowledgeBatch') as v1.AcknowledgeBatchRequest__Output[];
    expect(batches.map((b) => b.acknowledgements.map((a) => a.uuid))).toEqual([['u1', 'u2'], ['u1'], ['u2']]);
  });

  it('counts a stream that stays silent for several heartbeat intervals as lost', async () => {
    const master = await FakeMaster.start();
    masters.push(master);
    master.heartbeatIntervalSeconds = 0.05;
    const session = new SchedulerSession(master.address, INFO, { ...FAST, missedHeartbeats: 3 });
    sessions.push(session);
    const seen = record(session);
    await session.subscribe();
    await until(() => seen.disconnected.length === 1);
    expect(seen.disconnected[0]).toBeInstanceOf(HeartbeatsMissedError);
    await until(() => seen.resubscribed.length === 1);
  });

  it('rejects a first subscription the master refuses, and may subscribe again', async () => {
    const master = await FakeMaster.start();
    masters.push(master);
    master.subscribeRefusals.push({
      code: status.INVALID_ARGUMENT,
      details: 'bad role',
      errorName: 'InvalidFrameworkInfoError',
    });
    const session = new SchedulerSession(master.address, INFO, FAST);
    sessions.push(session);
    const seen = record(session);
    await expect(session.subscribe()).rejects.toBeInstanceOf(FrameworkRefusedError);
    expect(session.state).toBe('idle');
    expect(await session.subscribe()).toBe('fw-1');
    expect(seen.closed).toEqual([]);
  });
});
