// Original file: proto/tessera/v1/allocator.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';

export interface ExplainRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  role?: string;
}

export interface ExplainRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  role: string;
}
