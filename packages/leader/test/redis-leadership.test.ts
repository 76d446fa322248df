import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, waitFor, type RedisServer } from '@tessera/testkit';
import { createRedisStore, type StateStore, type StoreLogger } from '@tessera/store';
import { campaign, type DeposedReason, type Leadership } from '../src/index.js';
import { recordingLogger } from './recording-logger.js';

const quietStoreLogger: StoreLogger = { warn: () => undefined, error: () => undefined };

/** Leader election against a real redis-server, on the real clock. */
describe('leadership on Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function redis(): Promise<RedisServer> {
    const server = await startRedis();
    cleanups.push(() => server.kill());
    return server;
  }

  async function storeOn(server: RedisServer): Promise<StateStore> {
    const store = await createRedisStore({ url: server.url, logger: quietStoreLogger, commandTimeoutMs: 1_000 });
    cleanups.push(() => store.close());
    return store;
  }

  async function lead(
    store: StateStore,
    holder: string,
    ttlMs: number,
  ): Promise<{ leadership: Leadership; deposed: DeposedReason[] }> {
    const deposed: DeposedReason[] = [];
    const leadership = await campaign({
      store,
      leaseName: 'master',
      holder,
      ttlMs,
      logger: recordingLogger(),
      onDeposed: (reason) => deposed.push(reason),
    });
    cleanups.push(() => leadership.release());
    return { leadership, deposed };
  }

  it('keeps the lease through a start-up several TTLs long', async () => {
    const server = await redis();
    const store = await storeOn(server);
    const ttlMs = 600;
    const { leadership, deposed } = await lead(store, 'm1', ttlMs);
    const won = leadership.lease;
    // The "start-up" is over once renewals have pushed the expiry three TTLs past the first one, which takes at least
    // three TTLs of real time: without renewal from the win, the lease would have lapsed twice over.
    await waitFor(() => leadership.lease.expiresAtMs >= won.expiresAtMs + 3 * ttlMs, {
      what: 'renewals to carry the lease three TTLs on',
      timeoutMs: 20_000,
    });
    expect(deposed).toEqual([]);
    expect(leadership.isLeader()).toBe(true);
    expect(await store.leaseHolder('master')).toEqual({ holder: 'm1', epoch: won.epoch });
    expect(await store.acquireLease('master', 'm2', ttlMs)).toBeUndefined();
  });

  it('is deposed (taken) when another holder gets the lease', async () => {
    const server = await redis();
    const store = await storeOn(server);
    const rival = await storeOn(server);
    const { leadership, deposed } = await lead(store, 'm1', 1_500);
    await rival.releaseLease(leadership.lease);
    const taken = await rival.acquireLease('master', 'm2', 60_000);
    await waitFor(() => deposed.length > 0, { what: 'the leader to notice', timeoutMs: 10_000 });
    expect(deposed).toEqual([{ kind: 'taken', holder: 'm2', epoch: taken?.epoch }]);
    expect(await store.leaseHolder('master')).toEqual({ holder: 'm2', epoch: 2 });
  });

  it('is deposed (store-reset) when Redis restarts empty, and does not re-create the lease', async () => {
    const server = await redis();
    const store = await storeOn(server);
    // A TTL long enough that the restart is over well before it passes: the verdict must come from the store.
    const { leadership, deposed } = await lead(store, 'm1', 10_000);
    expect(leadership.lease.epoch).toBe(1);
    await server.kill();
    await server.restart();
    await waitFor(() => deposed.length > 0, { what: 'the leader to notice the empty store', timeoutMs: 20_000 });
    expect(deposed).toEqual([{ kind: 'store-reset' }]);
    expect(leadership.isLeader()).toBe(false);
    expect(await store.leaseHolder('master')).toBeUndefined();
  });

  it('is deposed (unrenewed) when Redis stays unreachable past the TTL', async () => {
    const server = await redis();
    const store = await storeOn(server);
    const ttlMs = 1_500;
    const { leadership, deposed } = await lead(store, 'm1', ttlMs);
    await server.kill();
    await waitFor(() => deposed.length > 0, { what: 'the TTL to pass unrenewed', timeoutMs: 20_000 });
    expect(deposed).toEqual([{ kind: 'unrenewed', sinceRenewalMs: expect.any(Number) }]);
    const [reason] = deposed;
    expect(reason?.kind === 'unrenewed' && reason.sinceRenewalMs).toBeGreaterThanOrEqual(ttlMs);
    expect(leadership.isLeader()).toBe(false);
  });

  it('hands the lease to a waiting contender at the next epoch as soon as the leader releases it', async () => {
    const server = await redis();
    const store = await storeOn(server);
    const standbyStore = await storeOn(server);
    const ttlMs = 3_000;
    const { leadership } = await lead(store, 'm1', ttlMs);
    let standby: Leadership | undefined;
    const campaigning = lead(standbyStore, 'm2', ttlMs).then((won) => (standby = won.leadership));
    await waitFor(async () => (await standbyStore.leaseHolder('master'))?.holder === 'm1', { what: 'm1 to lead' });
    expect(standby).toBeUndefined();
    const releasedAt = performance.now();
    await leadership.release();
    // The standby looks again within a third of the TTL, not after the TTL.
    await campaigning;
    expect(standby?.lease).toMatchObject({ holder: 'm2', epoch: 2 });
    expect(performance.now() - releasedAt).toBeLessThan(ttlMs);
  });
});
