// Original file: proto/tessera/v1/operator.proto

import type { Quota as _tessera_v1_Quota, Quota__Output as _tessera_v1_Quota__Output } from '../../tessera/v1/Quota.js';

export interface GetQuotaResponse {
  quotas?: _tessera_v1_Quota[];
}

export interface GetQuotaResponse__Output {
  quotas: _tessera_v1_Quota__Output[];
}
