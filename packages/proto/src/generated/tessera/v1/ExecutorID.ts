// Original file: proto/tessera/v1/common.proto

export interface ExecutorID {
  value?: string;
}

export interface ExecutorID__Output {
  value: string;
}
