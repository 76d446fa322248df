// Original file: proto/tessera/v1/chronos.proto

import type { Job as _tessera_v1_Job, Job__Output as _tessera_v1_Job__Output } from '../../tessera/v1/Job.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A job with what Chronos shows beside its definition.
 */
export interface JobStatus {
  job?: _tessera_v1_Job | null;
  successCount?: number | string | Long;
  errorCount?: number | string | Long;
  /**
   * RFC 3339 instants, "" when never.
   */
  lastSuccess?: string;
  lastError?: string;
  /**
   * The next scheduled run, "" when none (dependent, disabled or used up).
   */
  nextRun?: string;
  /**
   * ISO 8601 jobs with Rn: runs left; unset when forever.
   */
  recurrencesLeft?: number | string | Long;
  /**
   * Runs of the job not yet ended.
   */
  activeRuns?: number;
  _recurrencesLeft?: 'recurrencesLeft';
}

/**
 * A job with what Chronos shows beside its definition.
 */
export interface JobStatus__Output {
  job: _tessera_v1_Job__Output | null;
  successCount: number;
  errorCount: number;
  /**
   * RFC 3339 instants, "" when never.
   */
  lastSuccess: string;
  lastError: string;
  /**
   * The next scheduled run, "" when none (dependent, disabled or used up).
   */
  nextRun: string;
  /**
   * ISO 8601 jobs with Rn: runs left; unset when forever.
   */
  recurrencesLeft?: number;
  /**
   * Runs of the job not yet ended.
   */
  activeRuns: number;
  _recurrencesLeft?: 'recurrencesLeft';
}
