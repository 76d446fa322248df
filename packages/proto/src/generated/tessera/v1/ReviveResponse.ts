// Original file: proto/tessera/v1/scheduler.proto

export interface ReviveResponse {}

export interface ReviveResponse__Output {}
