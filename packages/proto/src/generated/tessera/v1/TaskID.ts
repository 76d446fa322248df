// Original file: proto/tessera/v1/common.proto

export interface TaskID {
  value?: string;
}

export interface TaskID__Output {
  value: string;
}
