// Original file: proto/tessera/v1/marathon.proto

export interface ListDeploymentsRequest {}

export interface ListDeploymentsRequest__Output {}
