// Original file: proto/tessera/v1/operator.proto

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  KillPolicy as _tessera_v1_KillPolicy,
  KillPolicy__Output as _tessera_v1_KillPolicy__Output,
} from '../../tessera/v1/KillPolicy.js';

export interface DrainAgentRequest {
  agentId?: _tessera_v1_AgentID | null;
  /**
   * Overrides every task's grace period when set.
   */
  killPolicy?: _tessera_v1_KillPolicy | null;
}

export interface DrainAgentRequest__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  /**
   * Overrides every task's grace period when set.
   */
  killPolicy: _tessera_v1_KillPolicy__Output | null;
}
