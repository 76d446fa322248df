// Original file: proto/tessera/v1/agent.proto

export interface GetContainersRequest {}

export interface GetContainersRequest__Output {}
