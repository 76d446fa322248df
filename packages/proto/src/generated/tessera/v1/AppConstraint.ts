// Original file: proto/tessera/v1/marathon.proto

/**
 * [field, operator, value], e.g. ["hostname", "UNIQUE"] or ["rack", "GROUP_BY", "3"].
 */
export interface AppConstraint {
  field?: string;
  /**
   * UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER or IS.
   */
  operator?: string;
  value?: string;
  _value?: 'value';
}

/**
 * [field, operator, value], e.g. ["hostname", "UNIQUE"] or ["rack", "GROUP_BY", "3"].
 */
export interface AppConstraint__Output {
  field: string;
  /**
   * UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER or IS.
   */
  operator: string;
  value?: string;
  _value?: 'value';
}
