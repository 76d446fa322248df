// Original file: proto/tessera/v1/chronos.proto

import type {
  JobStatus as _tessera_v1_JobStatus,
  JobStatus__Output as _tessera_v1_JobStatus__Output,
} from '../../tessera/v1/JobStatus.js';

export interface SetJobDisabledResponse {
  job?: _tessera_v1_JobStatus | null;
}

export interface SetJobDisabledResponse__Output {
  job: _tessera_v1_JobStatus__Output | null;
}
