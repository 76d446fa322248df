// Original file: proto/tessera/v1/chronos.proto

export interface ListJobsRequest {
  /**
   * Chronos's search (lower-cased substring match): on the name, the command, or either.
   */
  name?: string;
  command?: string;
  any?: string;
}

export interface ListJobsRequest__Output {
  /**
   * Chronos's search (lower-cased substring match): on the name, the command, or either.
   */
  name: string;
  command: string;
  any: string;
}
