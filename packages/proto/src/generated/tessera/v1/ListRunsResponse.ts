// Original file: proto/tessera/v1/chronos.proto

import type { Run as _tessera_v1_Run, Run__Output as _tessera_v1_Run__Output } from '../../tessera/v1/Run.js';

export interface ListRunsResponse {
  runs?: _tessera_v1_Run[];
}

export interface ListRunsResponse__Output {
  runs: _tessera_v1_Run__Output[];
}
