import { WaitForTimeoutError } from './errors.js';

export interface WaitForOptions {
  /** Give up after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Pause between two probes. Default 20 ms. */
  intervalMs?: number;
  /** What is being waited for, for the timeout message ("the lease to expire"). */
  what?: string;
}

/**
 * Polls `probe` until it returns a truthy value and resolves with that value. A probe that throws (or rejects) counts
 * as "not yet". On timeout rejects with WaitForTimeoutError naming `what` and carrying the probe's last error as
 * `cause`. A probe that hangs is abandoned at the deadline.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitForOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 20;
  const what = options.what ?? 'condition';
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const remainingMs = deadline - performance.now();
    const outcome = await raceDeadline(probe, remainingMs);
    if (outcome.kind === 'value' && outcome.value) {
      return outcome.value;
    }
    if (outcome.kind === 'error') {
      lastError = outcome.error;
    }
    if (outcome.kind === 'timeout' || performance.now() + intervalMs > deadline) {
      const lastErrorText = lastError === undefined ? '' : `; last probe error: ${describe(lastError)}`;
      throw new WaitForTimeoutError(
        `timed out after ${timeoutMs} ms (${attempts} probes) waiting for ${what}${lastErrorText}`,
        lastError === undefined ? undefined : { cause: lastError },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

type ProbeOutcome<T> =
  { kind: 'value'; value: T | undefined | false } | { kind: 'error'; error: unknown } | { kind: 'timeout' };

async function raceDeadline<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  remainingMs: number,
): Promise<ProbeOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProbeOutcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.max(0, remainingMs));
  });
  const attempt = (async (): Promise<ProbeOutcome<T>> => {
    try {
      return { kind: 'value', value: await probe() };
    } catch (error) {
      return { kind: 'error', error };
    }
  })();
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
