// Original file: proto/tessera/v1/marathon.proto

export interface VersionInfo {
  lastScalingAt?: string;
  lastConfigChangeAt?: string;
}

export interface VersionInfo__Output {
  lastScalingAt: string;
  lastConfigChangeAt: string;
}
