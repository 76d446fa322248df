/** A pending timer; `cancel()` is idempotent and a no-op once the timer fired. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as leader election sees it, injected so tests can step a fake clock through campaigns and renewals. Lease
 * deadlines are measured on `nowMs()`, never on a wall clock, so they do not jump with NTP.
 */
export interface LeaderClock {
  /** Monotonic milliseconds; only differences are meaningful. */
  nowMs(): number;
  /**
   * Calls `callback` once, `delayMs` from now. With `keepAlive` the pending timer keeps the process alive (a campaign
   * waiting for the lease is what the process is doing); without it, it does not (a forgotten renewal must not).
   */
  setTimer(callback: () => void, delayMs: number, options?: { keepAlive?: boolean }): TimerHandle;
}

/** The process's monotonic clock (`performance.now`) and `setTimeout`. */
export const systemClock: LeaderClock = {
  nowMs: () => performance.now(),
  setTimer(callback, delayMs, options = {}) {
    const timer = setTimeout(callback, delayMs);
    if (options.keepAlive !== true) {
      timer.unref();
    }
    return { cancel: () => clearTimeout(timer) };
  },
};
