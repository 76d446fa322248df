// Original file: proto/tessera/v1/common.proto

/**
 * Filters a framework attaches to a Decline (or to the unused part of an Accept).
 * As in Mesos: a call without Filters refuses the resources for the default 5
 * seconds; Filters with refuse_seconds 0 refuses them not at all.
 */
export interface Filters {
  /**
   * How long the declined agent's resources are kept away from this framework.
   * Must be >= 0 and finite.
   */
  refuseSeconds?: number | string;
}

/**
 * Filters a framework attaches to a Decline (or to the unused part of an Accept).
 * As in Mesos: a call without Filters refuses the resources for the default 5
 * seconds; Filters with refuse_seconds 0 refuses them not at all.
 */
export interface Filters__Output {
  /**
   * How long the declined agent's resources are kept away from this framework.
   * Must be >= 0 and finite.
   */
  refuseSeconds: number;
}
