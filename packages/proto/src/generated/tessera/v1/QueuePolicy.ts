// Original file: proto/tessera/v1/common.proto

/**
 * How a role orders its own frameworks.
 */
export const QueuePolicy = {
  QUEUE_POLICY_UNSPECIFIED: 'QUEUE_POLICY_UNSPECIFIED',
  /**
   * Dominant Resource Fairness (default).
   */
  DRF: 'DRF',
  /**
   * Subscription order.
   */
  FIFO: 'FIFO',
  /**
   * Framework priority, higher first; DRF among equals.
   */
  PRIORITY: 'PRIORITY',
} as const;

/**
 * How a role orders its own frameworks.
 */
export type QueuePolicy =
  | 'QUEUE_POLICY_UNSPECIFIED'
  | 0
  /**
   * Dominant Resource Fairness (default).
   */
  | 'DRF'
  | 1
  /**
   * Subscription order.
   */
  | 'FIFO'
  | 2
  /**
   * Framework priority, higher first; DRF among equals.
   */
  | 'PRIORITY'
  | 3;

/**
 * How a role orders its own frameworks.
 */
export type QueuePolicy__Output = (typeof QueuePolicy)[keyof typeof QueuePolicy];
