// Original file: proto/tessera/v1/chronos.proto

export interface DeleteJobRequest {
  name?: string;
}

export interface DeleteJobRequest__Output {
  name: string;
}
