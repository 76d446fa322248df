// Original file: proto/tessera/v1/common.proto

import type {
  TaskInfo as _tessera_v1_TaskInfo,
  TaskInfo__Output as _tessera_v1_TaskInfo__Output,
} from '../../tessera/v1/TaskInfo.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';

export interface _tessera_v1_Operation_Launch {
  taskInfos?: _tessera_v1_TaskInfo[];
}

export interface _tessera_v1_Operation_Launch__Output {
  taskInfos: _tessera_v1_TaskInfo__Output[];
}

export interface _tessera_v1_Operation_Reserve {
  /**
   * Unreserved resources from the offers, with the reservation to give them.
   */
  resources?: _tessera_v1_Resource[];
}

export interface _tessera_v1_Operation_Reserve__Output {
  /**
   * Unreserved resources from the offers, with the reservation to give them.
   */
  resources: _tessera_v1_Resource__Output[];
}

export interface _tessera_v1_Operation_Unreserve {
  /**
   * Dynamically reserved resources from the offers to make unreserved again.
   */
  resources?: _tessera_v1_Resource[];
}

export interface _tessera_v1_Operation_Unreserve__Output {
  /**
   * Dynamically reserved resources from the offers to make unreserved again.
   */
  resources: _tessera_v1_Resource__Output[];
}

/**
 * An operation inside Accept. Operations are applied in order; each one is
 * validated against what remains of the accepted offers after the ones before it.
 */
export interface Operation {
  launch?: _tessera_v1_Operation_Launch | null;
  reserve?: _tessera_v1_Operation_Reserve | null;
  unreserve?: _tessera_v1_Operation_Unreserve | null;
  operation?: 'launch' | 'reserve' | 'unreserve';
}

/**
 * An operation inside Accept. Operations are applied in order; each one is
 * validated against what remains of the accepted offers after the ones before it.
 */
export interface Operation__Output {
  launch?: _tessera_v1_Operation_Launch__Output | null;
  reserve?: _tessera_v1_Operation_Reserve__Output | null;
  unreserve?: _tessera_v1_Operation_Unreserve__Output | null;
  operation?: 'launch' | 'reserve' | 'unreserve';
}
