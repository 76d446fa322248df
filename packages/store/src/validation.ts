import { InvalidStoreArgumentError } from './errors.js';
import type { Fence, Lease, StoreWrite } from './state-store.js';

/**
 * Checks that `value` is a non-empty, well-formed string (no lone surrogates, which would not survive the UTF-8
 * round trip through Redis).
 */
export function requireName(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidStoreArgumentError(`${what} must be a non-empty string, got ${describe(value)}`);
  }
  if (Buffer.from(value, 'utf8').toString('utf8') !== value) {
    throw new InvalidStoreArgumentError(`${what} must be well-formed Unicode, got ${JSON.stringify(value)}`);
  }
}

export function requireTtlMs(ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== 'number' || !Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new InvalidStoreArgumentError(`ttlMs must be a positive integer, got ${describe(ttlMs)}`);
  }
}

function requireEpoch(epoch: unknown, what: string): asserts epoch is number {
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) {
    throw new InvalidStoreArgumentError(`${what} must be a non-negative integer, got ${describe(epoch)}`);
  }
}

export function validateWrites(writes: readonly StoreWrite[]): void {
  if (!Array.isArray(writes)) {
    throw new InvalidStoreArgumentError(`writes must be an array, got ${describe(writes)}`);
  }
  writes.forEach((write: StoreWrite, index) => {
    if (typeof write !== 'object' || write === null) {
      throw new InvalidStoreArgumentError(`writes[${index}] must be an object, got ${describe(write)}`);
    }
    requireName(write.collection, `writes[${index}].collection`);
    requireName(write.id, `writes[${index}].id`);
    if (write.op === 'put') {
      if (!(write.value instanceof Uint8Array)) {
        throw new InvalidStoreArgumentError(
          `writes[${index}].value must be a Uint8Array, got ${describe(write.value)}`,
        );
      }
    } else if (write.op !== 'delete') {
      throw new InvalidStoreArgumentError(
        `writes[${index}].op must be 'put' or 'delete', got ${describe((write as { op: unknown }).op)}`,
      );
    }
  });
}

export function validateFence(fence: Fence | undefined): void {
  if (fence === undefined) {
    return;
  }
  if (typeof fence !== 'object' || fence === null) {
    throw new InvalidStoreArgumentError(`fence must be an object, got ${describe(fence)}`);
  }
  requireName(fence.lease, 'fence.lease');
  requireName(fence.holder, 'fence.holder');
  requireEpoch(fence.epoch, 'fence.epoch');
}

export function validateLease(lease: Lease): void {
  if (typeof lease !== 'object' || lease === null) {
    throw new InvalidStoreArgumentError(`lease must be an object, got ${describe(lease)}`);
  }
  requireName(lease.name, 'lease.name');
  requireName(lease.holder, 'lease.holder');
  requireEpoch(lease.epoch, 'lease.epoch');
}

/** validateLease, and the incarnation a renewal is checked against. */
export function validateHeldLease(lease: Lease): void {
  validateLease(lease);
  requireName(lease.incarnation, 'lease.incarnation');
}

/** JavaScript string order (UTF-16 code units), the order `list` promises. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return Object.prototype.toString.call(value);
}
