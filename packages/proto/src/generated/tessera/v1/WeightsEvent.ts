// Original file: proto/tessera/v1/events.proto

import type {
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from '../../tessera/v1/WeightInfo.js';

export interface WeightsEvent {
  weights?: _tessera_v1_WeightInfo[];
}

export interface WeightsEvent__Output {
  weights: _tessera_v1_WeightInfo__Output[];
}
