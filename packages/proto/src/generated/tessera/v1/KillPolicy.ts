// Original file: proto/tessera/v1/common.proto

/**
 * How a task is killed: SIGTERM to its whole process group, then SIGKILL after
 * the grace period.
 */
export interface KillPolicy {
  /**
   * Absent or 0: the default of 3 seconds. Must be >= 0.
   */
  gracePeriodSeconds?: number | string;
}

/**
 * How a task is killed: SIGTERM to its whole process group, then SIGKILL after
 * the grace period.
 */
export interface KillPolicy__Output {
  /**
   * Absent or 0: the default of 3 seconds. Must be >= 0.
   */
  gracePeriodSeconds: number;
}
