// Original file: proto/tessera/v1/chronos.proto

export interface JobEdge {
  parent?: string;
  child?: string;
}

export interface JobEdge__Output {
  parent: string;
  child: string;
}
