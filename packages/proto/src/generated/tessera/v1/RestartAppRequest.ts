// Original file: proto/tessera/v1/marathon.proto

export interface RestartAppRequest {
  appId?: string;
  force?: boolean;
}

export interface RestartAppRequest__Output {
  appId: string;
  force: boolean;
}
