// Original file: proto/tessera/v1/operator.proto

export interface GetStateRequest {}

export interface GetStateRequest__Output {}
