import type { Fence, Lease } from '@tessera/store';
import type { Leadership } from './leadership.js';
import type { LeaderLogger } from './logger.js';
import type { DeposedReason } from './renewal-policy.js';

/**
 * What every Leadership shares: the tenure's lease and state, the fence, and deposition that calls `onDeposed`
 * exactly once. Subclasses decide how the lease is renewed and released.
 */
export abstract class Tenure implements Leadership {
  protected current: Lease;
  protected state: 'leading' | 'deposed' | 'released' = 'leading';
  protected readonly logger: LeaderLogger;
  readonly #onDeposed: (reason: DeposedReason) => void;
  #deposedReason: DeposedReason | undefined;

  protected constructor(lease: Lease, onDeposed: (reason: DeposedReason) => void, logger: LeaderLogger) {
    this.current = lease;
    this.#onDeposed = onDeposed;
    this.logger = logger;
  }

  get lease(): Lease {
    return { ...this.current };
  }

  get deposedReason(): DeposedReason | undefined {
    return this.#deposedReason;
  }

  fence(): Fence {
    return { lease: this.current.name, holder: this.current.holder, epoch: this.current.epoch };
  }

  abstract isLeader(): boolean;
  abstract release(): Promise<void>;

  /**
   * Ends the tenure and calls `onDeposed` — once: only the first call while leading does anything (then `ending`
   * runs first, for the subclass to stop its renewal). An exception from `onDeposed` is logged.
   */
  protected depose(reason: DeposedReason, ending?: () => void): void {
    if (this.state !== 'leading') {
      return;
    }
    this.state = 'deposed';
    this.#deposedReason = reason;
    ending?.();
    try {
      this.#onDeposed(reason);
    } catch (error) {
      this.logger.error({ lease: this.current.name, err: error }, 'the onDeposed callback threw');
    }
  }
}
