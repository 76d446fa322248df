/**
 * The launch delay over random failure histories:
 * - it is always within [min(backoffSeconds, max), maxLaunchDelaySeconds]
 *   (= [backoffSeconds, max] for every valid app, where backoffSeconds <= max);
 * - between resets (a new config version, resetDelay, or maxLaunchDelaySeconds
 *   without a failure) it never shrinks, and each failure grows it to
 *   min(previous × factor, max);
 * - events that do not count (a kill, an unreachable task) leave it as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '../src/core/index.js';
import { appDef, FakeClock, iso, newCore, placement, status } from './instance-fixtures.js';

type Event =
  | { readonly kind: 'failure'; readonly afterSeconds: number }
  | { readonly kind: 'kill'; readonly afterSeconds: number }
  | { readonly kind: 'unreachable'; readonly afterSeconds: number }
  | { readonly kind: 'configChange'; readonly afterSeconds: number }
  | { readonly kind: 'scale'; readonly afterSeconds: number }
  | { readonly kind: 'resetDelay'; readonly afterSeconds: number };

const gap = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4000 }));
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 6, arbitrary: gap.map((afterSeconds) => ({ kind: 'failure' as const, afterSeconds })) },
  { weight: 1, arbitrary: gap.map((afterSeconds) => ({ kind: 'kill' as const, afterSeconds })) },
  { weight: 1, arbitrary: gap.map((afterSeconds) => ({ kind: 'unreachable' as const, afterSeconds })) },
  { weight: 1, arbitrary: gap.map((afterSeconds) => ({ kind: 'configChange' as const, afterSeconds })) },
  { weight: 1, arbitrary: gap.map((afterSeconds) => ({ kind: 'scale' as const, afterSeconds })) },
  { weight: 1, arbitrary: gap.map((afterSeconds) => ({ kind: 'resetDelay' as const, afterSeconds })) },
);

const backoffSettings = fc.record({
  backoffSeconds: fc.double({ min: 0.001, max: 600, noNaN: true }),
  backoffFactor: fc.double({ min: 1, max: 4, noNaN: true }),
  maxLaunchDelaySeconds: fc.integer({ min: 0, max: 3600 }),
});

describe('launch delay (property)', () => {
  it('stays within its bounds and never shrinks between resets', () => {
    fc.assert(
      fc.property(backoffSettings, fc.array(event, { maxLength: 60 }), (settings, events) => {
        const clock = new FakeClock();
        // Unreachable strategy disabled: the one slot is never replaced, its task always comes back.
        const core = newCore([appDef('/web', { ...settings, unreachableStrategy: 'disabled' })]);
        const { tracker, queue } = core;
        tracker.schedule(core.apps.get('/web') as AppDefinition, 1, clock.nowMs);
        const first = Math.min(settings.backoffSeconds, settings.maxLaunchDelaySeconds);
        const delay = (): number | undefined => queue.backoff('/web', clock.nowMs)?.delaySeconds;
        let versionMs = clock.nowMs;
        /** A new app version, later than every earlier one. */
        const nextVersion = (): string => iso((versionMs = Math.max(versionMs + 1, clock.nowMs)));
        /**
         * Ends the slot's next task with `state` (launched and running first).
         * Answers whether the task ran the app's current config.
         */
        const endWith = (state: 'TASK_FAILED' | 'TASK_KILLED' | 'TASK_UNREACHABLE'): boolean => {
          const instance = tracker.get('web.instance-u1');
          if (instance?.condition === 'Unreachable') {
            tracker.statusUpdate(status(instance.taskId as string, 'TASK_RUNNING'), clock.nowMs);
          } else if (instance?.condition === 'Scheduled') {
            tracker.provision('web.instance-u1', placement(), clock.nowMs);
          }
          const launched = tracker.get('web.instance-u1');
          const taskId = launched?.taskId as string;
          const current =
            (launched?.appVersion ?? '') >= (core.apps.get('/web') as AppDefinition).versionInfo.lastConfigChangeAt;
          tracker.statusUpdate(status(taskId, 'TASK_RUNNING'), clock.nowMs);
          tracker.statusUpdate(status(taskId, state), clock.nowMs);
          return current;
        };
        let lastFailureMs: number | undefined;
        let expected: number | undefined; // the delay as the rules say, reset included
        for (const next of events) {
          clock.advanceSeconds(next.afterSeconds);
          // maxLaunchDelaySeconds without a failure: lapsed.
          if (lastFailureMs !== undefined && clock.nowMs > lastFailureMs + settings.maxLaunchDelaySeconds * 1000) {
            expected = undefined;
          }
          const before = delay();
          expect(before).toBe(expected);
          const app = core.apps.get('/web') as AppDefinition;
          switch (next.kind) {
            case 'failure':
              // A task still running an older config (it was unreachable across the change) does not count.
              if (endWith('TASK_FAILED')) {
                expected =
                  expected === undefined
                    ? first
                    : Math.min(settings.maxLaunchDelaySeconds, expected * settings.backoffFactor);
                lastFailureMs = clock.nowMs;
              }
              break;
            case 'kill':
              endWith('TASK_KILLED');
              break;
            case 'unreachable':
              endWith('TASK_UNREACHABLE');
              break;
            case 'configChange': {
              const at = nextVersion();
              core.setApp({ ...app, version: at, versionInfo: { lastScalingAt: at, lastConfigChangeAt: at } });
              expected = undefined;
              break;
            }
            case 'scale': {
              const at = nextVersion();
              core.setApp({ ...app, version: at, versionInfo: { ...app.versionInfo, lastScalingAt: at } });
              break;
            }
            case 'resetDelay':
              queue.resetDelay('/web');
              expected = undefined;
              break;
          }
          const after = delay();
          expect(after).toBe(expected);
          if (after !== undefined) {
            expect(after).toBeGreaterThanOrEqual(first);
            expect(after).toBeLessThanOrEqual(settings.maxLaunchDelaySeconds);
            // A failure never shrinks it; anything else leaves it or resets it.
            if (before !== undefined) expect(after).toBeGreaterThanOrEqual(before);
          }
        }
      }),
    );
  });
});
