// Original file: proto/tessera/v1/operator.proto

export interface RemoveQuotaResponse {}

export interface RemoveQuotaResponse__Output {}
