// Original file: proto/tessera/v1/common.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type { Label as _tessera_v1_Label, Label__Output as _tessera_v1_Label__Output } from '../../tessera/v1/Label.js';

// Original file: proto/tessera/v1/common.proto

export const _tessera_v1_FrameworkInfo_Capability = {
  CAPABILITY_UNSPECIFIED: 'CAPABILITY_UNSPECIFIED',
  /**
   * May receive revocable resources (lent idle guarantees).
   */
  REVOCABLE_RESOURCES: 'REVOCABLE_RESOURCES',
  /**
   * Receives TASK_KILLING while a task is being killed.
   */
  TASK_KILLING_STATE: 'TASK_KILLING_STATE',
  /**
   * May be offered agents that have GPUs.
   */
  GPU_RESOURCES: 'GPU_RESOURCES',
  /**
   * Is told about agents becoming unreachable and back, and PARTITION_AWARE states
   * (TASK_UNREACHABLE, TASK_GONE) instead of TASK_LOST.
   */
  PARTITION_AWARE: 'PARTITION_AWARE',
  /**
   * Subscribes with several roles.
   */
  MULTI_ROLE: 'MULTI_ROLE',
} as const;

export type _tessera_v1_FrameworkInfo_Capability =
  | 'CAPABILITY_UNSPECIFIED'
  | 0
  /**
   * May receive revocable resources (lent idle guarantees).
   */
  | 'REVOCABLE_RESOURCES'
  | 1
  /**
   * Receives TASK_KILLING while a task is being killed.
   */
  | 'TASK_KILLING_STATE'
  | 2
  /**
   * May be offered agents that have GPUs.
   */
  | 'GPU_RESOURCES'
  | 3
  /**
   * Is told about agents becoming unreachable and back, and PARTITION_AWARE states
   * (TASK_UNREACHABLE, TASK_GONE) instead of TASK_LOST.
   */
  | 'PARTITION_AWARE'
  | 4
  /**
   * Subscribes with several roles.
   */
  | 'MULTI_ROLE'
  | 5;

export type _tessera_v1_FrameworkInfo_Capability__Output =
  (typeof _tessera_v1_FrameworkInfo_Capability)[keyof typeof _tessera_v1_FrameworkInfo_Capability];

export interface FrameworkInfo {
  /**
   * Absent on first subscription; the master assigns one. Present when
   * re-subscribing after a failover (same framework, same tasks).
   */
  id?: _tessera_v1_FrameworkID | null;
  /**
   * Human-readable name; required.
   */
  name?: string;
  /**
   * The user tasks run as by default when the agent runs as root.
   */
  user?: string;
  /**
   * The roles this framework subscribes with; at least one. Role paths use "/" as
   * separator: "eng/ml". "*" is not a valid subscription role.
   */
  roles?: string[];
  principal?: string;
  capabilities?: _tessera_v1_FrameworkInfo_Capability[];
  /**
   * How long the master keeps the framework's tasks after its scheduler disconnects.
   * 0 means the default (1 week). Tasks of a framework that does not come back
   * within this time are killed.
   */
  failoverTimeoutSeconds?: number | string;
  hostname?: string;
  webuiUrl?: string;
  labels?: _tessera_v1_Label[];
  /**
   * Orders frameworks inside a role whose queue policy is "priority"; higher first.
   */
  priority?: number;
}

export interface FrameworkInfo__Output {
  /**
   * Absent on first subscription; the master assigns one. Present when
   * re-subscribing after a failover (same framework, same tasks).
   */
  id: _tessera_v1_FrameworkID__Output | null;
  /**
   * Human-readable name; required.
   */
  name: string;
  /**
   * The user tasks run as by default when the agent runs as root.
   */
  user: string;
  /**
   * The roles this framework subscribes with; at least one. Role paths use "/" as
   * separator: "eng/ml". "*" is not a valid subscription role.
   */
  roles: string[];
  principal: string;
  capabilities: _tessera_v1_FrameworkInfo_Capability__Output[];
  /**
   * How long the master keeps the framework's tasks after its scheduler disconnects.
   * 0 means the default (1 week). Tasks of a framework that does not come back
   * within this time are killed.
   */
  failoverTimeoutSeconds: number;
  hostname: string;
  webuiUrl: string;
  labels: _tessera_v1_Label__Output[];
  /**
   * Orders frameworks inside a role whose queue policy is "priority"; higher first.
   */
  priority: number;
}
