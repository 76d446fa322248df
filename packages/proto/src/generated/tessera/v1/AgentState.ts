// Original file: proto/tessera/v1/operator.proto

import type {
  AgentInfo as _tessera_v1_AgentInfo,
  AgentInfo__Output as _tessera_v1_AgentInfo__Output,
} from '../../tessera/v1/AgentInfo.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';

// Original file: proto/tessera/v1/operator.proto

export const _tessera_v1_AgentState_Status = {
  STATUS_UNSPECIFIED: 'STATUS_UNSPECIFIED',
  /**
   * Connected.
   */
  ACTIVE: 'ACTIVE',
  /**
   * Stream lost; within the reregistration timeout.
   */
  DISCONNECTED: 'DISCONNECTED',
  /**
   * Away past the timeout; its tasks are TASK_UNREACHABLE.
   */
  UNREACHABLE: 'UNREACHABLE',
  DRAINING: 'DRAINING',
  DRAINED: 'DRAINED',
  /**
   * Replaced by a new boot or removed; its tasks are TASK_GONE.
   */
  GONE: 'GONE',
} as const;

export type _tessera_v1_AgentState_Status =
  | 'STATUS_UNSPECIFIED'
  | 0
  /**
   * Connected.
   */
  | 'ACTIVE'
  | 1
  /**
   * Stream lost; within the reregistration timeout.
   */
  | 'DISCONNECTED'
  | 2
  /**
   * Away past the timeout; its tasks are TASK_UNREACHABLE.
   */
  | 'UNREACHABLE'
  | 3
  | 'DRAINING'
  | 4
  | 'DRAINED'
  | 5
  /**
   * Replaced by a new boot or removed; its tasks are TASK_GONE.
   */
  | 'GONE'
  | 6;

export type _tessera_v1_AgentState_Status__Output =
  (typeof _tessera_v1_AgentState_Status)[keyof typeof _tessera_v1_AgentState_Status];

export interface AgentState {
  info?: _tessera_v1_AgentInfo | null;
  status?: _tessera_v1_AgentState_Status;
  /**
   * Allocated (offered or used) and used-by-tasks resources.
   */
  allocated?: _tessera_v1_Resource[];
  used?: _tessera_v1_Resource[];
  registeredTime?: number | string;
  lastSeenTime?: number | string;
  /**
   * The principal that first registered this agent ID ("" when it registered
   * anonymously). A Reregister with this ID by another principal is refused and
   * changes nothing; an agent recorded without one is bound to the first
   * authenticated principal that re-registers it.
   */
  principal?: string;
}

export interface AgentState__Output {
  info: _tessera_v1_AgentInfo__Output | null;
  status: _tessera_v1_AgentState_Status__Output;
  /**
   * Allocated (offered or used) and used-by-tasks resources.
   */
  allocated: _tessera_v1_Resource__Output[];
  used: _tessera_v1_Resource__Output[];
  registeredTime: number;
  lastSeenTime: number;
  /**
   * The principal that first registered this agent ID ("" when it registered
   * anonymously). A Reregister with this ID by another principal is refused and
   * changes nothing; an agent recorded without one is bound to the first
   * authenticated principal that re-registers it.
   */
  principal: string;
}
