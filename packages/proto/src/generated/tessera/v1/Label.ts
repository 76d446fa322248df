// Original file: proto/tessera/v1/common.proto

export interface Label {
  key?: string;
  value?: string;
}

export interface Label__Output {
  key: string;
  value: string;
}
