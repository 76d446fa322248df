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
  Operation as _tessera_v1_Operation,
  Operation__Output as _tessera_v1_Operation__Output,
} from '../../tessera/v1/Operation.js';
import type {
  Filters as _tessera_v1_Filters,
  Filters__Output as _tessera_v1_Filters__Output,
} from '../../tessera/v1/Filters.js';

export interface AcceptRequest {
  frameworkId?: _tessera_v1_FrameworkID | null;
  offerIds?: _tessera_v1_OfferID[];
  operations?: _tessera_v1_Operation[];
  /**
   * Applied to what remains of the offers. Absent: refused for 5 seconds.
   */
  filters?: _tessera_v1_Filters | null;
}

export interface AcceptRequest__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  offerIds: _tessera_v1_OfferID__Output[];
  operations: _tessera_v1_Operation__Output[];
  /**
   * Applied to what remains of the offers. Absent: refused for 5 seconds.
   */
  filters: _tessera_v1_Filters__Output | null;
}
