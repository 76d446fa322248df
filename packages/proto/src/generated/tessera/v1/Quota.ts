// Original file: proto/tessera/v1/common.proto

import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';

/**
 * A role's quota: a guarantee (floor) and a limit (ceiling), each a resource
 * vector of unreserved scalar resources. An absent kind in `limit` is unlimited.
 */
export interface Quota {
  role?: string;
  guarantee?: _tessera_v1_Resource[];
  limit?: _tessera_v1_Resource[];
}

/**
 * A role's quota: a guarantee (floor) and a limit (ceiling), each a resource
 * vector of unreserved scalar resources. An absent kind in `limit` is unlimited.
 */
export interface Quota__Output {
  role: string;
  guarantee: _tessera_v1_Resource__Output[];
  limit: _tessera_v1_Resource__Output[];
}
