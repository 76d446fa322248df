// Original file: proto/tessera/v1/scheduler.proto

export interface DeclineResponse {}

export interface DeclineResponse__Output {}
