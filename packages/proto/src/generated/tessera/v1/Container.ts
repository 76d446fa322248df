// Original file: proto/tessera/v1/agent.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';
import type {
  ResourceUsage as _tessera_v1_ResourceUsage,
  ResourceUsage__Output as _tessera_v1_ResourceUsage__Output,
} from '../../tessera/v1/ResourceUsage.js';

export interface Container {
  frameworkId?: _tessera_v1_FrameworkID | null;
  taskId?: _tessera_v1_TaskID | null;
  pid?: number;
  usage?: _tessera_v1_ResourceUsage | null;
}

export interface Container__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  taskId: _tessera_v1_TaskID__Output | null;
  pid: number;
  usage: _tessera_v1_ResourceUsage__Output | null;
}
