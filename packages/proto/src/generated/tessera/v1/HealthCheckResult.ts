// Original file: proto/tessera/v1/marathon.proto

export interface HealthCheckResult {
  alive?: boolean;
  consecutiveFailures?: number;
  firstSuccess?: string;
  lastSuccess?: string;
  lastFailure?: string;
  lastFailureCause?: string;
}

export interface HealthCheckResult__Output {
  alive: boolean;
  consecutiveFailures: number;
  firstSuccess: string;
  lastSuccess: string;
  lastFailure: string;
  lastFailureCause: string;
}
