// Original file: proto/tessera/v1/chronos.proto

export interface KillJobTasksResponse {
  taskIds?: string[];
}

export interface KillJobTasksResponse__Output {
  taskIds: string[];
}
