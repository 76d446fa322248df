// Original file: proto/tessera/v1/operator.proto

export interface GetQuotaRequest {}

export interface GetQuotaRequest__Output {}
