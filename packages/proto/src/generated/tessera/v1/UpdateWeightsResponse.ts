// Original file: proto/tessera/v1/operator.proto

export interface UpdateWeightsResponse {}

export interface UpdateWeightsResponse__Output {}
