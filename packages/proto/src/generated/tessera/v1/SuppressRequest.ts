// Original file: proto/tessera/v1/scheduler.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';

export interface SuppressRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  roles?: string[];
}

export interface SuppressRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  roles: string[];
}
