// Original file: proto/tessera/v1/common.proto

export interface FrameworkID {
  value?: string;
}

export interface FrameworkID__Output {
  value: string;
}
