// Original file: proto/tessera/v1/chronos.proto

import type { Run as _tessera_v1_Run, Run__Output as _tessera_v1_Run__Output } from '../../tessera/v1/Run.js';

/**
 * A fact about a run, as also published on NATS `tessera.chronos.run.<type>`.
 */
export interface RunEvent {
  /**
   * "scheduled", "started", "succeeded", "failed", "skipped", "retried", "killed".
   */
  type?: string;
  run?: _tessera_v1_Run | null;
  /**
   * RFC 3339, when it happened.
   */
  timestamp?: string;
}

/**
 * A fact about a run, as also published on NATS `tessera.chronos.run.<type>`.
 */
export interface RunEvent__Output {
  /**
   * "scheduled", "started", "succeeded", "failed", "skipped", "retried", "killed".
   */
  type: string;
  run: _tessera_v1_Run__Output | null;
  /**
   * RFC 3339, when it happened.
   */
  timestamp: string;
}
