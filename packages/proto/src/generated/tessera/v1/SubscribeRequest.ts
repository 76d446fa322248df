// Original file: proto/tessera/v1/scheduler.proto

import type {
  FrameworkInfo as _tessera_v1_FrameworkInfo,
  FrameworkInfo__Output as _tessera_v1_FrameworkInfo__Output,
} from '../../tessera/v1/FrameworkInfo.js';

export interface SubscribeRequest {
  frameworkInfo?: _tessera_v1_FrameworkInfo | null;
  /**
   * Roles to start suppressed (e.g. a framework that has nothing to launch yet).
   */
  suppressedRoles?: string[];
}

export interface SubscribeRequest__Output {
  frameworkInfo: _tessera_v1_FrameworkInfo__Output | null;
  /**
   * Roles to start suppressed (e.g. a framework that has nothing to launch yet).
   */
  suppressedRoles: string[];
}
