import type { Fence } from './state-store.js';

/**
 * A fenced commit was refused because the fence's lease is no longer held by fence.holder at fence.epoch: the caller
 * is a stale leader and must stop writing. Nothing was written.
 */
export class FencedError extends Error {
  override readonly name = 'FencedError';
  readonly fence: Fence;
  constructor(fence: Fence) {
    super(`commit refused: lease "${fence.lease}" is not held by "${fence.holder}" at epoch ${fence.epoch}`);
    this.fence = { ...fence };
  }
}

/**
 * The backend could not be reached or the connection failed during the command (or the store was closed). Transient:
 * retrying later may succeed. For writes the outcome is unknown. `cause` is the client's error.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The backend answered but refused the command for a reason retrying will not fix (a key of the wrong type under the
 * store's prefix, out of memory, missing permissions). Nothing was written by a refused commit. `cause` is Redis's
 * reply error.
 */
export class StoreCommandError extends Error {
  override readonly name = 'StoreCommandError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An argument was malformed (the message says which and why). Nothing was read or written. */
export class InvalidStoreArgumentError extends Error {
  override readonly name = 'InvalidStoreArgumentError';
  constructor(message: string) {
    super(message);
  }
}
