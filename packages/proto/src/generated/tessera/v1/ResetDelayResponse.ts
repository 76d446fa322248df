// Original file: proto/tessera/v1/marathon.proto

export interface ResetDelayResponse {}

export interface ResetDelayResponse__Output {}
