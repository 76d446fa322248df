// Original file: proto/tessera/v1/agent.proto

import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';

export interface ListFilesRequest {
  taskId?: _tessera_v1_TaskID | null;
  /**
   * Relative directory in the sandbox; "" is the sandbox root.
   */
  path?: string;
}

export interface ListFilesRequest__Output {
  taskId: _tessera_v1_TaskID__Output | null;
  /**
   * Relative directory in the sandbox; "" is the sandbox root.
   */
  path: string;
}
