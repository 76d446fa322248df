// Original file: proto/tessera/v1/allocator.proto

import type {
  Allocation as _tessera_v1_Allocation,
  Allocation__Output as _tessera_v1_Allocation__Output,
} from '../../tessera/v1/Allocation.js';
import type {
  Revocation as _tessera_v1_Revocation,
  Revocation__Output as _tessera_v1_Revocation__Output,
} from '../../tessera/v1/Revocation.js';
import type { Long } from '@grpc/proto-loader';

export interface _tessera_v1_AllocatorResponse_Allocations {
  allocations?: _tessera_v1_Allocation[];
  /**
   * Monotonic cycle number, for logs and metrics.
   */
  cycle?: number | string | Long;
}

export interface _tessera_v1_AllocatorResponse_Allocations__Output {
  allocations: _tessera_v1_Allocation__Output[];
  /**
   * Monotonic cycle number, for logs and metrics.
   */
  cycle: number;
}

export interface _tessera_v1_AllocatorResponse_Revocations {
  revocations?: _tessera_v1_Revocation[];
}

export interface _tessera_v1_AllocatorResponse_Revocations__Output {
  revocations: _tessera_v1_Revocation__Output[];
}

/**
 * Sent once after a Snapshot has been applied.
 */
export interface _tessera_v1_AllocatorResponse_SnapshotApplied {
  agents?: number;
  frameworks?: number;
}

/**
 * Sent once after a Snapshot has been applied.
 */
export interface _tessera_v1_AllocatorResponse_SnapshotApplied__Output {
  agents: number;
  frameworks: number;
}

export interface AllocatorResponse {
  allocations?: _tessera_v1_AllocatorResponse_Allocations | null;
  snapshotApplied?: _tessera_v1_AllocatorResponse_SnapshotApplied | null;
  revocations?: _tessera_v1_AllocatorResponse_Revocations | null;
  response?: 'allocations' | 'snapshotApplied' | 'revocations';
}

export interface AllocatorResponse__Output {
  allocations?: _tessera_v1_AllocatorResponse_Allocations__Output | null;
  snapshotApplied?: _tessera_v1_AllocatorResponse_SnapshotApplied__Output | null;
  revocations?: _tessera_v1_AllocatorResponse_Revocations__Output | null;
  response?: 'allocations' | 'snapshotApplied' | 'revocations';
}
