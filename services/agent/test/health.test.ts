import { describe, expect, it } from 'vitest';
import { HealthMonitor, type HealthDecision } from '../src/core/health.js';
import type { HealthCheckTiming } from '../src/core/types.js';

const timing: HealthCheckTiming = {
  delayMs: 1_000,
  intervalMs: 1_000,
  timeoutMs: 500,
  consecutiveFailures: 3,
  gracePeriodMs: 5_000,
};

type Step = readonly [atMs: number, healthy: boolean];
type Expected = Pick<HealthDecision, 'counted' | 'kill'> & { report: boolean | undefined };

/** Feeds results at the given times (task started at 0) and returns each decision, simplified. */
function run(steps: readonly Step[], overrides: Partial<HealthCheckTiming> = {}): Expected[] {
  const monitor = new HealthMonitor({ ...timing, ...overrides }, 0);
  return steps.map(([atMs, healthy]) => {
    const decision = monitor.record({ healthy, message: healthy ? 'ok' : 'HTTP 500' }, atMs);
    return { counted: decision.counted, report: decision.report?.healthy, kill: decision.kill };
  });
}

const ignored: Expected = { counted: false, report: undefined, kill: undefined };
const quiet: Expected = { counted: true, report: undefined, kill: undefined };
const nowHealthy: Expected = { counted: true, report: true, kill: undefined };
const nowUnhealthy: Expected = { counted: true, report: false, kill: undefined };
const killed = (n: number, report: boolean | undefined): Expected => ({
  counted: true,
  report,
  kill: `Health check failed ${n} consecutive times (last: HTTP 500); task killed`,
});

describe('HealthMonitor', () => {
  it.each<{ name: string; steps: Step[]; expected: Expected[]; overrides?: Partial<HealthCheckTiming> }>([
    {
      // grace ends at 5000: failures at 1000..4000 are ignored; the first one after counts.
      name: 'failures in the grace period are ignored until it ends',
      steps: [
        [1_000, false],
        [4_999, false],
        [5_000, false],
        [6_000, false],
        [7_000, false],
      ],
      expected: [ignored, ignored, nowUnhealthy, quiet, killed(3, undefined)],
    },
    {
      // after the first success the grace period no longer protects: 3 failures at 2000..4000 kill.
      name: 'a success ends the grace period early',
      steps: [
        [1_000, true],
        [2_000, false],
        [3_000, false],
        [4_000, false],
      ],
      expected: [nowHealthy, nowUnhealthy, quiet, killed(3, undefined)],
    },
    {
      // reported once when first known, then only on changes; a success resets the count (2 + 2 < 3 in a row).
      name: 'reports changes only, and a success resets the consecutive failures',
      steps: [
        [1_000, true],
        [2_000, true],
        [3_000, false],
        [4_000, false],
        [5_000, true],
        [6_000, false],
        [7_000, false],
      ],
      expected: [nowHealthy, quiet, nowUnhealthy, quiet, nowHealthy, nowUnhealthy, quiet],
    },
    {
      name: 'one failure kills when consecutiveFailures is 1, and later results are ignored',
      overrides: { consecutiveFailures: 1, gracePeriodMs: 0 },
      steps: [
        [1_000, false],
        [2_000, true],
      ],
      expected: [killed(1, false), ignored],
    },
  ])('$name', ({ steps, expected, overrides }) => {
    expect(run(steps, overrides)).toEqual(expected);
  });

  it('rejects consecutiveFailures below 1', () => {
    expect(() => new HealthMonitor({ ...timing, consecutiveFailures: 0 }, 0)).toThrow(RangeError);
  });

  it('exposes the reported health and the counted failures', () => {
    const monitor = new HealthMonitor(timing, 10_000);
    expect(monitor.healthy).toBeUndefined();
    monitor.record({ healthy: false, message: 'x' }, 11_000); // in grace (ends 15000): ignored
    expect([monitor.healthy, monitor.consecutiveFailures]).toEqual([undefined, 0]);
    monitor.record({ healthy: true, message: 'ok' }, 12_000);
    monitor.record({ healthy: false, message: 'x' }, 13_000);
    expect([monitor.healthy, monitor.consecutiveFailures]).toEqual([false, 1]);
  });
});
