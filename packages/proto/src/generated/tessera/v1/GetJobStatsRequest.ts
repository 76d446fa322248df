// Original file: proto/tessera/v1/chronos.proto

export interface GetJobStatsRequest {
  job?: string;
}

export interface GetJobStatsRequest__Output {
  job: string;
}
