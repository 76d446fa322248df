// Original file: proto/tessera/v1/operator.proto

export interface GetAgentsRequest {}

export interface GetAgentsRequest__Output {}
