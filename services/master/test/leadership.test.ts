import { createMemoryBus } from '@tessera/bus';
import { tesseraGrpc } from '@tessera/proto';
import { checkGrpcHealth, createGrpcClient, createLogger, isNotLeaderError, leaderNamedBy } from '@tessera/runtime';
import { createMemoryStore, FencedError, MemoryStateStore, type Fence, type StoreWrite } from '@tessera/store';
import { freePort, waitFor } from '@tessera/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { masterConfigSchema, startMaster, type RunningMaster } from '../src/index.js';

const logger = createLogger('test', { level: 'silent' });

interface Health {
  leader?: boolean;
  role?: string;
  leaderAddress?: string | null;
}

async function health(master: RunningMaster): Promise<{ status: number; body: Health }> {
  const response = await fetch(`http://127.0.0.1:${master.httpPort}/healthz`);
  return { status: response.status, body: (await response.json()) as Health };
}

/** A memory store whose fenced commits can be refused as if another master had won the lease meanwhile. */
class FencingStore extends MemoryStateStore {
  fenceCommits = false;
  override async commit(writes: readonly StoreWrite[], fence?: Fence): Promise<void> {
    if (this.fenceCommits && fence !== undefined) throw new FencedError(fence);
    return super.commit(writes, fence);
  }
}

describe("the master's leadership", () => {
  const running: RunningMaster[] = [];
  afterEach(async () => {
    for (const master of running.splice(0)) {
      await master.stop();
    }
  });

  async function start(store: MemoryStateStore, masterId: string, onDeposed: () => void) {
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
    await master.elected;
    expect(await health(master)).toMatchObject({ status: 200, body: { leader: true, role: 'leader' } });

    store.loseAllData();
    await waitFor(() => deposed > 0, { what: 'the master to notice the empty store', timeoutMs: 10_000 });
    expect(await health(master)).toMatchObject({ status: 503, body: { leader: false, role: 'deposed' } });
    // The lease was not re-created behind the store's back.
    expect(await store.leaseHolder('master')).toBeUndefined();
    expect(deposed).toBe(1);
  });

  it('stops leading at once when a registry write is fenced, before the renewal notices: nothing is served from memory', async () => {
    // The lease clock stands still: renewal keeps succeeding, only the write is refused.
    const store = new FencingStore({ now: () => 1_700_000_000_000 });
    let deposed = 0;
    const master = await start(store, 'm1', () => (deposed += 1));
    await master.elected;
    const operator = createGrpcClient(tesseraGrpc().tessera.v1.Operator, master.address);
    const updateWeight = (weight: number) =>
      new Promise<unknown>((resolve) =>
        operator.UpdateWeights({ weights: [{ role: 'web', weight }] }, (error: unknown) => resolve(error)),
      );
    const getWeights = () =>
      new Promise<{ error: unknown; weights: { role: string; weight: number }[] | undefined }>((resolve) =>
        operator.GetWeights({}, (error: unknown, response?: { weights: { role: string; weight: number }[] }) =>
          resolve({ error, weights: response?.weights }),
        ),
      );
    try {
      expect(await updateWeight(2)).toBeNull();
      store.fenceCommits = true;
      // The write is refused; the master applied it in memory first, so it must not answer from there any more.
      expect(await updateWeight(5)).not.toBeNull();
      expect(deposed).toBe(1);
      expect(master.master()).toBeUndefined();
      expect(await health(master)).toMatchObject({ status: 503, body: { leader: false, role: 'deposed' } });
      const read = await getWeights();
      expect(isNotLeaderError(read.error), `GetWeights answered ${JSON.stringify(read.weights)}`).toBe(true);
    } finally {
      operator.close();
    }
  });

  it('releases the lease on stop, so a standby master takes over without waiting out the TTL', async () => {
    // The store's lease clock stands still: m1's lease never lapses, only its release frees it.
    const store = createMemoryStore({ now: () => 1_700_000_000_000 });
    const first = await start(store, 'm1', () => undefined);
    await first.elected;
    const standby = await start(store, 'm2', () => undefined);
    await waitFor(async () => (await store.leaseHolder('master'))?.holder === 'm1', { what: 'm1 to lead' });
    await first.stop();
    await standby.elected;
    expect(await store.leaseHolder('master')).toEqual({ holder: 'm2', epoch: 2 });
    expect(await health(standby)).toMatchObject({ status: 200, body: { leader: true } });
  });

  it('serves as a follower until elected: health and reflection answer, every other call names the leader', async () => {
    const store = createMemoryStore({ now: () => 1_700_000_000_000 });
    const leader = await start(store, 'm1', () => undefined);
    await leader.elected;
    const follower = await start(store, 'm2', () => undefined);
    await waitFor(async () => (await health(follower)).body.leaderAddress === leader.address, {
      what: 'the follower to learn who leads',
    });
    expect(await health(follower)).toMatchObject({ status: 200, body: { role: 'follower', leader: false } });
    expect(follower.master()).toBeUndefined();

    const v1 = tesseraGrpc().tessera.v1;
    const operator = createGrpcClient(v1.Operator, follower.address);
    const scheduler = createGrpcClient(v1.Scheduler, follower.address);
    try {
      // A unary call: UNAVAILABLE, NotLeaderError, and the leader's gRPC address in the trailer.
      const unaryError = await new Promise<unknown>((resolve) =>
        operator.GetState({}, (error: unknown) => resolve(error)),
      );
      expect(isNotLeaderError(unaryError)).toBe(true);
      expect(leaderNamedBy(unaryError)).toBe(leader.address);
      // A server stream (Subscribe): the same answer as its status.
      const streamError = await new Promise<unknown>((resolve) => {
        const stream = scheduler.Subscribe({ frameworkInfo: { name: 'f', user: 'u', roles: ['r'] } });
        stream.on('data', () => resolve(new Error('an event from a follower')));
        stream.on('error', resolve);
      });
      expect(leaderNamedBy(streamError)).toBe(leader.address);
      // Health: the process serves, the master's services do not (yet).
      const check = (service: string) => checkGrpcHealth(follower.address, service);
      expect(await check('')).toBe('SERVING');
      expect(await check('tessera.v1.Operator')).toBe('NOT_SERVING');

      // The leader goes: the follower takes over and serves with the registry loaded.
      await leader.stop();
      const master = await follower.elected;
      expect(follower.master()).toBe(master);
      expect(await health(follower)).toMatchObject({
        status: 200,
        body: { role: 'leader', leader: true, leaderAddress: follower.address },
      });
      expect(await check('tessera.v1.Operator')).toBe('SERVING');
      const state = await new Promise<unknown>((resolve, reject) =>
        operator.GetState({}, (error: unknown, response: unknown) => (error ? reject(error) : resolve(response))),
      );
      expect(state).toBeDefined();
    } finally {
      operator.close();
      scheduler.close();
    }
  });
});
