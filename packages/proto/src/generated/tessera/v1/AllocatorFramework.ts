// Original file: proto/tessera/v1/allocator.proto

import type {
  FrameworkInfo as _tessera_v1_FrameworkInfo,
  FrameworkInfo__Output as _tessera_v1_FrameworkInfo__Output,
} from '../../tessera/v1/FrameworkInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface AllocatorFramework {
  info?: _tessera_v1_FrameworkInfo | null;
  /**
   * Roles that get no offers until revived.
   */
  suppressedRoles?: string[];
  /**
   * A framework whose scheduler is disconnected keeps its allocations but gets no new ones.
   */
  active?: boolean;
  /**
   * Subscription order, for the FIFO queue policy (smaller first).
   */
  subscriptionSequence?: number | string | Long;
}

export interface AllocatorFramework__Output {
  info: _tessera_v1_FrameworkInfo__Output | null;
  /**
   * Roles that get no offers until revived.
   */
  suppressedRoles: string[];
  /**
   * A framework whose scheduler is disconnected keeps its allocations but gets no new ones.
   */
  active: boolean;
  /**
   * Subscription order, for the FIFO queue policy (smaller first).
   */
  subscriptionSequence: number;
}
