// Original file: proto/tessera/v1/operator.proto

export interface DrainAgentResponse {}

export interface DrainAgentResponse__Output {}
