// Original file: proto/tessera/v1/scheduler.proto

export interface AcknowledgeBatchResponse {}

export interface AcknowledgeBatchResponse__Output {}
