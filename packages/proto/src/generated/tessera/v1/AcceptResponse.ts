// Original file: proto/tessera/v1/scheduler.proto

import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';

export interface AcceptResponse {
  /**
   * The tasks that were sent to the agent, in launch order.
   */
  launchedTaskIds?: _tessera_v1_TaskID[];
}

export interface AcceptResponse__Output {
  /**
   * The tasks that were sent to the agent, in launch order.
   */
  launchedTaskIds: _tessera_v1_TaskID__Output[];
}
