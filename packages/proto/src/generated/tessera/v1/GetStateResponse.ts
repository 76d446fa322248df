// Original file: proto/tessera/v1/operator.proto

import type {
  MasterInfo as _tessera_v1_MasterInfo,
  MasterInfo__Output as _tessera_v1_MasterInfo__Output,
} from '../../tessera/v1/MasterInfo.js';
import type {
  AgentState as _tessera_v1_AgentState,
  AgentState__Output as _tessera_v1_AgentState__Output,
} from '../../tessera/v1/AgentState.js';
import type {
  FrameworkState as _tessera_v1_FrameworkState,
  FrameworkState__Output as _tessera_v1_FrameworkState__Output,
} from '../../tessera/v1/FrameworkState.js';
import type {
  TaskRecord as _tessera_v1_TaskRecord,
  TaskRecord__Output as _tessera_v1_TaskRecord__Output,
} from '../../tessera/v1/TaskRecord.js';
import type {
  RoleState as _tessera_v1_RoleState,
  RoleState__Output as _tessera_v1_RoleState__Output,
} from '../../tessera/v1/RoleState.js';
import type { Offer as _tessera_v1_Offer, Offer__Output as _tessera_v1_Offer__Output } from '../../tessera/v1/Offer.js';

export interface GetStateResponse {
  masterInfo?: _tessera_v1_MasterInfo | null;
  agents?: _tessera_v1_AgentState[];
  frameworks?: _tessera_v1_FrameworkState[];
  tasks?: _tessera_v1_TaskRecord[];
  roles?: _tessera_v1_RoleState[];
  /**
   * Outstanding offers.
   */
  offers?: _tessera_v1_Offer[];
  allocatorConnected?: boolean;
}

export interface GetStateResponse__Output {
  masterInfo: _tessera_v1_MasterInfo__Output | null;
  agents: _tessera_v1_AgentState__Output[];
  frameworks: _tessera_v1_FrameworkState__Output[];
  tasks: _tessera_v1_TaskRecord__Output[];
  roles: _tessera_v1_RoleState__Output[];
  /**
   * Outstanding offers.
   */
  offers: _tessera_v1_Offer__Output[];
  allocatorConnected: boolean;
}
