// Original file: proto/tessera/v1/common.proto

import type {
  ValueType as _tessera_v1_ValueType,
  ValueType__Output as _tessera_v1_ValueType__Output,
} from '../../tessera/v1/ValueType.js';
import type { Range as _tessera_v1_Range, Range__Output as _tessera_v1_Range__Output } from '../../tessera/v1/Range.js';
import type {
  Reservation as _tessera_v1_Reservation,
  Reservation__Output as _tessera_v1_Reservation__Output,
} from '../../tessera/v1/Reservation.js';

/**
 * A quantity of one kind of resource on one agent, e.g. 4 "cpus", the "ports"
 * ranges [31000-32000], or a set of named "disks".
 */
export interface Resource {
  name?: string;
  type?: _tessera_v1_ValueType;
  /**
   * For SCALAR: the amount (cpus in cores, mem and disk in MB). Precision is 0.001.
   */
  scalar?: number | string;
  /**
   * For RANGES.
   */
  ranges?: _tessera_v1_Range[];
  /**
   * For SET.
   */
  set?: string[];
  /**
   * Absent: unreserved.
   */
  reservation?: _tessera_v1_Reservation | null;
  /**
   * Revocable resources may be taken back by the master (lent, idle guarantees).
   */
  revocable?: boolean;
}

/**
 * A quantity of one kind of resource on one agent, e.g. 4 "cpus", the "ports"
 * ranges [31000-32000], or a set of named "disks".
 */
export interface Resource__Output {
  name: string;
  type: _tessera_v1_ValueType__Output;
  /**
   * For SCALAR: the amount (cpus in cores, mem and disk in MB). Precision is 0.001.
   */
  scalar: number;
  /**
   * For RANGES.
   */
  ranges: _tessera_v1_Range__Output[];
  /**
   * For SET.
   */
  set: string[];
  /**
   * Absent: unreserved.
   */
  reservation: _tessera_v1_Reservation__Output | null;
  /**
   * Revocable resources may be taken back by the master (lent, idle guarantees).
   */
  revocable: boolean;
}
