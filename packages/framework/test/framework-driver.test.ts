import { EventEmitter } from 'node:events';
import type { SchedulerSessionEvents, SessionState } from '@tessera/client';
import { parseResources } from '@tessera/domain';
import { decodeMessage, encodeMessage, resourcesToProto, type v1 } from '@tessera/proto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameworkDriver, type DriverSession, type OfferView } from '../src/index.js';

/** A wire message as the session emits it (every field present), from its input form. */
function wire<T>(typeName: string, value: object): T {
  return decodeMessage<T>(`tessera.v1.${typeName}`, encodeMessage(`tessera.v1.${typeName}`, value));
}

function offerEvent(offerId: string, resources = 'cpus:1;mem:256'): v1.Offer__Output {
  return wire<v1.Offer__Output>('Offer', {
    id: { value: offerId },
    agentId: { value: 'agent-1' },
    hostname: 'host-a',
    allocationRole: 'eng',
    resources: resourcesToProto(parseResources(resources)),
    attributes: [{ name: 'rack', type: 'TEXT', text: 'r1' }],
  });
}

function status(taskId: string, state: string, uuid = ''): v1.TaskStatus__Output {
  return wire<v1.TaskStatus__Output>('TaskStatus', { taskId: { value: taskId }, state, uuid });
}

/** A session that records calls and answers at once (or when a gate opens). */
class FakeSession extends EventEmitter<SchedulerSessionEvents> implements DriverSession {
  frameworkId = 'fw-1';
  state: SessionState = 'idle';
  suppressedRoles: string[] = [];
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** The master's state of every task, for Reconcile. */
  readonly tasks = new Map<string, string>();
  /** While set, Suppress and Revive wait for it. */
  gate: Promise<void> | undefined;

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  async subscribe(): Promise<string> {
    this.record('Subscribe');
    this.state = 'subscribed';
    return this.frameworkId;
  }

  async accept(offerIds: string[], operations: v1.Operation[], refuseSeconds?: number) {
    this.record('Accept', offerIds, operations, refuseSeconds);
    return { launchedTaskIds: [] };
  }

  async decline(offerIds: string[], refuseSeconds?: number): Promise<unknown> {
    this.record('Decline', offerIds, refuseSeconds);
    return {};
  }

  async suppress(roles: string[] = []): Promise<unknown> {
    this.record('Suppress', roles);
    await this.gate;
    this.suppressedRoles = ['eng'];
    return {};
  }

  async revive(roles: string[] = []): Promise<unknown> {
    this.record('Revive', roles);
    await this.gate;
    this.suppressedRoles = [];
    return {};
  }

  async reconcile(taskIds: string[] = []): Promise<v1.TaskStatus__Output[]> {
    this.record('Reconcile', taskIds);
    const named = taskIds.length > 0 ? taskIds : [...this.tasks.keys()];
    return named.map((id) => status(id, this.tasks.get(id) ?? 'TASK_UNKNOWN'));
  }

  close(): void {
    this.record('Close');
    this.state = 'closed';
    this.emit('closed', undefined);
  }
}

/** Lets every promise callback queued so far run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('FrameworkDriver', () => {
  let session: FakeSession;
  let driver: FrameworkDriver;

  beforeEach(() => {
    vi.useFakeTimers();
    session = new FakeSession();
    driver = new FrameworkDriver(session, { refuseSeconds: 7, maxHoldMs: 1_000, reconcileIntervalMs: 60_000 });
  });
  afterEach(() => {
    driver.stop();
    vi.useRealTimers();
  });

  it('shows offers in domain terms and declines, in one call, those neither used nor held', async () => {
    await driver.start();
    const seen: OfferView[] = [];
    driver.on('offers', (offers) => {
      seen.push(...offers);
      void driver.launch('o-1', [{ name: 't', taskId: { value: 't' } }], 0.5);
      expect(driver.hold('o-2')).toBe(true);
    });
    session.emit('offers', [offerEvent('o-1'), offerEvent('o-2'), offerEvent('o-3'), offerEvent('o-4')]);
    await settle();
    expect(seen.map((o) => [o.offerId, o.hostname, o.allocationRole])).toEqual([
      ['o-1', 'host-a', 'eng'],
      ['o-2', 'host-a', 'eng'],
      ['o-3', 'host-a', 'eng'],
      ['o-4', 'host-a', 'eng'],
    ]);
    expect(seen[0]?.resources).toEqual(parseResources('cpus:1;mem:256'));
    expect(seen[0]?.attributes).toEqual([{ name: 'rack', type: 'text', text: 'r1' }]);
    expect(session.callsOf('Accept').map(([ids, , refuse]) => [ids, refuse])).toEqual([[['o-1'], 0.5]]);
    expect(session.callsOf('Decline')).toEqual([[['o-3', 'o-4'], 7]]);
    expect(driver.heldOffers().map((o) => o.offerId)).toEqual(['o-2']);
  });

  it('declines a held offer after maxHoldMs, and forgets one that is rescinded', async () => {
    await driver.start();
    driver.on('offers', (offers) => offers.forEach((o) => driver.hold(o.offerId)));
    session.emit('offers', [offerEvent('o-1'), offerEvent('o-2')]);
    session.emit('rescind', 'o-2');
    expect(driver.heldOffers().map((o) => o.offerId)).toEqual(['o-1']);
    await vi.advanceTimersByTimeAsync(999);
    expect(session.callsOf('Decline')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.callsOf('Decline')).toEqual([[['o-1'], 7]]);
    expect(driver.heldOffers()).toEqual([]);
    // Outside of an `offers` event nothing can be held.
    expect(driver.hold('o-9')).toBe(false);
  });

  it('suppresses and revives once per change of the wish, not once per call', async () => {
    await driver.start();
    driver.wantOffers(true);
    driver.wantOffers(true);
    await settle();
    expect(session.callsOf('Suppress')).toEqual([]);
    expect(session.callsOf('Revive')).toEqual([]);

    let open: () => void = () => {};
    session.gate = new Promise((resolve) => (open = resolve));
    driver.wantOffers(false);
    driver.wantOffers(false);
    driver.wantOffers(true); // while Suppress is on its way: decided again when it returns
    driver.wantOffers(false);
    await settle();
    expect(session.callsOf('Suppress')).toHaveLength(1);
    open();
    session.gate = undefined;
    await settle();
    // The wish at the end is "no offers", as the master now has it: nothing more is sent.
    expect(session.callsOf('Suppress')).toHaveLength(1);
    expect(session.callsOf('Revive')).toHaveLength(0);
    driver.wantOffers(true);
    driver.wantOffers(true);
    await settle();
    expect(session.callsOf('Revive')).toEqual([[[]]]);
  });

  it('declines held offers when it wants none', async () => {
    await driver.start();
    driver.on('offers', (offers) => offers.forEach((o) => driver.hold(o.offerId)));
    session.emit('offers', [offerEvent('o-1')]);
    driver.wantOffers(false);
    await settle();
    expect(session.callsOf('Decline')).toEqual([[['o-1'], 7]]);
    expect(session.callsOf('Suppress')).toHaveLength(1);
  });

  it('reconciles the known tasks by name, then all tasks, after subscription and on its period', async () => {
    session.tasks.set('running', 'TASK_RUNNING');
    session.tasks.set('stray', 'TASK_RUNNING');
    driver.track('running');
    driver.track('lost');
    const updates: string[] = [];
    driver.on('update', (s) => updates.push(`${s.taskId?.value}:${s.state}`));
    const rounds: number[] = [];
    driver.on('reconciled', (statuses) => rounds.push(statuses.length));
    await driver.start();
    await settle();
    expect(session.callsOf('Reconcile')).toEqual([[['running', 'lost']], [[]]]);
    // explicit answers (2), then implicit ones (2)
    expect(updates).toEqual([
      'running:TASK_RUNNING',
      'lost:TASK_UNKNOWN',
      'running:TASK_RUNNING',
      'stray:TASK_RUNNING',
    ]);
    expect(rounds).toEqual([4]);
    // 'lost' is forgotten (unknown to the master); 'stray' is known now (seen in an update)
    expect(driver.knownTaskCount).toBe(2);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.callsOf('Reconcile').slice(2)).toEqual([[['running', 'stray']], [[]]]);
    expect(rounds).toEqual([4, 4]);
  });

  it('reconciles again after re-subscription, and keeps launched tasks known until they end', async () => {
    await driver.start();
    await settle();
    session.calls.length = 0;
    driver.on('offers', () => void driver.launch('o-1', [{ name: 'a', taskId: { value: 'a' } }]));
    session.emit('offers', [offerEvent('o-1')]);
    session.emit('update', status('a', 'TASK_RUNNING', 'uuid-1'));
    session.tasks.set('a', 'TASK_RUNNING');
    session.emit('resubscribed', 'fw-1');
    await settle();
    expect(session.callsOf('Reconcile')).toEqual([[['a']], [[]]]);
    session.emit('update', status('a', 'TASK_FINISHED', 'uuid-2'));
    expect(driver.knownTaskCount).toBe(0);
  });

  it('never acknowledges: the session does', async () => {
    await driver.start();
    session.emit('update', status('a', 'TASK_RUNNING', 'uuid-1'));
    await settle();
    expect(session.calls.map((c) => c.method)).not.toContain('Acknowledge');
  });

  it('stops its timers and listeners when the session closes', async () => {
    await driver.start();
    await settle();
    driver.close();
    const before = session.calls.length;
    session.emit('offers', [offerEvent('o-1')]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(session.calls.slice(before)).toEqual([]);
  });
});
