// Original file: proto/tessera/v1/operator.proto

import type {
  QueuePolicy as _tessera_v1_QueuePolicy,
  QueuePolicy__Output as _tessera_v1_QueuePolicy__Output,
} from '../../tessera/v1/QueuePolicy.js';

export interface SetRolePolicyRequest {
  role?: string;
  policy?: _tessera_v1_QueuePolicy;
}

export interface SetRolePolicyRequest__Output {
  role: string;
  policy: _tessera_v1_QueuePolicy__Output;
}
