// Original file: proto/tessera/v1/common.proto

/**
 * Filters a framework attaches to a Decline (or to the unused part of an Accept).
 */
export interface Filters {
  /**
   * How long the declined agent's resources are kept away from this framework.
   * Absent or 0: the default of 5 seconds. Must be >= 0 and finite.
   */
  refuseSeconds?: number | string;
}

/**
 * Filters a framework attaches to a Decline (or to the unused part of an Accept).
 */
export interface Filters__Output {
  /**
   * How long the declined agent's resources are kept away from this framework.
   * Absent or 0: the default of 5 seconds. Must be >= 0 and finite.
   */
  refuseSeconds: number;
}
