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
  /**
   * The store's incarnation when the lease was won: a random id the store writes once and keeps for as long as it keeps
   * its data. A store that lost its data (a Redis restarted without persistence, FLUSHALL) has another one, or none
   * until a lease is next acquired, so `renewLease` can tell "the lease lapsed" from "the store forgot everything" even
   * when the epoch counter has restarted and handed out the same epoch again.
   */
  incarnation: string;
}

/**
 * The answer of `renewLease`, a closed set; each says how the holder reacts:
 * - `renewed`: still held, for a fresh TTL from now; keep leading and renew again well before the TTL passes.
 * - `lost`: the lease expired, was released, or changed hands (`current` names the holder now, if any); the store's
 *   data is intact. Stop leading; the lease was not re-created.
 * - `store-reset`: the store lost its data since the lease was won (its incarnation changed or is gone), so every
 *   record written under the lease may be gone too. Stop leading; the lease was not re-created.
 */
export type LeaseRenewal =
  | { status: 'renewed'; lease: Lease }
  | { status: 'lost'; current?: { holder: string; epoch: number } }
  | { status: 'store-reset' };

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
   * holder (or is acquired after expiry/release, even by the same holder) and never decreases while the store keeps its
   * data; renewal keeps the epoch. The first acquisition in a store without an incarnation gives it one (a store that
   * lost its data thus starts again at epoch 1 under a new incarnation). Holders that must not outlive their lease renew
   * with `renewLease`, which never re-creates a lease that is gone.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /**
   * Extend `lease` for a fresh `ttlMs` from now if, and only if, it is still held by lease.holder at lease.epoch and the
   * store is still at lease.incarnation; the epoch and incarnation are kept. Never acquires or re-creates a lease: a
   * lease that lapsed, changed hands or vanished with the store's data stays as it is. See LeaseRenewal for the
   * answers. Rejects with InvalidStoreArgumentError also for an empty lease.incarnation.
   */
  renewLease(lease: Lease, ttlMs: number): Promise<LeaseRenewal>;
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
