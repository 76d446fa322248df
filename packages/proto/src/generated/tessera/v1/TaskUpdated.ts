// Original file: proto/tessera/v1/events.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  TaskStatus as _tessera_v1_TaskStatus,
  TaskStatus__Output as _tessera_v1_TaskStatus__Output,
} from '../../tessera/v1/TaskStatus.js';

export interface TaskUpdated {
  frameworkId?: _tessera_v1_FrameworkID | null;
  status?: _tessera_v1_TaskStatus | null;
  taskName?: string;
}

export interface TaskUpdated__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  status: _tessera_v1_TaskStatus__Output | null;
  taskName: string;
}
