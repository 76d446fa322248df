/** One write in an atomic commit. Values are opaque bytes (callers store protobuf). */
export type StoreWrite =
  { op: 'put'; collection: string; id: string; value: Uint8Array } | { op: 'delete'; collection: string; id: string };

/** Proof of leadership: writes with a fence are applied only while `holder` still holds lease `lease` at `epoch`. */
export interface Fence {
  lease: string;
  holder: string;
  epoch: number;
}

/** A held lease, as returned by `acquireLease`. */
export interface Lease {
  name: string;
  holder: string;
  /** Increases by one every time the lease changes hands; unchanged by renewal. First acquisition: 1. */
  epoch: number;
  /**
   * When the lease lapses unless renewed, in milliseconds since the Unix epoch on the store's clock (the Redis
   * server's clock for Redis, the injected clock for memory). Holders should renew well before, measuring the TTL on
   * their own monotonic clock rather than comparing this to their wall clock.
   */
  expiresAtMs: number;
}

/**
 * The durable state behind the master: collections of opaque values keyed by id, atomic multi-key commits, and named
 * leases whose epochs fence writes from stale leaders.
 *
 * Every method rejects with InvalidStoreArgumentError (before touching any state) on bad arguments: empty collection,
 * id, lease name or holder; a non-positive or non-integer TTL; a negative or non-integer epoch; a value that is not a
 * Uint8Array. Every method rejects with StoreUnavailableError when the backend cannot be reached, including after
 * `close()`; for `commit`, `acquireLease` and `releaseLease` such a rejection means the outcome is unknown (the
 * command may have been applied before the connection failed).
 */
export interface StateStore {
  /** The value stored under `id`, or undefined. The returned bytes are the caller's to keep and mutate. */
  get(collection: string, id: string): Promise<Uint8Array | undefined>;
  /** Every entry of a collection, sorted by id (JavaScript string order: UTF-16 code units). */
  list(collection: string): Promise<Array<{ id: string; value: Uint8Array }>>;
  /**
   * All writes or none, atomically, applied in order (a later write to the same id wins). Values are copied: mutating
   * them after the call has no effect. With `fence`, rejects with FencedError (and writes nothing) unless the fence's
   * lease is currently held by fence.holder at fence.epoch. An empty write list is a no-op (but still checks the fence).
   * Deleting an absent id is a no-op.
   */
  commit(writes: readonly StoreWrite[], fence?: Fence): Promise<void>;
  /**
   * Acquire the named lease for `ttlMs`, or renew it (for a fresh `ttlMs` from now) if `holder` already holds it.
   * Returns undefined if another holder has an unexpired lease. The epoch increases by one every time the lease changes
   * holder (or is acquired after expiry/release, even by the same holder) and never decreases; renewal keeps the epoch.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Release if still held by lease.holder at lease.epoch; otherwise a no-op. Idempotent. */
  releaseLease(lease: Lease): Promise<void>;
  /** The current holder, if the lease is held and unexpired. */
  leaseHolder(name: string): Promise<{ holder: string; epoch: number } | undefined>;
  /** Releases connections. Idempotent. Afterwards every method rejects with StoreUnavailableError. */
  close(): Promise<void>;
}

/** The subset of a pino logger the store uses. */
export interface StoreLogger {
  info?(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
