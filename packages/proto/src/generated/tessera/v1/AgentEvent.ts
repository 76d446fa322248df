// Original file: proto/tessera/v1/events.proto

import type {
  AgentInfo as _tessera_v1_AgentInfo,
  AgentInfo__Output as _tessera_v1_AgentInfo__Output,
} from '../../tessera/v1/AgentInfo.js';

export interface AgentEvent {
  agent?: _tessera_v1_AgentInfo | null;
  /**
   * "added", "reregistered", "disconnected", "unreachable", "removed", "drained".
   */
  change?: string;
  time?: number | string;
}

export interface AgentEvent__Output {
  agent: _tessera_v1_AgentInfo__Output | null;
  /**
   * "added", "reregistered", "disconnected", "unreachable", "removed", "drained".
   */
  change: string;
  time: number;
}
