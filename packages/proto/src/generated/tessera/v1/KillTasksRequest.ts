// Original file: proto/tessera/v1/marathon.proto

export interface KillTasksRequest {
  taskIds?: string[];
  scale?: boolean;
  /**
   * Also forget the instances (they are not launched again).
   */
  wipe?: boolean;
  force?: boolean;
}

export interface KillTasksRequest__Output {
  taskIds: string[];
  scale: boolean;
  /**
   * Also forget the instances (they are not launched again).
   */
  wipe: boolean;
  force: boolean;
}
