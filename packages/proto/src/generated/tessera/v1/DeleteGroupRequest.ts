// Original file: proto/tessera/v1/marathon.proto

export interface DeleteGroupRequest {
  groupId?: string;
  force?: boolean;
}

export interface DeleteGroupRequest__Output {
  groupId: string;
  force: boolean;
}
