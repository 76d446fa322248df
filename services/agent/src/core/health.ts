/**
 * Task health, with Mesos's semantics, as a pure state machine: the shell runs
 * the checks (`../health-checker.ts`) and feeds each result in with the time;
 * the monitor answers whether to report a health change and whether to kill.
 *
 * Rules (times relative to `startedAtMs`, when the task became TASK_RUNNING):
 * - The first check runs after `delayMs`; the next one `intervalMs` after the
 *   previous one finished (checks never overlap). A check that takes longer than
 *   `timeoutMs` is a failure.
 * - Grace period: a failure before `startedAtMs + gracePeriodMs` is ignored —
 *   it neither counts nor is reported — unless a check has already succeeded.
 * - Health is reported when it first becomes known and whenever it changes
 *   (healthy → unhealthy on the first counted failure, unhealthy → healthy on the
 *   next success), never twice in a row with the same value.
 * - After `consecutiveFailures` counted failures in a row the task is killed
 *   (once); the monitor ignores every later result.
 */
import type { HealthCheckTiming } from './types.js';

/** Mesos's defaults (HealthCheck in common.proto). */
export const DEFAULT_HEALTH_CHECK_TIMING: HealthCheckTiming = {
  delayMs: 15_000,
  intervalMs: 10_000,
  timeoutMs: 20_000,
  consecutiveFailures: 3,
  gracePeriodMs: 10_000,
};

/** The outcome of one check. `message` says what was seen ("HTTP 404", "exit status 1", "timed out after 1 s"). */
export interface HealthCheckResult {
  readonly healthy: boolean;
  readonly message: string;
}

export interface HealthDecision {
  /** False when the result was ignored (grace period, or after the kill). */
  readonly counted: boolean;
  /** A health change to report (TASK_RUNNING with `healthy`), if any. */
  readonly report: HealthCheckResult | undefined;
  /** Kill the task; the message says why. Given at most once. */
  readonly kill: string | undefined;
}

export class HealthMonitor {
  private reported: boolean | undefined;
  private everHealthy = false;
  private failuresInARow = 0;
  private killed = false;

  constructor(
    readonly timing: HealthCheckTiming,
    private readonly startedAtMs: number,
  ) {
    if (!(timing.consecutiveFailures >= 1)) {
      throw new RangeError(`consecutiveFailures must be >= 1, got ${timing.consecutiveFailures}`);
    }
  }

  /** The health last reported; undefined while unknown. */
  get healthy(): boolean | undefined {
    return this.reported;
  }

  /** Counted failures since the last success. */
  get consecutiveFailures(): number {
    return this.failuresInARow;
  }

  /** Feeds one check's result, observed at `nowMs`. */
  record(result: HealthCheckResult, nowMs: number): HealthDecision {
    if (this.killed) return { counted: false, report: undefined, kill: undefined };
    if (result.healthy) {
      this.everHealthy = true;
      this.failuresInARow = 0;
      return { counted: true, report: this.change(result), kill: undefined };
    }
    if (!this.everHealthy && nowMs < this.startedAtMs + this.timing.gracePeriodMs) {
      return { counted: false, report: undefined, kill: undefined };
    }
    this.failuresInARow += 1;
    const report = this.change(result);
    if (this.failuresInARow < this.timing.consecutiveFailures) return { counted: true, report, kill: undefined };
    this.killed = true;
    const kill = `Health check failed ${this.failuresInARow} consecutive times (last: ${result.message}); task killed`;
    return { counted: true, report, kill };
  }

  private change(result: HealthCheckResult): HealthCheckResult | undefined {
    if (this.reported === result.healthy) return undefined;
    this.reported = result.healthy;
    return result;
  }
}
