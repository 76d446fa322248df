import { randomUUID } from 'node:crypto';
import { FencedError, StoreUnavailableError } from './errors.js';
import type { Fence, Lease, LeaseRenewal, StateStore, StoreWrite } from './state-store.js';
import {
  compareIds,
  requireName,
  requireTtlMs,
  validateFence,
  validateHeldLease,
  validateLease,
  validateWrites,
} from './validation.js';

export interface MemoryStoreOptions {
  /** The clock leases are measured against, in ms since the Unix epoch. Default `Date.now`. */
  now?: () => number;
}

interface HeldLease {
  holder: string;
  epoch: number;
  expiresAtMs: number;
}

/**
 * A StateStore in process memory with the same semantics as the Redis one, for tests and single-process runs. A lease
 * with `expiresAtMs <= now()` is expired. Values are copied on the way in and out.
 */
export class MemoryStateStore implements StateStore {
  readonly #now: () => number;
  readonly #collections = new Map<string, Map<string, Uint8Array>>();
  readonly #leases = new Map<string, HeldLease>();
  /** The last epoch handed out per lease name; survives release and expiry so epochs never decrease. */
  readonly #lastEpochs = new Map<string, number>();
  /** Set by the first lease acquisition; cleared by loseAllData(). */
  #incarnation: string | undefined;
  #closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? (() => Date.now());
  }

  async get(collection: string, id: string): Promise<Uint8Array | undefined> {
    requireName(collection, 'collection');
    requireName(id, 'id');
    this.#requireOpen();
    const value = this.#collections.get(collection)?.get(id);
    return value === undefined ? undefined : new Uint8Array(value);
  }

  async list(collection: string): Promise<Array<{ id: string; value: Uint8Array }>> {
    requireName(collection, 'collection');
    this.#requireOpen();
    const entries = [...(this.#collections.get(collection) ?? new Map<string, Uint8Array>())];
    return entries.sort(([a], [b]) => compareIds(a, b)).map(([id, value]) => ({ id, value: new Uint8Array(value) }));
  }

  async commit(writes: readonly StoreWrite[], fence?: Fence): Promise<void> {
    validateWrites(writes);
    validateFence(fence);
    this.#requireOpen();
    if (fence !== undefined) {
      const held = this.#heldLease(fence.lease);
      if (held === undefined || held.holder !== fence.holder || held.epoch !== fence.epoch) {
        throw new FencedError(fence);
      }
    }
    for (const write of writes) {
      let collection = this.#collections.get(write.collection);
      if (write.op === 'put') {
        if (collection === undefined) {
          collection = new Map();
          this.#collections.set(write.collection, collection);
        }
        collection.set(write.id, new Uint8Array(write.value));
      } else if (collection !== undefined) {
        collection.delete(write.id);
        if (collection.size === 0) {
          this.#collections.delete(write.collection);
        }
      }
    }
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    requireName(name, 'name');
    requireName(holder, 'holder');
    requireTtlMs(ttlMs);
    this.#requireOpen();
    const now = this.#now();
    const held = this.#heldLease(name);
    if (held !== undefined && held.holder !== holder) {
      return undefined;
    }
    let epoch: number;
    if (held !== undefined) {
      epoch = held.epoch;
    } else {
      epoch = (this.#lastEpochs.get(name) ?? 0) + 1;
      this.#lastEpochs.set(name, epoch);
    }
    this.#incarnation ??= randomUUID();
    const lease = { holder, epoch, expiresAtMs: now + ttlMs };
    this.#leases.set(name, lease);
    return { name, ...lease, incarnation: this.#incarnation };
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<LeaseRenewal> {
    validateHeldLease(lease);
    requireTtlMs(ttlMs);
    this.#requireOpen();
    if (this.#incarnation !== lease.incarnation) {
      return { status: 'store-reset' };
    }
    const held = this.#heldLease(lease.name);
    if (held === undefined) {
      return { status: 'lost' };
    }
    if (held.holder !== lease.holder || held.epoch !== lease.epoch) {
      return { status: 'lost', current: { holder: held.holder, epoch: held.epoch } };
    }
    held.expiresAtMs = this.#now() + ttlMs;
    return { status: 'renewed', lease: { ...lease, expiresAtMs: held.expiresAtMs } };
  }

  async releaseLease(lease: Lease): Promise<void> {
    validateLease(lease);
    this.#requireOpen();
    const held = this.#heldLease(lease.name);
    if (held !== undefined && held.holder === lease.holder && held.epoch === lease.epoch) {
      this.#leases.delete(lease.name);
    }
  }

  async leaseHolder(name: string): Promise<{ holder: string; epoch: number } | undefined> {
    requireName(name, 'name');
    this.#requireOpen();
    const held = this.#heldLease(name);
    return held === undefined ? undefined : { holder: held.holder, epoch: held.epoch };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /**
   * Forgets everything — values, leases, epoch counters and the incarnation — as a Redis restarted without persistence
   * (or FLUSHALL) does. For tests of data-loss detection. Idempotent.
   */
  loseAllData(): void {
    this.#collections.clear();
    this.#leases.clear();
    this.#lastEpochs.clear();
    this.#incarnation = undefined;
  }

  /** The unexpired lease, dropping it if it has expired. */
  #heldLease(name: string): HeldLease | undefined {
    const held = this.#leases.get(name);
    if (held !== undefined && held.expiresAtMs <= this.#now()) {
      this.#leases.delete(name);
      return undefined;
    }
    return held;
  }

  #requireOpen(): void {
    if (this.#closed) {
      throw new StoreUnavailableError('the memory store is closed');
    }
  }
}

/** A StateStore in process memory; see MemoryStateStore. */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStateStore {
  return new MemoryStateStore(options);
}
