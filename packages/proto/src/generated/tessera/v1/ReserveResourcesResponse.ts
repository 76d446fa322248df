// Original file: proto/tessera/v1/operator.proto

export interface ReserveResourcesResponse {}

export interface ReserveResourcesResponse__Output {}
