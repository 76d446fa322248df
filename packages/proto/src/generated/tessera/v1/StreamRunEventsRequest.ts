// Original file: proto/tessera/v1/chronos.proto

export interface StreamRunEventsRequest {
  /**
   * Only runs of these jobs; all when empty.
   */
  jobs?: string[];
}

export interface StreamRunEventsRequest__Output {
  /**
   * Only runs of these jobs; all when empty.
   */
  jobs: string[];
}
