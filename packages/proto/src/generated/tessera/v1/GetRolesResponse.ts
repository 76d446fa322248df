// Original file: proto/tessera/v1/operator.proto

import type {
  RoleState as _tessera_v1_RoleState,
  RoleState__Output as _tessera_v1_RoleState__Output,
} from '../../tessera/v1/RoleState.js';

export interface GetRolesResponse {
  roles?: _tessera_v1_RoleState[];
}

export interface GetRolesResponse__Output {
  roles: _tessera_v1_RoleState__Output[];
}
