// Original file: proto/tessera/v1/operator.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';

export interface KillTaskRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  taskId?: _tessera_v1_TaskID | null;
}

export interface KillTaskRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  taskId: _tessera_v1_TaskID__Output | null;
}
