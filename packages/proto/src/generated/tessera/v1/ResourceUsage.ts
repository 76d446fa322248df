// Original file: proto/tessera/v1/agent.proto

export interface ResourceUsage {
  cpusUserTimeSeconds?: number | string;
  cpusSystemTimeSeconds?: number | string;
  memRssMb?: number | string;
  diskUsedMb?: number | string;
  cpusLimit?: number | string;
  memLimitMb?: number | string;
}

export interface ResourceUsage__Output {
  cpusUserTimeSeconds: number;
  cpusSystemTimeSeconds: number;
  memRssMb: number;
  diskUsedMb: number;
  cpusLimit: number;
  memLimitMb: number;
}
