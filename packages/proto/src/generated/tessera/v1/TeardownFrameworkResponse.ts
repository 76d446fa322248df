// Original file: proto/tessera/v1/operator.proto

export interface TeardownFrameworkResponse {}

export interface TeardownFrameworkResponse__Output {}
