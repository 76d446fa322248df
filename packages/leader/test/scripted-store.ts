import {
  StoreUnavailableError,
  type Fence,
  type Lease,
  type LeaseRenewal,
  type StateStore,
  type StoreWrite,
} from '@tessera/store';

/** How the scripted store answers lease calls: pass them through, fail them as unreachable, or never answer. */
export type LeaseCallMode = 'pass' | 'unavailable' | 'hang';

/**
 * A StateStore that delegates to `inner` but whose lease calls can be made to fail or hang, and that counts and
 * releases them, for tests of what a leader does when the store is unreachable or slow.
 */
export class ScriptedStore implements StateStore {
  mode: LeaseCallMode = 'pass';
  renewals = 0;
  acquisitions = 0;
  readonly #inner: StateStore;
  readonly #hanging: Array<() => void> = [];

  constructor(inner: StateStore) {
    this.#inner = inner;
  }

  /** Lets every hung call go through to the inner store now. */
  resumeHung(): void {
    for (const resume of this.#hanging.splice(0)) {
      resume();
    }
  }

  get(collection: string, id: string): Promise<Uint8Array | undefined> {
    return this.#inner.get(collection, id);
  }

  list(collection: string): Promise<Array<{ id: string; value: Uint8Array }>> {
    return this.#inner.list(collection);
  }

  commit(writes: readonly StoreWrite[], fence?: Fence): Promise<void> {
    return this.#inner.commit(writes, fence);
  }

  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    this.acquisitions += 1;
    return this.#scripted(() => this.#inner.acquireLease(name, holder, ttlMs));
  }

  renewLease(lease: Lease, ttlMs: number): Promise<LeaseRenewal> {
    this.renewals += 1;
    return this.#scripted(() => this.#inner.renewLease(lease, ttlMs));
  }

  releaseLease(lease: Lease): Promise<void> {
    return this.#scripted(() => this.#inner.releaseLease(lease));
  }

  leaseHolder(name: string): Promise<{ holder: string; epoch: number } | undefined> {
    return this.#scripted(() => this.#inner.leaseHolder(name));
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  #scripted<T>(call: () => Promise<T>): Promise<T> {
    switch (this.mode) {
      case 'pass':
        return call();
      case 'unavailable':
        return Promise.reject(new StoreUnavailableError('scripted: the store is unreachable'));
      case 'hang':
        return new Promise<void>((resolve) => this.#hanging.push(resolve)).then(call);
    }
  }
}
