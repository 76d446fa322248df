// Original file: proto/tessera/v1/marathon.proto

import type { Group as _tessera_v1_Group, Group__Output as _tessera_v1_Group__Output } from '../../tessera/v1/Group.js';

export interface PutGroupRequest {
  group?: _tessera_v1_Group | null;
  force?: boolean;
  /**
   * Only check: return the deployment plan's id and version that would result, change nothing.
   */
  dryRun?: boolean;
}

export interface PutGroupRequest__Output {
  group: _tessera_v1_Group__Output | null;
  force: boolean;
  /**
   * Only check: return the deployment plan's id and version that would result, change nothing.
   */
  dryRun: boolean;
}
