// Original file: proto/tessera/v1/chronos.proto

import type { Job as _tessera_v1_Job, Job__Output as _tessera_v1_Job__Output } from '../../tessera/v1/Job.js';

export interface PutJobRequest {
  job?: _tessera_v1_Job | null;
}

export interface PutJobRequest__Output {
  job: _tessera_v1_Job__Output | null;
}
