// Original file: proto/tessera/v1/common.proto

import type {
  ValueType as _tessera_v1_ValueType,
  ValueType__Output as _tessera_v1_ValueType__Output,
} from '../../tessera/v1/ValueType.js';
import type { Range as _tessera_v1_Range, Range__Output as _tessera_v1_Range__Output } from '../../tessera/v1/Range.js';

/**
 * An agent attribute, e.g. rack:r1 (text) or level:3 (scalar), used by placement constraints.
 */
export interface Attribute {
  name?: string;
  type?: _tessera_v1_ValueType;
  scalar?: number | string;
  ranges?: _tessera_v1_Range[];
  set?: string[];
  text?: string;
}

/**
 * An agent attribute, e.g. rack:r1 (text) or level:3 (scalar), used by placement constraints.
 */
export interface Attribute__Output {
  name: string;
  type: _tessera_v1_ValueType__Output;
  scalar: number;
  ranges: _tessera_v1_Range__Output[];
  set: string[];
  text: string;
}
