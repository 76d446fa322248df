// Original file: proto/tessera/v1/chronos.proto

/**
 * [field, operator, value]: EQUALS, LIKE, UNLIKE, and Marathon's operators.
 */
export interface JobConstraint {
  field?: string;
  operator?: string;
  value?: string;
}

/**
 * [field, operator, value]: EQUALS, LIKE, UNLIKE, and Marathon's operators.
 */
export interface JobConstraint__Output {
  field: string;
  operator: string;
  value: string;
}
