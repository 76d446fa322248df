import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, type StoreWrite } from '../src/index.js';
import { describeStateStoreContract } from './contract.js';

/** A clock that only moves when told to. */
function manualClock(startMs = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (ms) => (nowMs += ms) };
}

describeStateStoreContract('memory', async () => {
  const clock = manualClock();
  const store = createMemoryStore({ now: clock.now });
  return {
    store,
    advanceTimeMs: clock.advance,
    loseAllData: async () => store.loseAllData(),
    cleanup: () => store.close(),
  };
});

describe('MemoryStateStore lease clock', () => {
  it('holds the lease until exactly ttlMs have passed', async () => {
    const clock = manualClock(1_000);
    const store = createMemoryStore({ now: clock.now });
    const lease = await store.acquireLease('leader', 'm1', 100);
    // Acquired at 1000 with ttl 100: expires at 1100, held at 1099, free at 1100.
    expect(lease?.expiresAtMs).toBe(1_100);
    clock.advance(99);
    expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: 1 });
    clock.advance(1);
    expect(await store.leaseHolder('leader')).toBeUndefined();
  });

  it('restarts the TTL on renewal', async () => {
    const clock = manualClock(1_000);
    const store = createMemoryStore({ now: clock.now });
    await store.acquireLease('leader', 'm1', 100);
    clock.advance(60);
    // Renewed at 1060 with ttl 100: expires at 1160, so still held at 1150 (past the first expiry of 1100).
    expect((await store.acquireLease('leader', 'm1', 100))?.expiresAtMs).toBe(1_160);
    clock.advance(90);
    expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: 1 });
    expect(await store.acquireLease('leader', 'm2', 100)).toBeUndefined();
    clock.advance(10);
    expect((await store.acquireLease('leader', 'm2', 100))?.epoch).toBe(2);
  });
});

describe('MemoryStateStore property: commits behave like a Map per collection', () => {
  const collection = fc.constantFrom('agents', 'tasks');
  const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  const write: fc.Arbitrary<StoreWrite> = fc.oneof(
    fc.record({
      op: fc.constant('put' as const),
      collection,
      id,
      value: fc.uint8Array({ maxLength: 8 }),
    }),
    fc.record({ op: fc.constant('delete' as const), collection, id }),
  );

  it('matches the model after every commit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(write, { maxLength: 6 }), { maxLength: 25 }), async (commits) => {
        const store = createMemoryStore();
        const model = new Map<string, Map<string, Uint8Array>>([
          ['agents', new Map()],
          ['tasks', new Map()],
        ]);
        for (const writes of commits) {
          await store.commit(writes);
          for (const w of writes) {
            const entries = model.get(w.collection);
            if (w.op === 'put') {
              entries?.set(w.id, w.value);
            } else {
              entries?.delete(w.id);
            }
          }
          for (const [name, entries] of model) {
            const expected = [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, value]) => ({ id: k, value }));
            expect(await store.list(name)).toEqual(expected);
            for (const candidate of ['a', 'b', 'c', 'd', 'e']) {
              expect(await store.get(name, candidate)).toEqual(entries.get(candidate));
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
