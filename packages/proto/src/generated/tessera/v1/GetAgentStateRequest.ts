// Original file: proto/tessera/v1/agent.proto

export interface GetAgentStateRequest {}

export interface GetAgentStateRequest__Output {}
