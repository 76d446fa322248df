// Original file: proto/tessera/v1/scheduler.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  OfferID as _tessera_v1_OfferID,
  OfferID__Output as _tessera_v1_OfferID__Output,
} from '../../tessera/v1/OfferID.js';
import type {
  Filters as _tessera_v1_Filters,
  Filters__Output as _tessera_v1_Filters__Output,
} from '../../tessera/v1/Filters.js';

export interface DeclineRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  offerIds?: _tessera_v1_OfferID[];
  filters?: _tessera_v1_Filters | null;
}

export interface DeclineRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  offerIds: _tessera_v1_OfferID__Output[];
  filters: _tessera_v1_Filters__Output | null;
}
