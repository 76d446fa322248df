// Original file: proto/tessera/v1/chronos.proto

export interface KillJobTasksRequest {
  name?: string;
}

export interface KillJobTasksRequest__Output {
  name: string;
}
