// Original file: proto/tessera/v1/marathon.proto

export interface GetInfoRequest {}

export interface GetInfoRequest__Output {}
