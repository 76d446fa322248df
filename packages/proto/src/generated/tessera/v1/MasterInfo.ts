// Original file: proto/tessera/v1/common.proto

export interface MasterInfo {
  id?: string;
  /**
   * gRPC address "host:port" of the master.
   */
  endpoint?: string;
  hostname?: string;
  version?: string;
  /**
   * When this master became leader, seconds since the epoch.
   */
  startTime?: number | string;
  httpPort?: number;
}

export interface MasterInfo__Output {
  id: string;
  /**
   * gRPC address "host:port" of the master.
   */
  endpoint: string;
  hostname: string;
  version: string;
  /**
   * When this master became leader, seconds since the epoch.
   */
  startTime: number;
  httpPort: number;
}
