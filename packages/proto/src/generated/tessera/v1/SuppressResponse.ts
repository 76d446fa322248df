// Original file: proto/tessera/v1/scheduler.proto

export interface SuppressResponse {}

export interface SuppressResponse__Output {}
