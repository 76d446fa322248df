// Original file: proto/tessera/v1/marathon.proto

export interface ListTasksRequest {
  appId?: string;
  /**
   * Marathon's task states to list ("running", "staging"); empty: all.
   */
  status?: string[];
}

export interface ListTasksRequest__Output {
  appId: string;
  /**
   * Marathon's task states to list ("running", "staging"); empty: all.
   */
  status: string[];
}
