// Original file: proto/tessera/v1/chronos.proto

import type {
  RunCause as _tessera_v1_RunCause,
  RunCause__Output as _tessera_v1_RunCause__Output,
} from '../../tessera/v1/RunCause.js';
import type {
  RunState as _tessera_v1_RunState,
  RunState__Output as _tessera_v1_RunState__Output,
} from '../../tessera/v1/RunState.js';
import type {
  RunAttempt as _tessera_v1_RunAttempt,
  RunAttempt__Output as _tessera_v1_RunAttempt__Output,
} from '../../tessera/v1/RunAttempt.js';
import type { Long } from '@grpc/proto-loader';

export interface Run {
  job?: string;
  /**
   * The run's identity with `job`: RFC 3339 with milliseconds.
   */
  scheduledAt?: string;
  cause?: _tessera_v1_RunCause;
  state?: _tessera_v1_RunState;
  recordedAt?: string;
  skipReason?: string;
  /**
   * A skipped record may stand for several consecutive scheduled times
   * (a leader away for a long while): how many, up to `last_skipped_at`.
   */
  skippedCount?: number | string | Long;
  lastSkippedAt?: string;
  arguments?: string[];
  attempts?: _tessera_v1_RunAttempt[];
}

export interface Run__Output {
  job: string;
  /**
   * The run's identity with `job`: RFC 3339 with milliseconds.
   */
  scheduledAt: string;
  cause: _tessera_v1_RunCause__Output;
  state: _tessera_v1_RunState__Output;
  recordedAt: string;
  skipReason: string;
  /**
   * A skipped record may stand for several consecutive scheduled times
   * (a leader away for a long while): how many, up to `last_skipped_at`.
   */
  skippedCount: number;
  lastSkippedAt: string;
  arguments: string[];
  attempts: _tessera_v1_RunAttempt__Output[];
}
