/** How long a session waits before each re-subscription attempt. Pure: randomness is an argument. */

export interface ResubscribeBackoff {
  /** Delay before the first attempt after a lost stream, ms. Default 250. */
  readonly initialMs: number;
  /** Upper bound of any delay, ms. Default 5000. */
  readonly maxMs: number;
}

/** 250 ms doubling to 5 s, like the agent's reconnection to the master. */
export const DEFAULT_RESUBSCRIBE_BACKOFF: ResubscribeBackoff = { initialMs: 250, maxMs: 5_000 };

/**
 * Delay before re-subscription attempt `attempt` (0 for the first after a lost
 * stream): the ceiling min(maxMs, initialMs · 2^attempt), of which a share in
 * [½, 1] is taken, chosen by `random` ∈ [0, 1] (clamped). The jitter keeps many
 * frameworks cut off by one master restart from coming back in the same instant.
 */
export function resubscribeDelayMs(backoff: ResubscribeBackoff, attempt: number, random: number): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceilingMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** doublings);
  const share = 0.5 + Math.min(Math.max(random, 0), 1) / 2;
  return Math.round(ceilingMs * share);
}
