// Original file: proto/tessera/v1/operator.proto

import type {
  FrameworkInfo as _tessera_v1_FrameworkInfo,
  FrameworkInfo__Output as _tessera_v1_FrameworkInfo__Output,
} from '../../tessera/v1/FrameworkInfo.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';

export interface FrameworkState {
  info?: _tessera_v1_FrameworkInfo | null;
  connected?: boolean;
  /**
   * Connected, or disconnected within its failover timeout.
   */
  active?: boolean;
  suppressedRoles?: string[];
  allocated?: _tessera_v1_Resource[];
  offered?: _tessera_v1_Resource[];
  taskCount?: number;
  registeredTime?: number | string;
  unregisteredTime?: number | string;
}

export interface FrameworkState__Output {
  info: _tessera_v1_FrameworkInfo__Output | null;
  connected: boolean;
  /**
   * Connected, or disconnected within its failover timeout.
   */
  active: boolean;
  suppressedRoles: string[];
  allocated: _tessera_v1_Resource__Output[];
  offered: _tessera_v1_Resource__Output[];
  taskCount: number;
  registeredTime: number;
  unregisteredTime: number;
}
