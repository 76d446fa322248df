// Original file: proto/tessera/v1/scheduler.proto

export interface KillResponse {}

export interface KillResponse__Output {}
