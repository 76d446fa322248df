// Original file: proto/tessera/v1/operator.proto

export interface GetWeightsRequest {}

export interface GetWeightsRequest__Output {}
