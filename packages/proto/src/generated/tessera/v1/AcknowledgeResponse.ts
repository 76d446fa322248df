// Original file: proto/tessera/v1/scheduler.proto

export interface AcknowledgeResponse {}

export interface AcknowledgeResponse__Output {}
