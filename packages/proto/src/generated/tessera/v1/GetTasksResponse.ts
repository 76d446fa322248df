// Original file: proto/tessera/v1/operator.proto

import type {
  TaskRecord as _tessera_v1_TaskRecord,
  TaskRecord__Output as _tessera_v1_TaskRecord__Output,
} from '../../tessera/v1/TaskRecord.js';

export interface GetTasksResponse {
  tasks?: _tessera_v1_TaskRecord[];
}

export interface GetTasksResponse__Output {
  tasks: _tessera_v1_TaskRecord__Output[];
}
