import { describe, expect, it } from 'vitest';
import { createMemoryStore, FencedError, InvalidStoreArgumentError, type MemoryStateStore } from '@tessera/store';
import {
  campaign,
  CampaignAbortedError,
  type CampaignOptions,
  type DeposedReason,
  type Leadership,
} from '../src/index.js';
import { FakeClock, settle } from './fake-clock.js';
import { recordingLogger } from './recording-logger.js';
import { ScriptedStore } from './scripted-store.js';

/** Renew every 300 ms, retry every 90 ms, deposed 900 ms after the last successful renewal was sent. */
const ttlMs = 900;
const lease = 'master';
const put = (id: string) => ({ op: 'put' as const, collection: 'c', id, value: new Uint8Array([1]) });

/** A memory store on a fake clock (the store's lease clock and the leader's are the same), wrapped to script failures. */
function setup() {
  const clock = new FakeClock();
  const memory: MemoryStateStore = createMemoryStore({ now: () => 1_700_000_000_000 + clock.nowMs() });
  const store = new ScriptedStore(memory);
  const logger = recordingLogger();
  const deposed: DeposedReason[] = [];
  const start = (holder = 'm1', extra: Partial<CampaignOptions> = {}): Promise<Leadership> =>
    campaign({
      store,
      leaseName: lease,
      holder,
      ttlMs,
      clock,
      logger,
      onDeposed: (reason) => deposed.push(reason),
      ...extra,
    });
  return { clock, memory, store, logger, deposed, start };
}

describe('campaign', () => {
  it('wins a free lease at once, at epoch 1, and fences writes with it', async () => {
    const { memory, start } = setup();
    const leadership = await start();
    expect(leadership.lease).toMatchObject({ name: lease, holder: 'm1', epoch: 1 });
    expect(leadership.fence()).toEqual({ lease, holder: 'm1', epoch: 1 });
    expect(leadership.isLeader()).toBe(true);
    await memory.commit([put('x')], leadership.fence());
    await leadership.release();
  });

  it('waits while another holds the lease, retrying every third of the TTL and naming the holder once', async () => {
    const { clock, memory, store, logger, start } = setup();
    await memory.acquireLease(lease, 'm0', ttlMs);
    let won: Leadership | undefined;
    const campaigning = start().then((leadership) => (won = leadership));
    await clock.advance(600);
    // Attempts at 0, 300 and 600 ms.
    expect(store.acquisitions).toBe(3);
    expect(won).toBeUndefined();
    await clock.advance(300);
    // m0's lease, taken at 0 for 900 ms, lapsed at 900: the attempt at 900 wins with the next epoch.
    await campaigning;
    expect(won?.lease).toMatchObject({ holder: 'm1', epoch: 2 });
    expect(logger.entries.filter((entry) => entry.msg === 'another holder leads; waiting for the lease')).toEqual([
      expect.objectContaining({ obj: expect.objectContaining({ holder: 'm0', epoch: 1, retryMs: 300 }) }),
    ]);
    await won?.release();
  });

  it('tries every campaignIntervalMs when given, so a standby takes over soon after the lease lapses', async () => {
    const { clock, memory, store, start } = setup();
    await memory.acquireLease(lease, 'm0', ttlMs);
    await clock.advance(50);
    let won: Leadership | undefined;
    const campaigning = start('m1', { campaignIntervalMs: 100 }).then((leadership) => (won = leadership));
    // Attempts at 50, 150, ..., 850 ms: nine, all refused (m0's lease runs to 900).
    await clock.advance(800);
    expect(store.acquisitions).toBe(9);
    expect(won).toBeUndefined();
    // The tenth attempt, at 950 ms, 50 ms after the lapse, wins (at the default pace there would have been four).
    await clock.advance(100);
    await campaigning;
    expect(store.acquisitions).toBe(10);
    expect(won?.lease).toMatchObject({ holder: 'm1', epoch: 2 });
    await won?.release();
  });

  it('acquires again at once when a win comes back late, so the tenure does not start already lapsing', async () => {
    const { clock, store, deposed, logger, start } = setup();
    // The first attempt hangs (a stalled store); it is answered 1,000 ms later — past the whole 900 ms TTL counted
    // from its sending: taken as it is, the tenure would be deposed (unrenewed) at once.
    store.mode = 'hang';
    let won: Leadership | undefined;
    const campaigning = start().then((leadership) => (won = leadership));
    await clock.advance(1000);
    store.mode = 'pass';
    store.resumeHung();
    await campaigning;
    // Two acquisitions: the late one, then one sent at 1,000 ms; the tenure counts from there.
    expect(store.acquisitions).toBe(2);
    expect(won?.lease).toMatchObject({ holder: 'm1', epoch: 1 });
    expect(logger.entries.some((entry) => entry.msg.startsWith('won the lease, but the answer came late'))).toBe(true);
    await clock.advance(899);
    expect(deposed).toEqual([]);
    expect(won?.isLeader()).toBe(true);
    await won?.release();
  });

  it('keeps campaigning through an unreachable store, saying so once', async () => {
    const { clock, store, logger, start } = setup();
    store.mode = 'unavailable';
    let won: Leadership | undefined;
    const campaigning = start().then((leadership) => (won = leadership));
    await clock.advance(900);
    expect(store.acquisitions).toBe(4);
    expect(logger.messages('warn')).toEqual(['store unreachable; retrying']);
    store.mode = 'pass';
    await clock.advance(300);
    await campaigning;
    expect(won?.lease.epoch).toBe(1);
    await won?.release();
  });

  it('stops when aborted, holding no lease and leaving no timer', async () => {
    const { clock, memory, start } = setup();
    await memory.acquireLease(lease, 'm0', 60_000);
    const abort = new AbortController();
    const campaigning = start('m1', { signal: abort.signal });
    await clock.advance(300);
    abort.abort(new Error('shutting down'));
    await expect(campaigning).rejects.toBeInstanceOf(CampaignAbortedError);
    await expect(campaigning).rejects.toMatchObject({ leaseName: lease, cause: new Error('shutting down') });
    expect(clock.pendingTimers).toBe(0);
    expect(await memory.leaseHolder(lease)).toEqual({ holder: 'm0', epoch: 1 });
  });

  it('rejects store errors that retrying cannot fix', async () => {
    const { start } = setup();
    await expect(start('')).rejects.toBeInstanceOf(InvalidStoreArgumentError);
  });
});

describe('renewal', () => {
  it('renews from the moment the lease is won, every third of the TTL, through a slow start-up', async () => {
    const { clock, memory, store, deposed, start } = setup();
    const leadership = await start();
    // A start-up that takes ten TTLs: the caller does nothing meanwhile; renewal runs on its own.
    await clock.advance(10 * ttlMs);
    // Renewals at 300, 600, ..., 9000 ms.
    expect(store.renewals).toBe(30);
    expect(deposed).toEqual([]);
    expect(leadership.isLeader()).toBe(true);
    expect(await memory.leaseHolder(lease)).toEqual({ holder: 'm1', epoch: 1 });
    expect(await memory.acquireLease(lease, 'm2', ttlMs)).toBeUndefined();
    await memory.commit([put('x')], leadership.fence());
    await leadership.release();
  });

  it('is deposed (taken) once another holder has the lease, exactly once, and its fence is refused', async () => {
    const { clock, memory, deposed, start } = setup();
    const leadership = await start();
    await memory.releaseLease(leadership.lease);
    await memory.acquireLease(lease, 'm2', 60_000);
    await clock.advance(300);
    expect(deposed).toEqual([{ kind: 'taken', holder: 'm2', epoch: 2 }]);
    expect(leadership.deposedReason).toEqual(deposed[0]);
    expect(leadership.isLeader()).toBe(false);
    await expect(memory.commit([put('x')], leadership.fence())).rejects.toBeInstanceOf(FencedError);
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(10 * ttlMs);
    expect(deposed).toHaveLength(1);
  });

  it('is deposed (lapsed) when the lease was released behind its back, and does not re-create it', async () => {
    const { clock, memory, deposed, start } = setup();
    const leadership = await start();
    await memory.releaseLease(leadership.lease);
    await clock.advance(300);
    expect(deposed).toEqual([{ kind: 'lapsed' }]);
    expect(await memory.leaseHolder(lease)).toBeUndefined();
  });

  it('is deposed (store-reset) when the store lost its data, even once another won the emptied store at the same epoch', async () => {
    const { clock, memory, logger, deposed, start } = setup();
    const leadership = await start();
    expect(leadership.lease.epoch).toBe(1);
    memory.loseAllData();
    // The epoch counter started again: the newcomer gets epoch 1, the epoch the old leader holds.
    expect((await memory.acquireLease(lease, 'm2', 60_000))?.epoch).toBe(1);
    await clock.advance(300);
    expect(deposed).toEqual([{ kind: 'store-reset' }]);
    expect(logger.messages('error')).toContain(
      'the store lost its data since the lease was won (restarted without persistence?); no longer leading',
    );
    expect(await memory.leaseHolder(lease)).toEqual({ holder: 'm2', epoch: 1 });
  });

  it('retries an unreachable store every tenth of the TTL and keeps leading when it answers in time', async () => {
    const { clock, memory, store, deposed, logger, start } = setup();
    const leadership = await start();
    store.mode = 'unavailable';
    // Renewal at 300 fails; retries at 390, 480, 570 fail too.
    await clock.advance(600);
    expect(store.renewals).toBe(4);
    expect(logger.messages('warn')).toEqual(Array(4).fill('could not renew the lease; retrying'));
    store.mode = 'pass';
    // The retry at 660 succeeds: held until 660 + 900 = 1560; then every 300 ms again.
    await clock.advance(60);
    expect(store.renewals).toBe(5);
    await clock.advance(10 * ttlMs);
    expect(deposed).toEqual([]);
    expect(leadership.isLeader()).toBe(true);
    expect(await memory.leaseHolder(lease)).toEqual({ holder: 'm1', epoch: 1 });
    await leadership.release();
  });

  it('is deposed (unrenewed) exactly when the TTL passes without a successful renewal', async () => {
    const { clock, store, deposed, start } = setup();
    const leadership = await start();
    store.mode = 'unavailable';
    await clock.advance(ttlMs - 1);
    expect(deposed).toEqual([]);
    expect(leadership.isLeader()).toBe(true);
    await clock.advance(1);
    // Won by an acquisition sent at 0: known held until 900, no renewal since.
    expect(deposed).toEqual([{ kind: 'unrenewed', sinceRenewalMs: 900 }]);
    expect(leadership.isLeader()).toBe(false);
    const attempts = store.renewals;
    store.mode = 'pass';
    await clock.advance(10 * ttlMs);
    expect(store.renewals).toBe(attempts);
    expect(deposed).toHaveLength(1);
  });

  it('is deposed (unrenewed) when a renewal hangs past the TTL, and a late answer changes nothing', async () => {
    const { clock, memory, store, deposed, start } = setup();
    const leadership = await start();
    // The renewal at 300 ms succeeds (held until 1200); the one at 600 ms hangs.
    await clock.advance(300);
    store.mode = 'hang';
    await clock.advance(899);
    expect(deposed).toEqual([]);
    await clock.advance(1);
    expect(deposed).toEqual([{ kind: 'unrenewed', sinceRenewalMs: 900 }]);
    // Meanwhile another holder took over; the hung renewal now answers "lost": still deposed once only.
    await memory.releaseLease(leadership.lease);
    await memory.acquireLease(lease, 'm2', 60_000);
    store.mode = 'pass';
    store.resumeHung();
    await settle();
    expect(deposed).toHaveLength(1);
    expect(leadership.deposedReason).toEqual({ kind: 'unrenewed', sinceRenewalMs: 900 });
  });

  it('logs an onDeposed callback that throws, and stays deposed', async () => {
    const { clock, memory, logger, start } = setup();
    const leadership = await start('m1', {
      onDeposed: () => {
        throw new Error('callback failed');
      },
    });
    await memory.releaseLease(leadership.lease);
    await clock.advance(300);
    expect(logger.messages('error')).toContain('the onDeposed callback threw');
    expect(leadership.deposedReason).toEqual({ kind: 'lapsed' });
  });
});

describe('release', () => {
  it('stops renewing and frees the lease; idempotent; never deposes afterwards', async () => {
    const { clock, memory, store, deposed, start } = setup();
    const leadership = await start();
    await clock.advance(300);
    await Promise.all([leadership.release(), leadership.release()]);
    await leadership.release();
    expect(await memory.leaseHolder(lease)).toBeUndefined();
    expect(leadership.isLeader()).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    const attempts = store.renewals;
    await clock.advance(10 * ttlMs);
    expect(store.renewals).toBe(attempts);
    expect(deposed).toEqual([]);
    expect(leadership.deposedReason).toBeUndefined();
  });

  it("after deposition leaves the successor's lease alone", async () => {
    const { clock, memory, start } = setup();
    const leadership = await start();
    await memory.releaseLease(leadership.lease);
    await memory.acquireLease(lease, 'm2', 60_000);
    await clock.advance(300);
    await leadership.release();
    expect(await memory.leaseHolder(lease)).toEqual({ holder: 'm2', epoch: 2 });
  });

  it('logs a release the store could not take instead of rejecting', async () => {
    const { store, logger, memory, start } = setup();
    const leadership = await start();
    store.mode = 'unavailable';
    await leadership.release();
    expect(logger.messages('warn')).toEqual(['could not release the lease; it lapses after its TTL']);
    expect(await memory.leaseHolder(lease)).toEqual({ holder: 'm1', epoch: 1 });
  });
});
