import { createMemoryBus } from '@tessera/bus';
import { createLogger } from '@tessera/runtime';
import { createMemoryStore } from '@tessera/store';
import { freePort, waitFor } from '@tessera/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { masterConfigSchema, startMaster, type RunningMaster } from '../src/index.js';

const logger = createLogger('test', { level: 'silent' });

async function health(master: RunningMaster): Promise<{ status: number; body: { leader?: boolean } }> {
  const response = await fetch(`http://127.0.0.1:${master.httpPort}/healthz`);
  return { status: response.status, body: (await response.json()) as { leader?: boolean } };
}

describe("the master's leadership", () => {
  const running: RunningMaster[] = [];
  afterEach(async () => {
    for (const master of running.splice(0)) {
      await master.stop();
    }
  });

  async function start(store: ReturnType<typeof createMemoryStore>, masterId: string, onDeposed: () => void) {
    const config = masterConfigSchema.parse({
      port: 0,
      httpPort: 0,
      // Nothing listens there: the allocator link keeps retrying, which does not matter here.
      allocator: `127.0.0.1:${await freePort()}`,
      masterId,
      leaderLeaseMs: 3_000,
      logLevel: 'silent',
    });
    const master = await startMaster(config, { store, bus: createMemoryBus(), logger, onDeposed });
    running.push(master);
    return master;
  }

  it('is deposed once when the store loses its data, and /healthz then reports leader: false', async () => {
    const store = createMemoryStore();
    let deposed = 0;
    const master = await start(store, 'm1', () => (deposed += 1));
    expect(await health(master)).toMatchObject({ status: 200, body: { leader: true } });

    store.loseAllData();
    await waitFor(() => deposed > 0, { what: 'the master to notice the empty store', timeoutMs: 10_000 });
    expect(await health(master)).toMatchObject({ status: 503, body: { leader: false } });
    // The lease was not re-created behind the store's back.
    expect(await store.leaseHolder('master')).toBeUndefined();
    expect(deposed).toBe(1);
  });

  it('releases the lease on stop, so a standby master takes over without waiting out the TTL', async () => {
    // The store's lease clock stands still: m1's lease never lapses, only its release frees it.
    const store = createMemoryStore({ now: () => 1_700_000_000_000 });
    const first = await start(store, 'm1', () => undefined);
    const second = start(store, 'm2', () => undefined);
    await waitFor(async () => (await store.leaseHolder('master'))?.holder === 'm1', { what: 'm1 to lead' });
    await first.stop();
    const standby = await second;
    expect(await store.leaseHolder('master')).toEqual({ holder: 'm2', epoch: 2 });
    expect(await health(standby)).toMatchObject({ status: 200, body: { leader: true } });
  });
});
