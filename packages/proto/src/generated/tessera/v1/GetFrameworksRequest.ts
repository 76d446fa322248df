// Original file: proto/tessera/v1/operator.proto

export interface GetFrameworksRequest {}

export interface GetFrameworksRequest__Output {}
