// Original file: proto/tessera/v1/common.proto

export const ValueType = {
  VALUE_TYPE_UNSPECIFIED: 'VALUE_TYPE_UNSPECIFIED',
  SCALAR: 'SCALAR',
  RANGES: 'RANGES',
  SET: 'SET',
  /**
   * Attributes only: a free-form word such as "r1".
   */
  TEXT: 'TEXT',
} as const;

export type ValueType =
  | 'VALUE_TYPE_UNSPECIFIED'
  | 0
  | 'SCALAR'
  | 1
  | 'RANGES'
  | 2
  | 'SET'
  | 3
  /**
   * Attributes only: a free-form word such as "r1".
   */
  | 'TEXT'
  | 4;

export type ValueType__Output = (typeof ValueType)[keyof typeof ValueType];
