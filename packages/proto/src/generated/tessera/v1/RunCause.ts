// Original file: proto/tessera/v1/chronos.proto

export const RunCause = {
  RUN_CAUSE_UNSPECIFIED: 'RUN_CAUSE_UNSPECIFIED',
  RUN_CAUSE_SCHEDULE: 'RUN_CAUSE_SCHEDULE',
  RUN_CAUSE_MANUAL: 'RUN_CAUSE_MANUAL',
  RUN_CAUSE_DEPENDENCY: 'RUN_CAUSE_DEPENDENCY',
} as const;

export type RunCause =
  'RUN_CAUSE_UNSPECIFIED' | 0 | 'RUN_CAUSE_SCHEDULE' | 1 | 'RUN_CAUSE_MANUAL' | 2 | 'RUN_CAUSE_DEPENDENCY' | 3;

export type RunCause__Output = (typeof RunCause)[keyof typeof RunCause];
