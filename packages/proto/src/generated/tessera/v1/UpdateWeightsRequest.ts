// Original file: proto/tessera/v1/operator.proto

import type {
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from '../../tessera/v1/WeightInfo.js';

export interface UpdateWeightsRequest {
  weights?: _tessera_v1_WeightInfo[];
}

export interface UpdateWeightsRequest__Output {
  weights: _tessera_v1_WeightInfo__Output[];
}
