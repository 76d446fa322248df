// Original file: proto/tessera/v1/scheduler.proto

import type {
  TaskStatus as _tessera_v1_TaskStatus,
  TaskStatus__Output as _tessera_v1_TaskStatus__Output,
} from '../../tessera/v1/TaskStatus.js';

export interface ReconcileResponse {
  /**
   * One status per named task (or per known task), with reason REASON_RECONCILIATION
   * and no uuid (reconciliation answers need no acknowledgement).
   */
  statuses?: _tessera_v1_TaskStatus[];
}

export interface ReconcileResponse__Output {
  /**
   * One status per named task (or per known task), with reason REASON_RECONCILIATION
   * and no uuid (reconciliation answers need no acknowledgement).
   */
  statuses: _tessera_v1_TaskStatus__Output[];
}
