// Original file: proto/tessera/v1/chronos.proto

import type { Run as _tessera_v1_Run, Run__Output as _tessera_v1_Run__Output } from '../../tessera/v1/Run.js';

export interface RunJobResponse {
  run?: _tessera_v1_Run | null;
}

export interface RunJobResponse__Output {
  run: _tessera_v1_Run__Output | null;
}
