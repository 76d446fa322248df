import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@tessera/testkit';
import {
  FencedError,
  InvalidStoreArgumentError,
  StoreUnavailableError,
  type Fence,
  type Lease,
  type LeaseRenewal,
  type StateStore,
  type StoreWrite,
} from '../src/index.js';

export interface StateStoreUnderTest {
  store: StateStore;
  /**
   * Moves the store's lease clock forward. Absent for stores on a real clock (Redis): the suite then uses short real
   * TTLs and waits for the lease to lapse.
   */
  advanceTimeMs?: (ms: number) => void | Promise<void>;
  /** Makes the store lose every key it holds, as a Redis restarted without persistence (or FLUSHALL) does. */
  loseAllData(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A TTL short enough to wait out against a real clock, long enough to be held across a few commands. */
const shortTtlMs = 300;
/** A TTL that never lapses during a test. */
const longTtlMs = 60_000;

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const put = (collection: string, id: string, value: Uint8Array): StoreWrite => ({ op: 'put', collection, id, value });
const del = (collection: string, id: string): StoreWrite => ({ op: 'delete', collection, id });
const fenceOf = (lease: Lease): Fence => ({ lease: lease.name, holder: lease.holder, epoch: lease.epoch });

/**
 * The behaviour every StateStore must have. `factory` is called once per test and must return an empty store.
 */
export function describeStateStoreContract(name: string, factory: () => Promise<StateStoreUnderTest>): void {
  describe(`StateStore contract: ${name}`, () => {
    let subject: StateStoreUnderTest;
    let store: StateStore;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    /** Lets `lease` lapse: advances the fake clock past its TTL, or waits until the real one has. */
    async function expire(lease: Lease, ttlMs: number): Promise<void> {
      if (subject.advanceTimeMs !== undefined) {
        await subject.advanceTimeMs(ttlMs);
      }
      await waitFor(async () => (await store.leaseHolder(lease.name)) === undefined, {
        what: `lease ${lease.name} to expire`,
        timeoutMs: ttlMs + 5_000,
      });
    }

    async function acquire(name: string, holder: string, ttlMs = longTtlMs): Promise<Lease> {
      const lease = await store.acquireLease(name, holder, ttlMs);
      if (lease === undefined) {
        throw new Error(`expected ${holder} to acquire ${name}`);
      }
      return lease;
    }

    function renew(lease: Lease, ttlMs = longTtlMs): Promise<LeaseRenewal> {
      return store.renewLease(lease, ttlMs);
    }

    describe('values', () => {
      it('reads nothing from an empty store', async () => {
        expect(await store.get('agents', 'a1')).toBeUndefined();
        expect(await store.list('agents')).toEqual([]);
      });

      it('puts, overwrites and deletes', async () => {
        await store.commit([put('agents', 'a1', bytes(1, 2, 3))]);
        expect(await store.get('agents', 'a1')).toEqual(bytes(1, 2, 3));
        await store.commit([put('agents', 'a1', bytes(4))]);
        expect(await store.get('agents', 'a1')).toEqual(bytes(4));
        await store.commit([del('agents', 'a1')]);
        expect(await store.get('agents', 'a1')).toBeUndefined();
        expect(await store.list('agents')).toEqual([]);
      });

      it('stores empty values and arbitrary bytes', async () => {
        const everyByte = new Uint8Array(256).map((_, index) => index);
        await store.commit([put('blobs', 'empty', bytes()), put('blobs', 'all', everyByte)]);
        expect(await store.get('blobs', 'empty')).toEqual(bytes());
        expect(await store.get('blobs', 'all')).toEqual(everyByte);
      });

      it('returns plain Uint8Arrays', async () => {
        await store.commit([put('agents', 'a1', bytes(1))]);
        expect((await store.get('agents', 'a1'))?.constructor).toBe(Uint8Array);
        expect((await store.list('agents'))[0]?.value.constructor).toBe(Uint8Array);
      });

      it('treats deleting an absent id as a no-op', async () => {
        await store.commit([del('agents', 'missing')]);
        expect(await store.list('agents')).toEqual([]);
      });

      it('lists a collection sorted by id (string order)', async () => {
        const ids = ['b', 'a', '10', 'B', 'a1', '9', 'é', '__proto__', 'constructor'];
        await store.commit(ids.map((id, index) => put('tasks', id, bytes(index))));
        // String order: digits < upper case < underscore < lower case < non-ASCII.
        const expected = ['10', '9', 'B', '__proto__', 'a', 'a1', 'b', 'constructor', 'é'];
        const listed = await store.list('tasks');
        expect(listed.map((entry) => entry.id)).toEqual(expected);
        expect(listed.find((entry) => entry.id === '__proto__')?.value).toEqual(bytes(ids.indexOf('__proto__')));
      });

      it('keeps collections apart', async () => {
        await store.commit([put('agents', 'x', bytes(1)), put('tasks', 'x', bytes(2))]);
        expect(await store.get('agents', 'x')).toEqual(bytes(1));
        expect(await store.get('tasks', 'x')).toEqual(bytes(2));
        await store.commit([del('agents', 'x')]);
        expect(await store.list('agents')).toEqual([]);
        expect(await store.list('tasks')).toEqual([{ id: 'x', value: bytes(2) }]);
      });

      it('applies the writes of one commit in order', async () => {
        await store.commit([
          put('c', 'deleted-last', bytes(1)),
          del('c', 'deleted-last'),
          del('c', 'put-last'),
          put('c', 'put-last', bytes(2)),
          put('c', 'overwritten', bytes(3)),
          put('c', 'overwritten', bytes(4)),
        ]);
        expect(await store.list('c')).toEqual([
          { id: 'overwritten', value: bytes(4) },
          { id: 'put-last', value: bytes(2) },
        ]);
      });

      it('treats an empty commit as a no-op', async () => {
        await store.commit([]);
        expect(await store.list('c')).toEqual([]);
      });
    });

    describe('copies', () => {
      it('copies values on the way in', async () => {
        const value = bytes(1, 2, 3);
        await store.commit([put('c', 'x', value)]);
        value[0] = 99;
        expect(await store.get('c', 'x')).toEqual(bytes(1, 2, 3));
      });

      it('copies values on the way out', async () => {
        await store.commit([put('c', 'x', bytes(1, 2, 3))]);
        const read = await store.get('c', 'x');
        read?.fill(0);
        const [listed] = await store.list('c');
        listed?.value.fill(0);
        expect(await store.get('c', 'x')).toEqual(bytes(1, 2, 3));
        expect(await store.list('c')).toEqual([{ id: 'x', value: bytes(1, 2, 3) }]);
      });

      it('stores exactly the viewed bytes of a subarray', async () => {
        const backing = bytes(0, 1, 2, 3, 4);
        await store.commit([put('c', 'x', backing.subarray(1, 3))]);
        expect(await store.get('c', 'x')).toEqual(bytes(1, 2));
      });
    });

    describe('leases', () => {
      it('starts free, then the first acquisition gets epoch 1', async () => {
        expect(await store.leaseHolder('leader')).toBeUndefined();
        const lease = await acquire('leader', 'm1');
        expect(lease).toMatchObject({ name: 'leader', holder: 'm1', epoch: 1 });
        expect(lease.expiresAtMs).toBeGreaterThan(0);
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: 1 });
      });

      it('refuses a second holder while the lease is held', async () => {
        await acquire('leader', 'm1');
        expect(await store.acquireLease('leader', 'm2', longTtlMs)).toBeUndefined();
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: 1 });
      });

      it('renews for the same holder, keeping the epoch and pushing the expiry out', async () => {
        const first = await acquire('leader', 'm1', shortTtlMs);
        const renewed = await acquire('leader', 'm1', longTtlMs);
        expect(renewed.epoch).toBe(first.epoch);
        // Renewal restarts the TTL from now: at least (long - short) ms later than the first expiry.
        expect(renewed.expiresAtMs - first.expiresAtMs).toBeGreaterThanOrEqual(longTtlMs - shortTtlMs);
        if (subject.advanceTimeMs !== undefined) {
          await subject.advanceTimeMs(shortTtlMs * 2);
        }
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: first.epoch });
      });

      it('lets the lease lapse after its TTL, then hands it to another holder with the next epoch', async () => {
        const first = await acquire('leader', 'm1', shortTtlMs);
        await expire(first, shortTtlMs);
        const second = await acquire('leader', 'm2');
        expect(second.epoch).toBe(first.epoch + 1);
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm2', epoch: second.epoch });
      });

      it('increases the epoch on every change of hands and never decreases it', async () => {
        const epochs: number[] = [];
        const a = await acquire('leader', 'm1');
        epochs.push(a.epoch);
        await store.releaseLease(a);
        const b = await acquire('leader', 'm2', shortTtlMs);
        epochs.push(b.epoch);
        await expire(b, shortTtlMs);
        // The same holder acquiring again after expiry is a new tenure too.
        const c = await acquire('leader', 'm2');
        epochs.push(c.epoch);
        await store.releaseLease(c);
        const d = await acquire('leader', 'm2');
        epochs.push(d.epoch);
        const renewed = await acquire('leader', 'm2');
        epochs.push(renewed.epoch);
        expect(epochs).toEqual([1, 2, 3, 4, 4]);
      });

      it('releases only for the holder at the same epoch', async () => {
        const stale = await acquire('leader', 'm1');
        await store.releaseLease(stale);
        const current = await acquire('leader', 'm1');
        await store.releaseLease(stale); // same holder, old epoch: no-op
        await store.releaseLease({ ...current, holder: 'm2' }); // wrong holder: no-op
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: current.epoch });
        await store.releaseLease(current);
        expect(await store.leaseHolder('leader')).toBeUndefined();
        await store.releaseLease(current); // idempotent
      });

      it('keeps leases with different names apart', async () => {
        const a = await acquire('leader', 'm1');
        const b = await acquire('allocator', 'm2');
        expect(a.epoch).toBe(1);
        expect(b.epoch).toBe(1);
        await store.releaseLease(a);
        expect(await store.leaseHolder('allocator')).toEqual({ holder: 'm2', epoch: 1 });
      });
    });

    describe('lease renewal', () => {
      it('extends a lease still held, keeping epoch and incarnation and pushing the expiry out', async () => {
        const first = await acquire('leader', 'm1', shortTtlMs);
        const renewal = await renew(first);
        expect(renewal).toMatchObject({
          status: 'renewed',
          lease: { name: 'leader', holder: 'm1', epoch: first.epoch, incarnation: first.incarnation },
        });
        const renewed = renewal.status === 'renewed' ? renewal.lease : first;
        // Renewal restarts the TTL from now: at least (long - short) ms later than the first expiry.
        expect(renewed.expiresAtMs - first.expiresAtMs).toBeGreaterThanOrEqual(longTtlMs - shortTtlMs);
        if (subject.advanceTimeMs !== undefined) {
          await subject.advanceTimeMs(shortTtlMs * 2);
        }
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: first.epoch });
        expect(await renew(renewed)).toMatchObject({ status: 'renewed' });
      });

      it('never re-creates a lease that expired: answers lost and leaves it free', async () => {
        const lease = await acquire('leader', 'm1', shortTtlMs);
        await expire(lease, shortTtlMs);
        expect(await renew(lease)).toEqual({ status: 'lost' });
        expect(await store.leaseHolder('leader')).toBeUndefined();
        await expect(store.commit([put('c', 'x', bytes(1))], fenceOf(lease))).rejects.toBeInstanceOf(FencedError);
      });

      it('answers lost after release, and names the holder once another has the lease', async () => {
        const lease = await acquire('leader', 'm1');
        await store.releaseLease(lease);
        expect(await renew(lease)).toEqual({ status: 'lost' });
        const other = await acquire('leader', 'm2');
        expect(await renew(lease)).toEqual({ status: 'lost', current: { holder: 'm2', epoch: other.epoch } });
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm2', epoch: other.epoch });
      });

      it('answers lost for an old tenure of the same holder', async () => {
        const old = await acquire('leader', 'm1');
        await store.releaseLease(old);
        const current = await acquire('leader', 'm1');
        expect(await renew(old)).toEqual({ status: 'lost', current: { holder: 'm1', epoch: current.epoch } });
        expect(await renew(current)).toMatchObject({ status: 'renewed', lease: { epoch: current.epoch } });
      });

      it('keeps one incarnation across leases and tenures while the store keeps its data', async () => {
        const a = await acquire('leader', 'm1');
        await store.releaseLease(a);
        const b = await acquire('leader', 'm2');
        const c = await acquire('allocator', 'm3');
        expect(a.incarnation).not.toBe('');
        expect(b.incarnation).toBe(a.incarnation);
        expect(c.incarnation).toBe(a.incarnation);
      });
    });

    describe('data loss', () => {
      it('answers store-reset once the store lost its data, without re-creating the lease', async () => {
        await store.commit([put('c', 'x', bytes(1))]);
        const lease = await acquire('leader', 'm1');
        await subject.loseAllData();
        expect(await renew(lease)).toEqual({ status: 'store-reset' });
        expect(await store.leaseHolder('leader')).toBeUndefined();
        expect(await store.list('c')).toEqual([]);
      });

      it('tells a store-reset from a lapse even when the restarted epoch counter hands out the same epoch again', async () => {
        const old = await acquire('leader', 'm1');
        expect(old.epoch).toBe(1);
        await subject.loseAllData();
        // Epochs start again at 1 on the empty store, under a new incarnation: the same holder, the same epoch.
        const again = await acquire('leader', 'm1');
        expect(again.epoch).toBe(old.epoch);
        expect(again.incarnation).not.toBe(old.incarnation);
        expect(await renew(old)).toEqual({ status: 'store-reset' });
        expect(await renew(again)).toMatchObject({ status: 'renewed', lease: { incarnation: again.incarnation } });
      });

      it('answers store-reset rather than lost when another holder won the emptied store', async () => {
        const old = await acquire('leader', 'm1');
        await subject.loseAllData();
        await acquire('leader', 'm2');
        expect(await renew(old)).toEqual({ status: 'store-reset' });
        expect((await store.leaseHolder('leader'))?.holder).toBe('m2');
      });

      it('fences out writes under a lease from before the loss', async () => {
        const old = await acquire('leader', 'm1');
        await subject.loseAllData();
        await expect(store.commit([put('c', 'x', bytes(1))], fenceOf(old))).rejects.toBeInstanceOf(FencedError);
        expect(await store.list('c')).toEqual([]);
      });
    });

    describe('fencing', () => {
      it('applies a commit fenced by the current lease', async () => {
        const lease = await acquire('leader', 'm1');
        await store.commit([put('c', 'x', bytes(1))], fenceOf(lease));
        expect(await store.get('c', 'x')).toEqual(bytes(1));
        await store.commit([], fenceOf(lease));
      });

      it('refuses, writing nothing, once another holder has acquired the lease', async () => {
        await store.commit([put('c', 'kept', bytes(1))]);
        const old = await acquire('leader', 'm1', shortTtlMs);
        await expire(old, shortTtlMs);
        await acquire('leader', 'm2');
        const stale = store.commit(
          [put('c', 'new', bytes(2)), put('c', 'kept', bytes(3)), del('c', 'kept')],
          fenceOf(old),
        );
        await expect(stale).rejects.toBeInstanceOf(FencedError);
        await expect(stale).rejects.toMatchObject({ name: 'FencedError', fence: fenceOf(old) });
        expect(await store.list('c')).toEqual([{ id: 'kept', value: bytes(1) }]);
      });

      it('refuses after the lease expired even if nobody took it', async () => {
        const lease = await acquire('leader', 'm1', shortTtlMs);
        await expire(lease, shortTtlMs);
        await expect(store.commit([put('c', 'x', bytes(1))], fenceOf(lease))).rejects.toBeInstanceOf(FencedError);
        expect(await store.get('c', 'x')).toBeUndefined();
      });

      it('refuses after release, and refuses the old epoch after the same holder re-acquires', async () => {
        const first = await acquire('leader', 'm1');
        await store.releaseLease(first);
        await expect(store.commit([put('c', 'x', bytes(1))], fenceOf(first))).rejects.toBeInstanceOf(FencedError);
        const second = await acquire('leader', 'm1');
        await expect(store.commit([put('c', 'x', bytes(1))], fenceOf(first))).rejects.toBeInstanceOf(FencedError);
        await store.commit([put('c', 'x', bytes(2))], fenceOf(second));
        expect(await store.get('c', 'x')).toEqual(bytes(2));
      });

      it('refuses a fence naming the wrong holder, a lease never acquired, and an empty commit with a stale fence', async () => {
        const lease = await acquire('leader', 'm1');
        await expect(
          store.commit([put('c', 'x', bytes(1))], { ...fenceOf(lease), holder: 'm2' }),
        ).rejects.toBeInstanceOf(FencedError);
        await expect(
          store.commit([put('c', 'x', bytes(1))], { lease: 'never', holder: 'm1', epoch: 1 }),
        ).rejects.toBeInstanceOf(FencedError);
        await expect(store.commit([], { ...fenceOf(lease), epoch: lease.epoch + 1 })).rejects.toBeInstanceOf(
          FencedError,
        );
        expect(await store.list('c')).toEqual([]);
      });
    });

    describe('invalid arguments', () => {
      const invalidCommits: Array<[string, unknown[], unknown?]> = [
        ['an empty collection', [{ op: 'put', collection: '', id: 'x', value: bytes(1) }]],
        ['an empty id', [{ op: 'delete', collection: 'c', id: '' }]],
        ['an unknown op', [{ op: 'upsert', collection: 'c', id: 'x', value: bytes(1) }]],
        ['a value that is not bytes', [{ op: 'put', collection: 'c', id: 'x', value: [1, 2] }]],
        ['a missing value', [{ op: 'put', collection: 'c', id: 'x' }]],
        ['a lone surrogate in an id', [{ op: 'put', collection: 'c', id: 'x\uD800', value: bytes(1) }]],
        ['a null write', [null]],
        ['a negative fence epoch', [], { lease: 'leader', holder: 'm1', epoch: -1 }],
        ['a fractional fence epoch', [], { lease: 'leader', holder: 'm1', epoch: 1.5 }],
        ['an empty fence holder', [], { lease: 'leader', holder: '', epoch: 1 }],
      ];

      it.each(invalidCommits)('rejects a commit with %s, writing nothing', async (_what, badWrites, fence) => {
        const lease = await acquire('leader', 'm1');
        const writes = [put('c', 'valid', bytes(1)), ...badWrites] as StoreWrite[];
        await expect(store.commit(writes, (fence ?? fenceOf(lease)) as Fence)).rejects.toBeInstanceOf(
          InvalidStoreArgumentError,
        );
        expect(await store.list('c')).toEqual([]);
      });

      it('rejects empty collection and id on reads', async () => {
        await expect(store.get('', 'x')).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.get('c', '')).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.list('')).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.leaseHolder('')).rejects.toBeInstanceOf(InvalidStoreArgumentError);
      });

      it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
        'rejects a lease TTL of %s, leaving the lease untouched',
        async (ttlMs) => {
          const lease = await acquire('leader', 'm1');
          await expect(store.acquireLease('leader', 'm1', ttlMs)).rejects.toBeInstanceOf(InvalidStoreArgumentError);
          await expect(store.acquireLease('other', 'm1', ttlMs)).rejects.toBeInstanceOf(InvalidStoreArgumentError);
          expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: lease.epoch });
          expect(await store.leaseHolder('other')).toBeUndefined();
          await expect(store.renewLease(lease, ttlMs)).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        },
      );

      it('rejects renewing a lease without a holder, epoch or incarnation, leaving it untouched', async () => {
        const lease = await acquire('leader', 'm1', shortTtlMs);
        await expect(store.renewLease({ ...lease, holder: '' }, longTtlMs)).rejects.toBeInstanceOf(
          InvalidStoreArgumentError,
        );
        await expect(store.renewLease({ ...lease, epoch: 1.5 }, longTtlMs)).rejects.toBeInstanceOf(
          InvalidStoreArgumentError,
        );
        await expect(store.renewLease({ ...lease, incarnation: '' }, longTtlMs)).rejects.toThrow(
          /lease.incarnation must be a non-empty string/,
        );
        // Still on its first, short TTL: it lapses as if no renewal had been asked for.
        await expire(lease, shortTtlMs);
      });

      it('rejects empty lease names and holders', async () => {
        await expect(store.acquireLease('', 'm1', longTtlMs)).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.acquireLease('leader', '', longTtlMs)).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        const lease = await acquire('leader', 'm1');
        await expect(store.releaseLease({ ...lease, holder: '' })).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.releaseLease({ ...lease, epoch: -1 })).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        expect(await store.leaseHolder('leader')).toEqual({ holder: 'm1', epoch: lease.epoch });
      });

      it('says what was wrong', async () => {
        await expect(store.get('c', '')).rejects.toThrow(/id must be a non-empty string/);
        await expect(store.acquireLease('leader', 'm1', 0)).rejects.toThrow(/ttlMs must be a positive integer, got 0/);
      });
    });

    describe('close', () => {
      it('rejects every operation with StoreUnavailableError afterwards, and is idempotent', async () => {
        await store.close();
        await store.close();
        await expect(store.get('c', 'x')).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.list('c')).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.commit([put('c', 'x', bytes(1))])).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.commit([])).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.acquireLease('leader', 'm1', longTtlMs)).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(
          store.renewLease({ name: 'leader', holder: 'm1', epoch: 1, expiresAtMs: 0, incarnation: 'i' }, longTtlMs),
        ).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.leaseHolder('leader')).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(
          store.releaseLease({ name: 'leader', holder: 'm1', epoch: 1, expiresAtMs: 0, incarnation: 'i' }),
        ).rejects.toBeInstanceOf(StoreUnavailableError);
      });
    });
  });
}
