// Original file: proto/tessera/v1/chronos.proto

export interface JobNode {
  name?: string;
  /**
   * "success", "failure" or "fresh" (never ran), as Chronos's graph endpoints.
   */
  lastStatus?: string;
  /**
   * "idle", "queued" or "running".
   */
  state?: string;
}

export interface JobNode__Output {
  name: string;
  /**
   * "success", "failure" or "fresh" (never ran), as Chronos's graph endpoints.
   */
  lastStatus: string;
  /**
   * "idle", "queued" or "running".
   */
  state: string;
}
