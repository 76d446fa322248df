// Original file: proto/tessera/v1/operator.proto

export interface KillTaskResponse {}

export interface KillTaskResponse__Output {}
