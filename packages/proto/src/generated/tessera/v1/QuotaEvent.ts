// Original file: proto/tessera/v1/events.proto

import type { Quota as _tessera_v1_Quota, Quota__Output as _tessera_v1_Quota__Output } from '../../tessera/v1/Quota.js';

export interface QuotaEvent {
  quota?: _tessera_v1_Quota | null;
  removed?: boolean;
}

export interface QuotaEvent__Output {
  quota: _tessera_v1_Quota__Output | null;
  removed: boolean;
}
