import type { LeaderClock, TimerHandle } from '../src/index.js';

interface PendingTimer {
  dueMs: number;
  sequence: number;
  callback: () => void;
}

/**
 * A LeaderClock that only moves when told to. `advance` fires due timers in due order (ties in the order they were
 * set), letting promise chains started by each settle before the next, so a renewal's store round trip completes at
 * the instant it was started, as on an idle machine.
 */
export class FakeClock implements LeaderClock {
  #nowMs = 0;
  #sequence = 0;
  readonly #timers = new Set<PendingTimer>();

  nowMs(): number {
    return this.#nowMs;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer = { dueMs: this.#nowMs + Math.max(0, delayMs), sequence: this.#sequence++, callback };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  }

  /** Timers still pending. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.#nowMs + ms;
    for (;;) {
      await settle();
      const next = [...this.#timers]
        .filter((timer) => timer.dueMs <= targetMs)
        .sort((a, b) => a.dueMs - b.dueMs || a.sequence - b.sequence)[0];
      if (next === undefined) {
        break;
      }
      this.#timers.delete(next);
      this.#nowMs = next.dueMs;
      next.callback();
    }
    this.#nowMs = targetMs;
    await settle();
  }
}

/** Lets every promise chain that can make progress without I/O or timers do so. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
