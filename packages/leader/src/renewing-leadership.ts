import type { Lease, StateStore } from '@tessera/store';
import { Tenure } from './tenure.js';
import type { LeaderClock, TimerHandle } from './clock.js';
import type { LeaderLogger } from './logger.js';
import {
  afterRenewal,
  unrenewed,
  type DeposedReason,
  type LeaseTiming,
  type RenewalOutcome,
} from './renewal-policy.js';

export interface RenewingLeadershipOptions {
  store: StateStore;
  lease: Lease;
  /** When the winning acquisition was sent (clock ms): the lease is held for at least the TTL from then. */
  wonAtMs: number;
  timing: LeaseTiming;
  clock: LeaderClock;
  logger: LeaderLogger;
  onDeposed: (reason: DeposedReason) => void;
  onRenewed?: (lease: Lease) => void;
}

/** Leadership that renews on its own timers; see Leadership. Built by `campaign()`. */
export class RenewingLeadership extends Tenure {
  readonly #store: StateStore;
  readonly #timing: LeaseTiming;
  readonly #clock: LeaderClock;
  readonly #onRenewed: ((lease: Lease) => void) | undefined;
  #heldUntilMs: number;
  #renewalTimer: TimerHandle | undefined;
  #deadlineTimer: TimerHandle | undefined;
  #releasing: Promise<void> | undefined;

  /** Starts renewing at once: the first renewal a third of the TTL after `wonAtMs`. */
  constructor(options: RenewingLeadershipOptions) {
    super(options.lease, options.onDeposed, options.logger);
    this.#store = options.store;
    this.#timing = options.timing;
    this.#clock = options.clock;
    this.#onRenewed = options.onRenewed;
    this.#heldUntilMs = options.wonAtMs + options.timing.ttlMs;
    this.#armDeadline();
    this.#scheduleRenewal(Math.max(0, options.wonAtMs + options.timing.renewIntervalMs - options.clock.nowMs()));
  }

  isLeader(): boolean {
    return this.state === 'leading' && this.#clock.nowMs() < this.#heldUntilMs;
  }

  release(): Promise<void> {
    this.#releasing ??= (async () => {
      const wasLeading = this.state === 'leading';
      if (wasLeading) {
        this.state = 'released';
      }
      this.#stopTimers();
      if (!wasLeading) {
        return;
      }
      try {
        await this.#store.releaseLease(this.current);
        this.logger.info(this.#describe(), 'released the lease');
      } catch (error) {
        this.logger.warn({ ...this.#describe(), err: error }, 'could not release the lease; it lapses after its TTL');
      }
    })();
    return this.#releasing;
  }

  #scheduleRenewal(delayMs: number): void {
    this.#renewalTimer = this.#clock.setTimer(() => void this.#renew(), delayMs);
  }

  /** (Re-)arms the timer that deposes the leader once the lease is no longer known to be held. */
  #armDeadline(): void {
    this.#deadlineTimer?.cancel();
    this.#deadlineTimer = this.#clock.setTimer(
      () => {
        const nowMs = this.#clock.nowMs();
        if (this.state !== 'leading') {
          return;
        }
        if (nowMs >= this.#heldUntilMs) {
          this.#depose(unrenewed(nowMs, this.#heldUntilMs, this.#timing));
        } else {
          // NOTE: a timer may fire a fraction of a millisecond early against performance.now(); wait out the rest.
          this.#armDeadline();
        }
      },
      Math.max(0, this.#heldUntilMs - this.#clock.nowMs()),
    );
  }

  /** One renewal attempt, then the next step: renew again later, retry sooner, or depose. Never rejects. */
  async #renew(): Promise<void> {
    const sentAtMs = this.#clock.nowMs();
    let outcome: RenewalOutcome;
    try {
      outcome = await this.#store.renewLease(this.current, this.#timing.ttlMs);
    } catch (error) {
      outcome = { status: 'failed' };
      if (this.state === 'leading') {
        this.logger.warn(
          { ...this.#describe(), err: error, retryMs: this.#timing.retryIntervalMs },
          'could not renew the lease; retrying',
        );
      }
    }
    if (this.state !== 'leading') {
      return;
    }
    const step = afterRenewal(
      { outcome, sentAtMs, nowMs: this.#clock.nowMs(), heldUntilMs: this.#heldUntilMs },
      this.#timing,
    );
    if (step.kind === 'deposed') {
      this.#depose(step.reason);
      return;
    }
    if (step.lease !== undefined) {
      this.current = step.lease;
      this.#onRenewed?.(this.lease);
    }
    if (step.heldUntilMs !== this.#heldUntilMs) {
      this.#heldUntilMs = step.heldUntilMs;
      this.#armDeadline();
    }
    this.#scheduleRenewal(step.delayMs);
  }

  #depose(reason: DeposedReason): void {
    this.depose(reason, () => {
      this.#stopTimers();
      this.logger.error({ ...this.#describe(), reason }, deposedMessage(reason));
    });
  }

  #stopTimers(): void {
    this.#renewalTimer?.cancel();
    this.#deadlineTimer?.cancel();
  }

  #describe(): object {
    return { lease: this.current.name, holder: this.current.holder, epoch: this.current.epoch };
  }
}

function deposedMessage(reason: DeposedReason): string {
  switch (reason.kind) {
    case 'taken':
      return 'lost the lease: another holder has it; no longer leading';
    case 'lapsed':
      return 'lost the lease: it expired or was released; no longer leading';
    case 'store-reset':
      return 'the store lost its data since the lease was won (restarted without persistence?); no longer leading';
    case 'unrenewed':
      return 'could not renew the lease within its TTL; cannot know it still leads; no longer leading';
  }
}
