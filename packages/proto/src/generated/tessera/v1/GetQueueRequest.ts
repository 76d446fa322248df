// Original file: proto/tessera/v1/marathon.proto

export interface GetQueueRequest {}

export interface GetQueueRequest__Output {}
