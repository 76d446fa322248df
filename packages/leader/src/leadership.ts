import type { Fence, Lease } from '@tessera/store';
import type { DeposedReason } from './renewal-policy.js';

/**
 * A won lease, renewed in the background from the moment it was won: the holder may go on with slow start-up work
 * (loading state, recovering, binding ports) right away; renewal runs alongside it (on timers, or in a worker thread)
 * and never waits for it.
 */
export interface Leadership {
  /** The lease as last renewed (name, holder, epoch, incarnation; `expiresAtMs` on the store's clock). */
  readonly lease: Lease;
  /**
   * The fence for store writes made as leader. Stays the same for the whole tenure (renewal keeps the epoch); once the
   * tenure is over the store refuses writes under it with FencedError.
   */
  fence(): Fence;
  /**
   * True from the win until deposition or release, and only while the lease is known to be held (the TTL has not
   * passed since the last successful renewal was sent).
   */
  isLeader(): boolean;
  /** Why this tenure ended, once `onDeposed` has been called; undefined while leading and after `release()`. */
  readonly deposedReason: DeposedReason | undefined;
  /**
   * Stops renewing and, unless deposed, releases the lease so another contender need not wait out the TTL.
   * `onDeposed` is never called afterwards. Idempotent; never rejects (a failed release is logged, and the lease then
   * lapses after its TTL).
   */
  release(): Promise<void>;
}
