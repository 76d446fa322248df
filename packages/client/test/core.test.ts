import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acknowledgementRetryable,
  callFailure,
  DEFAULT_RESUBSCRIBE_BACKOFF,
  resubscribeDelayMs,
  subscribeRefusal,
  suppressedAfterRevive,
  suppressedAfterSuppress,
  triesAnotherMaster,
} from '../src/core/index.js';

describe('resubscribeDelayMs', () => {
  it.each([
    // ceiling = min(5000, 250 · 2^attempt); delay = ceiling · (0.5 + random / 2)
    [0, 0, 125], // 250 · 0.5
    [0, 1, 250], // 250 · 1
    [1, 0.5, 375], // 500 · 0.75
    [2, 1, 1_000], // 1000 · 1
    [4, 1, 4_000],
    [5, 1, 5_000], // 8000 capped at 5000
    [5, 0, 2_500], // 5000 · 0.5
    [1_000, 1, 5_000], // no overflow for huge attempts
    [-3, 1, 250], // a negative attempt counts as the first
    [0, 7, 250], // random above 1 is clamped
  ])('attempt %i, random %f → %i ms', (attempt, random, delayMs) => {
    expect(resubscribeDelayMs(DEFAULT_RESUBSCRIBE_BACKOFF, attempt, random)).toBe(delayMs);
  });

  it('stays within [ceiling / 2, ceiling], and the ceiling never falls as attempts grow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.nat({ max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (initialMs, extraMs, attempt, random) => {
          const backoff = { initialMs, maxMs: initialMs + extraMs };
          const delay = resubscribeDelayMs(backoff, attempt, random);
          const ceiling = resubscribeDelayMs(backoff, attempt, 1);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(backoff.maxMs);
          expect(resubscribeDelayMs(backoff, attempt + 1, 1)).toBeGreaterThanOrEqual(ceiling);
        },
      ),
    );
  });
});

describe('verdicts on failed answers', () => {
  const answer = (code: status, errorName = '') => ({ code, errorName });

  it.each([
    [answer(status.FAILED_PRECONDITION, 'FrameworkRemovedError'), 'permanent'],
    [answer(status.INVALID_ARGUMENT, 'InvalidFrameworkInfoError'), 'permanent'],
    [answer(status.PERMISSION_DENIED), 'permanent'],
    [answer(status.UNAVAILABLE), 'transient'],
    [answer(status.DEADLINE_EXCEEDED), 'transient'],
    [answer(status.INTERNAL), 'transient'],
    [answer(status.CANCELLED), 'transient'],
  ])('Subscribe refused with %o is %s', (failed, verdict) => {
    expect(subscribeRefusal(failed)).toBe(verdict);
  });

  it.each([
    [answer(status.UNAVAILABLE), 'disconnected'],
    [answer(status.FAILED_PRECONDITION, 'FrameworkNotSubscribedError'), 'disconnected'],
    [answer(status.FAILED_PRECONDITION, 'AgentGoneError'), 'refused'],
    [answer(status.INVALID_ARGUMENT, 'InvalidCallError'), 'refused'],
    [answer(status.DEADLINE_EXCEEDED), 'refused'],
  ])('a call failed with %o: %s', (failed, verdict) => {
    expect(callFailure(failed)).toBe(verdict);
  });

  it.each([
    [answer(status.UNAVAILABLE), true],
    [answer(status.FAILED_PRECONDITION, 'FrameworkNotSubscribedError'), true],
    [answer(status.DEADLINE_EXCEEDED), true],
    [answer(status.INTERNAL), true],
    [answer(status.INVALID_ARGUMENT, 'InvalidCallError'), false], // e.g. the master no longer knows the task
    [answer(status.NOT_FOUND), false],
  ])('an acknowledgement failed with %o is retried: %s', (failed, retried) => {
    expect(acknowledgementRetryable(failed)).toBe(retried);
  });

  it.each([
    [answer(status.UNAVAILABLE), true], // unreachable, or a follower (NotLeaderError)
    [answer(status.UNAVAILABLE, 'NotLeaderError'), true],
    [answer(status.DEADLINE_EXCEEDED), true],
    [undefined, true], // no gRPC answer: the stream ended, no SUBSCRIBED in time, heartbeats missed
    [answer(status.INTERNAL), false], // the master answered: it serves
    [answer(status.FAILED_PRECONDITION, 'FrameworkRemovedError'), false],
    [answer(status.CANCELLED), false],
  ])('a failed attempt with %o tries another master: %s', (failed, another) => {
    expect(triesAnotherMaster(failed)).toBe(another);
  });
});

describe('suppressed roles kept for re-subscription', () => {
  const roles = ['web', 'batch', 'gpu'];
  it.each([
    // [suppressed before, call, roles of the call, suppressed after]
    [[], 'suppress', ['web'], ['web']],
    [['web'], 'suppress', [], ['web', 'batch', 'gpu']], // none named: every role
    [['web', 'gpu'], 'revive', ['gpu'], ['web']],
    [['web', 'gpu'], 'revive', [], []], // none named: every role
    [['web'], 'revive', ['batch'], ['web']],
  ] as const)('%j, %s %j → %j', (before, change, named, after) => {
    const next =
      change === 'suppress'
        ? suppressedAfterSuppress(new Set(before), named, roles)
        : suppressedAfterRevive(new Set(before), named);
    expect([...next].sort()).toEqual([...after].sort());
  });
});
