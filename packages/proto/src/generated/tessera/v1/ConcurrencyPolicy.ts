// Original file: proto/tessera/v1/chronos.proto

export const ConcurrencyPolicy = {
  CONCURRENCY_POLICY_UNSPECIFIED: 'CONCURRENCY_POLICY_UNSPECIFIED',
  /**
   * Runs may overlap (Chronos's concurrent: true).
   */
  CONCURRENCY_POLICY_ALLOW: 'CONCURRENCY_POLICY_ALLOW',
  /**
   * A run due while another is active is recorded as skipped.
   */
  CONCURRENCY_POLICY_FORBID: 'CONCURRENCY_POLICY_FORBID',
  /**
   * A run due while another is active kills it and starts.
   */
  CONCURRENCY_POLICY_REPLACE: 'CONCURRENCY_POLICY_REPLACE',
} as const;

export type ConcurrencyPolicy =
  | 'CONCURRENCY_POLICY_UNSPECIFIED'
  | 0
  /**
   * Runs may overlap (Chronos's concurrent: true).
   */
  | 'CONCURRENCY_POLICY_ALLOW'
  | 1
  /**
   * A run due while another is active is recorded as skipped.
   */
  | 'CONCURRENCY_POLICY_FORBID'
  | 2
  /**
   * A run due while another is active kills it and starts.
   */
  | 'CONCURRENCY_POLICY_REPLACE'
  | 3;

export type ConcurrencyPolicy__Output = (typeof ConcurrencyPolicy)[keyof typeof ConcurrencyPolicy];
