import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startRedis, waitFor, type RedisServer } from '@tessera/testkit';
import {
  createRedisStore,
  StoreCommandError,
  StoreUnavailableError,
  type StateStore,
  type StoreLogger,
} from '../src/index.js';
import { describeStateStoreContract } from './contract.js';

interface LogEntry {
  level: string;
  msg: string;
}

function recordingLogger(): StoreLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (_obj, msg) => entries.push({ level: 'info', msg }),
    warn: (_obj, msg) => entries.push({ level: 'warn', msg }),
    error: (_obj, msg) => entries.push({ level: 'error', msg }),
  };
}

describeStateStoreContract('redis', async () => {
  const server = await startRedis();
  const store = await createRedisStore({ url: server.url, logger: recordingLogger() });
  const admin = new Redis(server.url);
  return {
    store,
    loseAllData: async () => {
      await admin.flushall();
    },
    cleanup: async () => {
      admin.disconnect();
      await store.close();
      await server.kill();
    },
  };
});

describe('RedisStateStore', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function redis(options?: { persistent?: boolean }): Promise<RedisServer> {
    const server = await startRedis(options);
    cleanups.push(() => server.kill());
    return server;
  }

  async function storeOn(server: RedisServer, keyPrefix?: string): Promise<StateStore> {
    const store = await createRedisStore({
      url: server.url,
      logger: recordingLogger(),
      ...(keyPrefix === undefined ? {} : { keyPrefix }),
    });
    cleanups.push(() => store.close());
    return store;
  }

  async function rawClient(server: RedisServer): Promise<Redis> {
    const client = new Redis(server.url);
    cleanups.push(async () => {
      client.disconnect();
    });
    return client;
  }

  it('rejects with StoreUnavailableError when nothing listens, leaving no retries behind', async () => {
    const port = await freePort();
    await expect(createRedisStore({ url: `redis://127.0.0.1:${port}` })).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('lays out collections and leases under the key prefix', async () => {
    const server = await redis();
    const store = await storeOn(server, 'test:');
    const lease = await store.acquireLease('leader', 'm1', 60_000);
    await store.commit([{ op: 'put', collection: 'agents', id: 'a1', value: new Uint8Array([7]) }]);
    const client = await rawClient(server);
    expect(await client.hgetBuffer('test:c:agents', 'a1')).toEqual(Buffer.from([7]));
    expect(await client.hgetall('test:lease:leader')).toEqual({ holder: 'm1', epoch: String(lease?.epoch) });
    expect(await client.pttl('test:lease:leader')).toBeGreaterThan(50_000);
    expect(await client.get('test:lease-epoch:leader')).toBe('1');
    expect(await client.ttl('test:lease-epoch:leader')).toBe(-1);
    expect(await client.get('test:incarnation')).toBe(lease?.incarnation);
    expect(await client.ttl('test:incarnation')).toBe(-1);
  });

  it('keeps stores with different prefixes apart', async () => {
    const server = await redis();
    const a = await storeOn(server, 'a:');
    const b = await storeOn(server, 'b:');
    await a.commit([{ op: 'put', collection: 'c', id: 'x', value: new Uint8Array([1]) }]);
    await a.acquireLease('leader', 'm1', 60_000);
    expect(await b.get('c', 'x')).toBeUndefined();
    expect(await b.leaseHolder('leader')).toBeUndefined();
  });

  it('refuses a commit touching a key of the wrong type with StoreCommandError, writing nothing', async () => {
    const server = await redis();
    const store = await storeOn(server);
    const client = await rawClient(server);
    await client.set('tessera:c:broken', 'not a hash');
    const commit = store.commit([
      { op: 'put', collection: 'good', id: 'x', value: new Uint8Array([1]) },
      { op: 'put', collection: 'broken', id: 'x', value: new Uint8Array([1]) },
    ]);
    await expect(commit).rejects.toBeInstanceOf(StoreCommandError);
    await expect(commit).rejects.toThrow(/tessera:c:broken holds a string/);
    expect(await store.list('good')).toEqual([]);
    await expect(store.get('broken', 'x')).rejects.toBeInstanceOf(StoreCommandError);
  });

  it('fails fast while Redis is down and recovers on restart without a new client', async () => {
    const server = await redis();
    const logger = recordingLogger();
    const store = await createRedisStore({ url: server.url, logger });
    cleanups.push(() => store.close());
    const value = new Uint8Array([1]);
    await store.commit([{ op: 'put', collection: 'c', id: 'before', value }]);

    await server.kill();
    const started = performance.now();
    await expect(store.get('c', 'before')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.commit([{ op: 'put', collection: 'c', id: 'x', value }])).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(store.acquireLease('leader', 'm1', 60_000)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.list('c')).rejects.toMatchObject({ name: 'StoreUnavailableError', cause: expect.any(Error) });
    // Offline queue disabled: failures are immediate, far below the 5 s command timeout.
    expect(performance.now() - started).toBeLessThan(2_000);
    await waitFor(() => logger.entries.some((entry) => entry.msg.includes('connection lost')), {
      what: 'the connection loss to be logged',
    });

    await server.restart();
    // The restarted server is empty (not persistent) and has no cached scripts: EVALSHA must fall back to EVAL.
    await waitFor(async () => (await store.list('c')).length === 0, { what: 'the store to reconnect' });
    await store.commit([{ op: 'put', collection: 'c', id: 'after', value }]);
    expect(await store.get('c', 'after')).toEqual(value);
    expect((await store.acquireLease('leader', 'm1', 60_000))?.epoch).toBe(1);
    expect(logger.entries.map((entry) => entry.msg)).toContain('redis connection restored');
  });

  it('does not report an intentional close as a lost connection', async () => {
    const server = await redis();
    const logger = recordingLogger();
    const store = await createRedisStore({ url: server.url, logger });
    await store.get('c', 'x');
    await store.close();
    await server.stop();
    expect(logger.entries).toEqual([]);
  });

  it('keeps data and lease epochs across a restart of a persistent Redis', async () => {
    const server = await redis({ persistent: true });
    const store = await storeOn(server);
    await store.commit([{ op: 'put', collection: 'c', id: 'x', value: new Uint8Array([1]) }]);
    const lease = await store.acquireLease('leader', 'm1', 60_000);
    expect(lease?.epoch).toBe(1);
    if (lease !== undefined) {
      await store.releaseLease(lease);
    }

    await server.kill();
    await server.restart();

    await waitFor(async () => (await store.get('c', 'x')) !== undefined, { what: 'the store to reconnect' });
    expect((await store.acquireLease('leader', 'm2', 60_000))?.epoch).toBe(2);
  });

  it('answers store-reset to a renewal after a restart of a Redis without persistence', async () => {
    const server = await redis();
    const store = await storeOn(server);
    const lease = await store.acquireLease('leader', 'm1', 60_000);
    expect(lease?.epoch).toBe(1);

    await server.kill();
    await server.restart();

    const renewal = await waitFor(async () => (lease === undefined ? undefined : store.renewLease(lease, 60_000)), {
      what: 'the store to reconnect',
    });
    expect(renewal).toEqual({ status: 'store-reset' });
    // Not re-created: the emptied store has no lease until someone campaigns, and then starts again at epoch 1.
    expect(await store.leaseHolder('leader')).toBeUndefined();
    const again = await store.acquireLease('leader', 'm1', 60_000);
    expect(again?.epoch).toBe(1);
    expect(again?.incarnation).not.toBe(lease?.incarnation);
  });

  it('keeps renewing across a restart of a persistent Redis', async () => {
    const server = await redis({ persistent: true });
    const store = await storeOn(server);
    const lease = await store.acquireLease('leader', 'm1', 60_000);

    await server.kill();
    await server.restart();

    const renewal = await waitFor(async () => (lease === undefined ? undefined : store.renewLease(lease, 60_000)), {
      what: 'the store to reconnect',
    });
    expect(renewal).toMatchObject({ status: 'renewed', lease: { epoch: 1, incarnation: lease?.incarnation } });
  });

  it('measures lease TTLs on the Redis clock', async () => {
    const server = await redis();
    const store = await storeOn(server);
    const client = await rawClient(server);
    const [seconds, micros] = await client.time();
    const lease = await store.acquireLease('leader', 'm1', 10_000);
    // expiresAtMs = Redis TIME at acquisition + ttl, so within a second of (TIME just before + 10 000).
    const serverNowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    expect(lease?.expiresAtMs).toBeGreaterThanOrEqual(serverNowMs + 10_000);
    expect(lease?.expiresAtMs).toBeLessThan(serverNowMs + 11_000);
  });
});
