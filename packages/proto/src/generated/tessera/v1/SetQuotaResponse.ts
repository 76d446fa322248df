// Original file: proto/tessera/v1/operator.proto

export interface SetQuotaResponse {}

export interface SetQuotaResponse__Output {}
