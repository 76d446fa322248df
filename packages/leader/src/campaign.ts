import { StoreUnavailableError, type Lease, type StateStore } from '@tessera/store';
import { systemClock, type LeaderClock } from './clock.js';
import { CampaignAbortedError } from './errors.js';
import type { Leadership } from './leadership.js';
import { RenewingLeadership } from './renewing-leadership.js';
import type { LeaderLogger } from './logger.js';
import { leaseTiming, type DeposedReason } from './renewal-policy.js';

export interface CampaignOptions {
  store: StateStore;
  /** The lease contended for, e.g. `master`; one per group of contenders. */
  leaseName: string;
  /** This contender's identity, unique within the group (two processes with one identity would both lead). */
  holder: string;
  /** Lease time-to-live in ms (a positive integer). Renewals run every third of it. */
  ttlMs: number;
  /**
   * Between two attempts to win the lease while another contender holds it (or the store cannot be reached), in ms.
   * Default a third of the TTL. A standby that should take over soon after the lease lapses tries more often: the
   * takeover comes at most this long after the lapse, at the cost of one store round trip per attempt.
   */
  campaignIntervalMs?: number;
  /**
   * Called exactly once if the tenure ends other than by `release()`: the lease changed hands, lapsed, vanished with
   * the store's data, or could not be renewed within its TTL. The leader must stop acting as leader (a process would
   * typically exit). Called from a timer, never synchronously from `campaign()`; an exception it throws is logged.
   */
  onDeposed: (reason: DeposedReason) => void;
  /** Called after every successful renewal with the lease as renewed (e.g. for metrics). Must not throw. */
  onRenewed?: (lease: Lease) => void;
  logger: LeaderLogger;
  /** Default: the process's monotonic clock and timers. */
  clock?: LeaderClock;
  /** Aborting stops the campaign: `campaign()` rejects with CampaignAbortedError. No effect once the lease is won. */
  signal?: AbortSignal;
}

/**
 * Waits until the lease is won, then returns the Leadership with renewal already running (first renewal a third of
 * the TTL after the winning attempt was sent). While another contender holds the lease, tries again every
 * `campaignIntervalMs` and logs who holds it whenever that changes. A store that cannot be reached is retried at the same pace
 * (logged as a warning); other store errors (StoreCommandError, InvalidStoreArgumentError for a bad name, holder or
 * TTL) reject.
 *
 * A holder that still holds the lease under the same identity (a restarted process that kept its identity) wins it
 * back at the same epoch, as `acquireLease` renews it.
 */
export async function campaign(options: CampaignOptions): Promise<Leadership> {
  const { store, leaseName, holder, logger, signal } = options;
  const clock = options.clock ?? systemClock;
  const timing = leaseTiming(options.ttlMs);
  const attemptIntervalMs = options.campaignIntervalMs ?? timing.renewIntervalMs;
  let lastSeen: string | undefined;
  let storeWasUnreachable = false;
  for (;;) {
    throwIfAborted(leaseName, signal);
    const sentAtMs = clock.nowMs();
    let lease: Lease | undefined;
    try {
      lease = await store.acquireLease(leaseName, holder, options.ttlMs);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) {
        throw error;
      }
      if (!storeWasUnreachable) {
        logger.warn({ lease: leaseName, err: error, retryMs: attemptIntervalMs }, 'store unreachable; retrying');
      }
      storeWasUnreachable = true;
      await pause(clock, attemptIntervalMs, leaseName, signal);
      continue;
    }
    storeWasUnreachable = false;
    if (lease !== undefined && clock.nowMs() - sentAtMs >= timing.renewIntervalMs) {
      // A win that took a third of the TTL to come back (a stalled store answering at last) may already be close to
      // lapsing by this holder's clock, which counts the tenure from when the attempt was sent. Acquiring again as
      // the same holder extends it at the same epoch, from a fresh send time.
      logger.warn(
        { lease: leaseName, holder, epoch: lease.epoch, answeredAfterMs: Math.round(clock.nowMs() - sentAtMs) },
        'won the lease, but the answer came late; acquiring it again to start from a fresh send time',
      );
      continue;
    }
    if (lease !== undefined) {
      if (signal?.aborted === true) {
        await store.releaseLease(lease).catch(() => undefined);
        throwIfAborted(leaseName, signal);
      }
      logger.info({ lease: leaseName, holder, epoch: lease.epoch }, 'won the lease');
      return new RenewingLeadership({
        store,
        lease,
        wonAtMs: sentAtMs,
        timing,
        clock,
        logger,
        onDeposed: options.onDeposed,
        ...(options.onRenewed === undefined ? {} : { onRenewed: options.onRenewed }),
      });
    }
    const current = await store.leaseHolder(leaseName).catch(() => undefined);
    const seen = current === undefined ? undefined : `${current.holder}@${current.epoch}`;
    if (current !== undefined && seen !== lastSeen) {
      logger.info(
        { lease: leaseName, holder: current.holder, epoch: current.epoch, retryMs: attemptIntervalMs },
        'another holder leads; waiting for the lease',
      );
    }
    lastSeen = seen;
    await pause(clock, attemptIntervalMs, leaseName, signal);
  }
}

function throwIfAborted(leaseName: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) {
    throw new CampaignAbortedError(leaseName, { cause: signal.reason });
  }
}

/** Resolves after `delayMs`, or rejects with CampaignAbortedError as soon as `signal` aborts. */
function pause(clock: LeaderClock, delayMs: number, leaseName: string, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new CampaignAbortedError(leaseName, { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(new CampaignAbortedError(leaseName, { cause: signal?.reason }));
    };
    const timer = clock.setTimer(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      delayMs,
      { keepAlive: true },
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
