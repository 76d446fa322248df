// Original file: proto/tessera/v1/marathon.proto

import type { Group as _tessera_v1_Group, Group__Output as _tessera_v1_Group__Output } from '../../tessera/v1/Group.js';

export interface GetGroupResponse {
  group?: _tessera_v1_Group | null;
}

export interface GetGroupResponse__Output {
  group: _tessera_v1_Group__Output | null;
}
