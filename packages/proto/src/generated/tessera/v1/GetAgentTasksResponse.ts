// Original file: proto/tessera/v1/agent.proto

import type {
  AgentTask as _tessera_v1_AgentTask,
  AgentTask__Output as _tessera_v1_AgentTask__Output,
} from '../../tessera/v1/AgentTask.js';

export interface GetAgentTasksResponse {
  tasks?: _tessera_v1_AgentTask[];
}

export interface GetAgentTasksResponse__Output {
  tasks: _tessera_v1_AgentTask__Output[];
}
