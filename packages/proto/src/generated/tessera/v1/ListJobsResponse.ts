// Original file: proto/tessera/v1/chronos.proto

import type {
  JobStatus as _tessera_v1_JobStatus,
  JobStatus__Output as _tessera_v1_JobStatus__Output,
} from '../../tessera/v1/JobStatus.js';

export interface ListJobsResponse {
  jobs?: _tessera_v1_JobStatus[];
}

export interface ListJobsResponse__Output {
  jobs: _tessera_v1_JobStatus__Output[];
}
