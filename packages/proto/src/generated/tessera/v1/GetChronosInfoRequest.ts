// Original file: proto/tessera/v1/chronos.proto

export interface GetChronosInfoRequest {}

export interface GetChronosInfoRequest__Output {}
