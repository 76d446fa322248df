// Original file: proto/tessera/v1/scheduler.proto

export interface TeardownResponse {}

export interface TeardownResponse__Output {}
