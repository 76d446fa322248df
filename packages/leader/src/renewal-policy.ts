import type { Lease, LeaseRenewal } from '@tessera/store';

/** Why a leader stopped leading: a closed set. In every case the leader must stop acting as leader. */
export type DeposedReason =
  /** Another tenure holds the lease: another holder, or this holder's identity at a newer epoch. */
  | { kind: 'taken'; holder: string; epoch: number }
  /** The lease expired or was released at the store and nobody holds it now; the store's data is intact. */
  | { kind: 'lapsed' }
  /**
   * The store lost its data since the lease was won (a Redis restarted without persistence, FLUSHALL): whatever was
   * written under the lease may be gone, and epochs have started again.
   */
  | { kind: 'store-reset' }
  /**
   * The lease TTL passed on this process's clock without a successful renewal (the store was unreachable or too slow
   * to answer), so this holder cannot know that it still leads. `sinceRenewalMs`: since the last successful renewal
   * (or the win) was sent.
   */
  | { kind: 'unrenewed'; sinceRenewalMs: number };

/** The rhythm of a campaign and of renewal, derived from the lease TTL. */
export interface LeaseTiming {
  ttlMs: number;
  /** Between two renewals, and between two campaign attempts: a third of the TTL (at least 1 ms). */
  renewIntervalMs: number;
  /** After a renewal that got no answer (store unreachable): a tenth of the TTL, so several retries fit in the TTL. */
  retryIntervalMs: number;
}

/** The timing for a lease of `ttlMs` (a positive integer). */
export function leaseTiming(ttlMs: number): LeaseTiming {
  return {
    ttlMs,
    renewIntervalMs: Math.max(1, Math.floor(ttlMs / 3)),
    retryIntervalMs: Math.max(1, Math.floor(ttlMs / 10)),
  };
}

/** The result of one renewal attempt: the store's answer, or `failed` when there was none (store unreachable). */
export type RenewalOutcome = LeaseRenewal | { status: 'failed' };

/** One finished renewal attempt; times are on the leader's monotonic clock, in ms. */
export interface RenewalAttempt {
  outcome: RenewalOutcome;
  /** When the request was sent: a successful renewal holds the lease for at least the TTL from then. */
  sentAtMs: number;
  /** When the outcome arrived. */
  nowMs: number;
  /** Until when the lease was known to be held before this attempt: last successful send (or win) + TTL. */
  heldUntilMs: number;
}

/** What the leader does next. `renew`: keep leading, renew again in `delayMs`, the lease known held until `heldUntilMs`. */
export type RenewalStep =
  { kind: 'renew'; lease?: Lease; heldUntilMs: number; delayMs: number } | { kind: 'deposed'; reason: DeposedReason };

/**
 * Decides what follows one renewal attempt. Pure. The store's verdict (lost, store-reset) wins over the clock because
 * it says more; any other outcome arriving once `heldUntilMs` has passed deposes (`unrenewed`) — even a late success,
 * since the leader could not know it still led in between.
 */
export function afterRenewal(attempt: RenewalAttempt, timing: LeaseTiming): RenewalStep {
  const { outcome } = attempt;
  if (outcome.status === 'lost') {
    const reason: DeposedReason =
      outcome.current === undefined
        ? { kind: 'lapsed' }
        : { kind: 'taken', holder: outcome.current.holder, epoch: outcome.current.epoch };
    return { kind: 'deposed', reason };
  }
  if (outcome.status === 'store-reset') {
    return { kind: 'deposed', reason: { kind: 'store-reset' } };
  }
  if (attempt.nowMs >= attempt.heldUntilMs) {
    return { kind: 'deposed', reason: unrenewed(attempt.nowMs, attempt.heldUntilMs, timing) };
  }
  if (outcome.status === 'failed') {
    return { kind: 'renew', heldUntilMs: attempt.heldUntilMs, delayMs: timing.retryIntervalMs };
  }
  return {
    kind: 'renew',
    lease: outcome.lease,
    heldUntilMs: attempt.sentAtMs + timing.ttlMs,
    delayMs: Math.max(0, attempt.sentAtMs + timing.renewIntervalMs - attempt.nowMs),
  };
}

/** The reason given when `heldUntilMs` has passed at `nowMs` without a successful renewal. */
export function unrenewed(nowMs: number, heldUntilMs: number, timing: LeaseTiming): DeposedReason {
  return { kind: 'unrenewed', sinceRenewalMs: nowMs - (heldUntilMs - timing.ttlMs) };
}
