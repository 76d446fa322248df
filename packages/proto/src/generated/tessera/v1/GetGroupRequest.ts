// Original file: proto/tessera/v1/marathon.proto

export interface GetGroupRequest {
  groupId?: string;
}

export interface GetGroupRequest__Output {
  groupId: string;
}
