// Original file: proto/tessera/v1/marathon.proto

export interface ResetDelayRequest {
  appId?: string;
}

export interface ResetDelayRequest__Output {
  appId: string;
}
