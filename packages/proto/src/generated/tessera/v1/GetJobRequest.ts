// Original file: proto/tessera/v1/chronos.proto

export interface GetJobRequest {
  name?: string;
}

export interface GetJobRequest__Output {
  name: string;
}
