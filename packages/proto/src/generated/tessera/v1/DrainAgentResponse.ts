// Original file: /work/main/proto/tessera/v1/operator.proto

export interface DrainAgentResponse {}

export interface DrainAgentResponse__Output {}
