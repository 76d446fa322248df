// Original file: proto/tessera/v1/allocator.proto

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';

export interface _tessera_v1_ExplainResponse_Reason {
  /**
   * Machine-readable: SUPPRESSED, FILTERED, QUOTA_LIMIT, BELOW_MIN_FRAGMENT,
   * WAITING_FOR_FAIR_SHARE, NO_GPU_CAPABILITY, NO_AGENTS, INACTIVE, RECEIVING.
   */
  code?: string;
  message?: string;
  agentIds?: _tessera_v1_AgentID[];
  /**
   * Seconds since the epoch until which the reason holds, when known.
   */
  until?: number | string;
  role?: string;
}

export interface _tessera_v1_ExplainResponse_Reason__Output {
  /**
   * Machine-readable: SUPPRESSED, FILTERED, QUOTA_LIMIT, BELOW_MIN_FRAGMENT,
   * WAITING_FOR_FAIR_SHARE, NO_GPU_CAPABILITY, NO_AGENTS, INACTIVE, RECEIVING.
   */
  code: string;
  message: string;
  agentIds: _tessera_v1_AgentID__Output[];
  /**
   * Seconds since the epoch until which the reason holds, when known.
   */
  until: number;
  role: string;
}

export interface ExplainResponse {
  /**
   * One sentence for people.
   */
  summary?: string;
  reasons?: _tessera_v1_ExplainResponse_Reason[];
}

export interface ExplainResponse__Output {
  /**
   * One sentence for people.
   */
  summary: string;
  reasons: _tessera_v1_ExplainResponse_Reason__Output[];
}
