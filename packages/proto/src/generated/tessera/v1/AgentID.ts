// Original file: proto/tessera/v1/common.proto

export interface AgentID {
  value?: string;
}

export interface AgentID__Output {
  value: string;
}
