// Original file: proto/tessera/v1/marathon.proto

export interface MarathonInfo {
  name?: string;
  version?: string;
  frameworkId?: string;
  /**
   * This process's id and whether it leads; the leader's HTTP address.
   */
  instanceId?: string;
  elected?: boolean;
  leader?: string;
  master?: string;
  role?: string;
}

export interface MarathonInfo__Output {
  name: string;
  version: string;
  frameworkId: string;
  /**
   * This process's id and whether it leads; the leader's HTTP address.
   */
  instanceId: string;
  elected: boolean;
  leader: string;
  master: string;
  role: string;
}
