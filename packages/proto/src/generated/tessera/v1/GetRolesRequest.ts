// Original file: proto/tessera/v1/operator.proto

export interface GetRolesRequest {}

export interface GetRolesRequest__Output {}
