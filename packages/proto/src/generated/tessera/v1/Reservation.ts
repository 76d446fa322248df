// Original file: proto/tessera/v1/common.proto

// Original file: proto/tessera/v1/common.proto

export const _tessera_v1_Reservation_Type = {
  TYPE_UNSPECIFIED: 'TYPE_UNSPECIFIED',
  /**
   * Declared in the agent's --resources, e.g. "cpus(eng):2". Lives as long as the agent.
   */
  STATIC: 'STATIC',
  /**
   * Made with a RESERVE operation; removed with UNRESERVE.
   */
  DYNAMIC: 'DYNAMIC',
} as const;

export type _tessera_v1_Reservation_Type =
  | 'TYPE_UNSPECIFIED'
  | 0
  /**
   * Declared in the agent's --resources, e.g. "cpus(eng):2". Lives as long as the agent.
   */
  | 'STATIC'
  | 1
  /**
   * Made with a RESERVE operation; removed with UNRESERVE.
   */
  | 'DYNAMIC'
  | 2;

export type _tessera_v1_Reservation_Type__Output =
  (typeof _tessera_v1_Reservation_Type)[keyof typeof _tessera_v1_Reservation_Type];

/**
 * Who a resource is reserved for. A resource without a reservation is
 * unreserved (role "*") and may be allocated to any role.
 */
export interface Reservation {
  type?: _tessera_v1_Reservation_Type;
  /**
   * A role path such as "eng" or "eng/ml". Reserved resources are offered only to
   * frameworks in this role or one of its descendants.
   */
  role?: string;
  /**
   * The principal that made a dynamic reservation (empty for static ones).
   */
  principal?: string;
}

/**
 * Who a resource is reserved for. A resource without a reservation is
 * unreserved (role "*") and may be allocated to any role.
 */
export interface Reservation__Output {
  type: _tessera_v1_Reservation_Type__Output;
  /**
   * A role path such as "eng" or "eng/ml". Reserved resources are offered only to
   * frameworks in this role or one of its descendants.
   */
  role: string;
  /**
   * The principal that made a dynamic reservation (empty for static ones).
   */
  principal: string;
}
