// Original file: proto/tessera/v1/chronos.proto

export interface ChronosInfo {
  version?: string;
  frameworkId?: string;
  leader?: boolean;
  /**
   * The leader's HTTP address "host:port", "" when unknown.
   */
  leaderAddress?: string;
}

export interface ChronosInfo__Output {
  version: string;
  frameworkId: string;
  leader: boolean;
  /**
   * The leader's HTTP address "host:port", "" when unknown.
   */
  leaderAddress: string;
}
