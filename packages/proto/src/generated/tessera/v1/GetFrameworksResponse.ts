// Original file: proto/tessera/v1/operator.proto

import type {
  FrameworkState as _tessera_v1_FrameworkState,
  FrameworkState__Output as _tessera_v1_FrameworkState__Output,
} from '../../tessera/v1/FrameworkState.js';

export interface GetFrameworksResponse {
  frameworks?: _tessera_v1_FrameworkState[];
}

export interface GetFrameworksResponse__Output {
  frameworks: _tessera_v1_FrameworkState__Output[];
}
