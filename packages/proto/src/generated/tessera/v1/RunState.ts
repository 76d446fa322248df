// Original file: proto/tessera/v1/chronos.proto

export const RunState = {
  RUN_STATE_UNSPECIFIED: 'RUN_STATE_UNSPECIFIED',
  /**
   * Recorded; its task is not launched yet.
   */
  RUN_STATE_DUE: 'RUN_STATE_DUE',
  RUN_STATE_LAUNCHED: 'RUN_STATE_LAUNCHED',
  RUN_STATE_RUNNING: 'RUN_STATE_RUNNING',
  RUN_STATE_SUCCEEDED: 'RUN_STATE_SUCCEEDED',
  /**
   * Its last attempt failed.
   */
  RUN_STATE_FAILED: 'RUN_STATE_FAILED',
  /**
   * Not launched: later than the epsilon, or refused by the concurrency policy.
   */
  RUN_STATE_SKIPPED: 'RUN_STATE_SKIPPED',
  RUN_STATE_KILLED: 'RUN_STATE_KILLED',
} as const;

export type RunState =
  | 'RUN_STATE_UNSPECIFIED'
  | 0
  /**
   * Recorded; its task is not launched yet.
   */
  | 'RUN_STATE_DUE'
  | 1
  | 'RUN_STATE_LAUNCHED'
  | 2
  | 'RUN_STATE_RUNNING'
  | 3
  | 'RUN_STATE_SUCCEEDED'
  | 4
  /**
   * Its last attempt failed.
   */
  | 'RUN_STATE_FAILED'
  | 5
  /**
   * Not launched: later than the epsilon, or refused by the concurrency policy.
   */
  | 'RUN_STATE_SKIPPED'
  | 6
  | 'RUN_STATE_KILLED'
  | 7;

export type RunState__Output = (typeof RunState)[keyof typeof RunState];
