// Original file: /work/main/proto/tessera/v1/operator.proto

export interface UpdateWeightsResponse {}

export interface UpdateWeightsResponse__Output {}
