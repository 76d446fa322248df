// Original file: proto/tessera/v1/operator.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';

export interface TeardownFrameworkRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
}

export interface TeardownFrameworkRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
}
