// Original file: proto/tessera/v1/agent.proto

export interface GetAgentTasksRequest {}

export interface GetAgentTasksRequest__Output {}
