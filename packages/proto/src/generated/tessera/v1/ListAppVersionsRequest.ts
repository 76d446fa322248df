// Original file: proto/tessera/v1/marathon.proto

export interface ListAppVersionsRequest {
  appId?: string;
}

export interface ListAppVersionsRequest__Output {
  appId: string;
}
