// Original file: proto/tessera/v1/operator.proto

export interface ReactivateAgentResponse {}

export interface ReactivateAgentResponse__Output {}
