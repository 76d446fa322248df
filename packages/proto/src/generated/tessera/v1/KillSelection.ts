// Original file: proto/tessera/v1/marathon.proto

export const KillSelection = {
  /**
   * YOUNGEST_FIRST
   */
  KILL_SELECTION_UNSPECIFIED: 'KILL_SELECTION_UNSPECIFIED',
  YOUNGEST_FIRST: 'YOUNGEST_FIRST',
  OLDEST_FIRST: 'OLDEST_FIRST',
} as const;

export type KillSelection =
  /**
   * YOUNGEST_FIRST
   */
  'KILL_SELECTION_UNSPECIFIED' | 0 | 'YOUNGEST_FIRST' | 1 | 'OLDEST_FIRST' | 2;

export type KillSelection__Output = (typeof KillSelection)[keyof typeof KillSelection];
