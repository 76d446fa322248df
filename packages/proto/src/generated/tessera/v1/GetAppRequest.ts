// Original file: proto/tessera/v1/marathon.proto

export interface GetAppRequest {
  appId?: string;
  embedTasks?: boolean;
}

export interface GetAppRequest__Output {
  appId: string;
  embedTasks: boolean;
}
