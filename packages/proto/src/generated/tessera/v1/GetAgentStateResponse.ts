// Original file: proto/tessera/v1/agent.proto

import type {
  AgentInfo as _tessera_v1_AgentInfo,
  AgentInfo__Output as _tessera_v1_AgentInfo__Output,
} from '../../tessera/v1/AgentInfo.js';
import type {
  AgentTask as _tessera_v1_AgentTask,
  AgentTask__Output as _tessera_v1_AgentTask__Output,
} from '../../tessera/v1/AgentTask.js';

export interface GetAgentStateResponse {
  info?: _tessera_v1_AgentInfo | null;
  /**
   * Master this agent is registered with ("" if none).
   */
  masterEndpoint?: string;
  registered?: boolean;
  /**
   * "cgroups-v1", "cgroups-v2", "posix" or "simulated".
   */
  isolation?: string;
  workDir?: string;
  draining?: boolean;
  tasks?: _tessera_v1_AgentTask[];
  /**
   * Status updates not yet acknowledged by their frameworks.
   */
  pendingUpdates?: number;
}

export interface GetAgentStateResponse__Output {
  info: _tessera_v1_AgentInfo__Output | null;
  /**
   * Master this agent is registered with ("" if none).
   */
  masterEndpoint: string;
  registered: boolean;
  /**
   * "cgroups-v1", "cgroups-v2", "posix" or "simulated".
   */
  isolation: string;
  workDir: string;
  draining: boolean;
  tasks: _tessera_v1_AgentTask__Output[];
  /**
   * Status updates not yet acknowledged by their frameworks.
   */
  pendingUpdates: number;
}
