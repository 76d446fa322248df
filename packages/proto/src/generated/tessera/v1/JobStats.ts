// Original file: proto/tessera/v1/chronos.proto

import type {
  Percentiles as _tessera_v1_Percentiles,
  Percentiles__Output as _tessera_v1_Percentiles__Output,
} from '../../tessera/v1/Percentiles.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Over the runs kept in the history.
 */
export interface JobStats {
  job?: string;
  successCount?: number | string | Long;
  errorCount?: number | string | Long;
  skippedCount?: number | string | Long;
  /**
   * Run durations (TASK_RUNNING → end of the last attempt), seconds.
   */
  durationSeconds?: _tessera_v1_Percentiles | null;
  /**
   * Start lateness (scheduled time → TASK_RUNNING of the first attempt), seconds.
   */
  latenessSeconds?: _tessera_v1_Percentiles | null;
}

/**
 * Over the runs kept in the history.
 */
export interface JobStats__Output {
  job: string;
  successCount: number;
  errorCount: number;
  skippedCount: number;
  /**
   * Run durations (TASK_RUNNING → end of the last attempt), seconds.
   */
  durationSeconds: _tessera_v1_Percentiles__Output | null;
  /**
   * Start lateness (scheduled time → TASK_RUNNING of the first attempt), seconds.
   */
  latenessSeconds: _tessera_v1_Percentiles__Output | null;
}
