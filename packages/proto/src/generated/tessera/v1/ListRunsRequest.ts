// Original file: proto/tessera/v1/chronos.proto

export interface ListRunsRequest {
  job?: string;
  /**
   * At most this many [100].
   */
  limit?: number;
}

export interface ListRunsRequest__Output {
  job: string;
  /**
   * At most this many [100].
   */
  limit: number;
}
