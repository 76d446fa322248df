// Original file: proto/tessera/v1/operator.proto

export interface SetRolePolicyResponse {}

export interface SetRolePolicyResponse__Output {}
