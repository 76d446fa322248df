// Original file: proto/tessera/v1/marathon.proto

export interface DeleteAppRequest {
  appId?: string;
}

export interface DeleteAppRequest__Output {
  appId: string;
}
