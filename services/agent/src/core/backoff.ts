/** Reconnection backoff of the agent's stream to the master. Pure: randomness is injected. */

export interface BackoffPolicy {
  /** Delay before the first reconnection attempt, ms. */
  readonly initialMs: number;
  /** Upper bound, ms. */
  readonly maxMs: number;
}

/** Mesos-like: start at 250 ms, double per failed attempt, at most 5 s. */
export const DEFAULT_RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 5_000 };

/**
 * Delay before reconnection attempt `attempt` (0-based):
 * min(maxMs, initialMs · 2^attempt), scaled by a factor in [0.5, 1) drawn from
 * `random()` (∈ [0, 1)) so that many agents cut off by one master restart do not
 * all come back in the same instant.
 */
export function reconnectDelayMs(policy: BackoffPolicy, attempt: number, random: number): number {
  const ceiling = attempt >= 31 ? policy.maxMs : Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + 0.5 * Math.min(Math.max(random, 0), 1)));
}
