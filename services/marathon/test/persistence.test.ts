import {
  createMemoryStore,
  createRedisStore,
  FencedError,
  type Fence,
  type Lease,
  type StateStore,
} from '@tessera/store';
import { startRedis, type RedisServer } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appVersionKey, CorruptRecordError, MARATHON_COLLECTIONS, MarathonStore } from '../src/persistence.js';

const fenceOf = (lease: Lease): Fence => ({ lease: lease.name, holder: lease.holder, epoch: lease.epoch });

/** The same assertions against the in-memory store and a real redis-server. */
function describeMarathonStore(name: string, open: () => Promise<{ store: StateStore; close: () => Promise<void> }>) {
  describe(`MarathonStore on ${name}`, () => {
    let store: StateStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => close());

    it('commits records as JSON under the leader fence and loads them back by collection', async () => {
      const lease = await store.acquireLease(`marathon-${name}`, 'm1', 10_000);
      if (lease === undefined) throw new Error('lease not won');
      const marathon = new MarathonStore(store, () => fenceOf(lease));
      const app = { id: '/prod/web', cmd: 'python3 -m http.server $PORT0', instances: 3 };
      await marathon.commit([
        marathon.put('apps', app.id, app),
        marathon.put('appVersions', appVersionKey(app.id, '2026-12-02T10:00:00.000Z'), app),
        marathon.put('meta', 'frameworkId', 'fw-1'),
      ]);
      const loaded = await marathon.load();
      expect(loaded.apps).toEqual([{ id: '/prod/web', value: app }]);
      expect(loaded.appVersions).toEqual([{ id: '/prod/web\n2026-12-02T10:00:00.000Z', value: app }]);
      expect(await marathon.get('meta', 'frameworkId')).toBe('fw-1');
      expect(loaded.deployments).toEqual([]);
      await marathon.commit([marathon.delete('apps', app.id)]);
      expect(await marathon.get('apps', app.id)).toBeUndefined();
    });

    it('refuses the writes of a deposed leader and changes nothing', async () => {
      const lease = await store.acquireLease(`marathon-fence-${name}`, 'm1', 10_000);
      if (lease === undefined) throw new Error('lease not won');
      await store.releaseLease(lease);
      const successor = await store.acquireLease(`marathon-fence-${name}`, 'm2', 10_000);
      expect(successor?.epoch).toBe(lease.epoch + 1);
      const deposed = new MarathonStore(store, () => fenceOf(lease));
      await expect(deposed.commit([deposed.put('apps', '/stale', { id: '/stale' })])).rejects.toBeInstanceOf(
        FencedError,
      );
      expect(await deposed.get('apps', '/stale')).toBeUndefined();
    });

    it('names the record that is not JSON', async () => {
      await store.commit([
        { op: 'put', collection: MARATHON_COLLECTIONS.instances, id: 'i-1', value: new TextEncoder().encode('{') },
      ]);
      const marathon = new MarathonStore(store, () => undefined);
      await expect(marathon.load()).rejects.toThrow(CorruptRecordError);
      await expect(marathon.get('instances', 'i-1')).rejects.toThrow(/"i-1" of marathon.instances is not JSON/);
    });
  });
}

describeMarathonStore('memory', async () => {
  const store = createMemoryStore();
  return { store, close: () => store.close() };
});

describeMarathonStore('redis', async () => {
  const server: RedisServer = await startRedis();
  const store = await createRedisStore({ url: server.url });
  return {
    store,
    close: async () => {
      await store.close();
      await server.kill();
    },
  };
});
