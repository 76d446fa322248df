// Original file: proto/tessera/v1/chronos.proto

export interface GetGraphRequest {}

export interface GetGraphRequest__Output {}
