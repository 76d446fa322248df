// Original file: proto/tessera/v1/marathon.proto

export interface RollbackAppRequest {
  appId?: string;
  version?: string;
  force?: boolean;
}

export interface RollbackAppRequest__Output {
  appId: string;
  version: string;
  force: boolean;
}
