// Original file: proto/tessera/v1/operator.proto

export interface UnreserveResourcesResponse {}

export interface UnreserveResourcesResponse__Output {}
