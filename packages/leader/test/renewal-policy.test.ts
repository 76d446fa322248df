import { describe, expect, it } from 'vitest';
import type { Lease } from '@tessera/store';
import { afterRenewal, leaseTiming, type RenewalOutcome, type RenewalStep } from '../src/index.js';

const lease: Lease = { name: 'master', holder: 'm1', epoch: 3, expiresAtMs: 0, incarnation: 'i1' };
const renewed: RenewalOutcome = { status: 'renewed', lease };

describe('leaseTiming', () => {
  it.each([
    // ttl, renew every ttl/3, retry every ttl/10 (floored, at least 1 ms)
    [10_000, 3_333, 1_000],
    [1_500, 500, 150],
    [900, 300, 90],
    [2, 1, 1],
    [1, 1, 1],
  ])('a %i ms lease renews every %i ms and retries every %i ms', (ttlMs, renewIntervalMs, retryIntervalMs) => {
    expect(leaseTiming(ttlMs)).toEqual({ ttlMs, renewIntervalMs, retryIntervalMs });
  });
});

describe('afterRenewal', () => {
  // ttl 900: renew every 300 ms, retry every 90 ms. The lease is known held until heldUntilMs.
  const timing = leaseTiming(900);
  const rows: Array<[string, RenewalOutcome, { sentAtMs: number; nowMs: number; heldUntilMs: number }, RenewalStep]> = [
    [
      // held until sent + ttl = 1000 + 900; next at sent + 300 = 1300, i.e. in 1300 - 1010 = 290 ms
      'renewed: held for a TTL from the send, next renewal a third of the TTL after the send',
      renewed,
      { sentAtMs: 1_000, nowMs: 1_010, heldUntilMs: 1_500 },
      { kind: 'renew', lease, heldUntilMs: 1_900, delayMs: 290 },
    ],
    [
      // the answer took 350 ms, longer than the 300 ms interval: renew again at once
      'renewed slowly: renews again at once',
      renewed,
      { sentAtMs: 1_000, nowMs: 1_350, heldUntilMs: 1_500 },
      { kind: 'renew', lease, heldUntilMs: 1_900, delayMs: 0 },
    ],
    [
      'failed: retried after a tenth of the TTL, the deadline unchanged',
      { status: 'failed' },
      { sentAtMs: 1_000, nowMs: 1_010, heldUntilMs: 1_500 },
      { kind: 'renew', heldUntilMs: 1_500, delayMs: 90 },
    ],
    [
      // last successful send at 1500 - 900 = 600; 1500 - 600 = 900 ms ago
      'failed as the TTL passes: deposed, unrenewed',
      { status: 'failed' },
      { sentAtMs: 1_400, nowMs: 1_500, heldUntilMs: 1_500 },
      { kind: 'deposed', reason: { kind: 'unrenewed', sinceRenewalMs: 900 } },
    ],
    [
      // 1600 - (1500 - 900) = 1000 ms since the last successful send
      'renewed, but only after the TTL passed: deposed, unrenewed',
      renewed,
      { sentAtMs: 1_400, nowMs: 1_600, heldUntilMs: 1_500 },
      { kind: 'deposed', reason: { kind: 'unrenewed', sinceRenewalMs: 1_000 } },
    ],
    [
      'lost, nobody holds it: deposed, lapsed',
      { status: 'lost' },
      { sentAtMs: 1_000, nowMs: 1_010, heldUntilMs: 1_500 },
      { kind: 'deposed', reason: { kind: 'lapsed' } },
    ],
    [
      'lost to another holder: deposed, taken, naming it',
      { status: 'lost', current: { holder: 'm2', epoch: 4 } },
      { sentAtMs: 1_000, nowMs: 1_010, heldUntilMs: 1_500 },
      { kind: 'deposed', reason: { kind: 'taken', holder: 'm2', epoch: 4 } },
    ],
    [
      "lost after the TTL passed: the store's verdict wins",
      { status: 'lost', current: { holder: 'm2', epoch: 4 } },
      { sentAtMs: 1_400, nowMs: 1_600, heldUntilMs: 1_500 },
      { kind: 'deposed', reason: { kind: 'taken', holder: 'm2', epoch: 4 } },
    ],
    [
      'store-reset: deposed, store-reset, also after the TTL passed',
      { status: 'store-reset' },
      { sentAtMs: 1_400, nowMs: 1_600, heldUntilMs: 1_500 },
      { kind: 'deposed', reason: { kind: 'store-reset' } },
    ],
  ];

  it.each(rows)('%s', (_what, outcome, times, expected) => {
    expect(afterRenewal({ outcome, ...times }, timing)).toEqual(expected);
  });
});
