// Original file: proto/tessera/v1/operator.proto

export interface RemoveQuotaRequest {
  role?: string;
}

export interface RemoveQuotaRequest__Output {
  role: string;
}
