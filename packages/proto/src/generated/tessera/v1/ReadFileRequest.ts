// Original file: proto/tessera/v1/agent.proto

import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';
import type { Long } from '@grpc/proto-loader';

export interface ReadFileRequest {
  taskId?: _tessera_v1_TaskID | null;
  path?: string;
  offset?: number | string | Long;
  /**
   * 0: up to 1 MiB (the maximum).
   */
  length?: number | string | Long;
}

export interface ReadFileRequest__Output {
  taskId: _tessera_v1_TaskID__Output | null;
  path: string;
  offset: number;
  /**
   * 0: up to 1 MiB (the maximum).
   */
  length: number;
}
