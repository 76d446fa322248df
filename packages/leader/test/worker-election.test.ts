import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startRedis, waitFor, type RedisServer } from '@tessera/testkit';
import { createRedisStore, type Lease, type StateStore } from '@tessera/store';
// NOTE: the compiled package: the worker thread runs dist/election-worker.js (`pnpm run build` first).
import { campaignInWorker, ElectionWorkerError, type DeposedReason, type Leadership } from '../dist/index.js';
import { recordingLogger } from './recording-logger.js';

/** Keeps this thread busy, running no timer and handling no I/O, for `ms` — a synchronous start-up step. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('campaignInWorker on Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function redis(): Promise<{ server: RedisServer; store: StateStore }> {
    const server = await startRedis();
    cleanups.push(() => server.kill());
    const store = await createRedisStore({
      url: server.url,
      logger: { warn: () => undefined, error: () => undefined },
    });
    cleanups.push(() => store.close());
    return { server, store };
  }

  async function lead(url: string, ttlMs: number) {
    const deposed: DeposedReason[] = [];
    const renewed: Lease[] = [];
    const logger = recordingLogger();
    const leadership: Leadership = await campaignInWorker({
      redis: { url },
      leaseName: 'master',
      holder: 'm1',
      ttlMs,
      logger,
      onDeposed: (reason) => deposed.push(reason),
      onRenewed: (lease) => renewed.push(lease),
    });
    cleanups.push(() => leadership.release());
    return { leadership, deposed, renewed, logger };
  }

  it('keeps renewing while this thread is blocked for several TTLs', async () => {
    const { server, store } = await redis();
    const ttlMs = 600;
    const { leadership, deposed, renewed, logger } = await lead(server.url, ttlMs);
    expect(logger.messages('info')).toContain('won the lease');
    const won = leadership.lease;
    busyFor(4 * ttlMs);
    // Events queued while blocked arrive now; then one more renewal shows the worker still at it.
    const seen = renewed.length;
    await waitFor(() => renewed.length > seen, { what: 'a renewal after the block', timeoutMs: 10_000 });
    expect(deposed).toEqual([]);
    expect(leadership.isLeader()).toBe(true);
    expect(await store.leaseHolder('master')).toEqual({ holder: 'm1', epoch: won.epoch });
    expect(leadership.lease.expiresAtMs).toBeGreaterThanOrEqual(won.expiresAtMs + 4 * ttlMs - ttlMs);
  });

  it('reports deposition (store-reset) from the worker once; release afterwards is harmless', async () => {
    const { server, store } = await redis();
    const { leadership, deposed } = await lead(server.url, 10_000);
    await server.kill();
    await server.restart();
    await waitFor(() => deposed.length > 0, { what: 'the worker to notice the empty store', timeoutMs: 20_000 });
    expect(deposed).toEqual([{ kind: 'store-reset' }]);
    expect(leadership.isLeader()).toBe(false);
    await leadership.release();
    expect(await store.leaseHolder('master')).toBeUndefined();
  });

  it('releases the lease on release()', async () => {
    const { server, store } = await redis();
    const { leadership } = await lead(server.url, 60_000);
    expect(await store.leaseHolder('master')).toMatchObject({ holder: 'm1' });
    await leadership.release();
    await leadership.release();
    expect(await store.leaseHolder('master')).toBeUndefined();
    expect(leadership.isLeader()).toBe(false);
  });

  it('rejects with ElectionWorkerError when Redis cannot be reached', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(
      campaignInWorker({
        redis: { url },
        leaseName: 'master',
        holder: 'm1',
        ttlMs: 1_000,
        logger: recordingLogger(),
        onDeposed: () => undefined,
      }),
    ).rejects.toBeInstanceOf(ElectionWorkerError);
  });
});
