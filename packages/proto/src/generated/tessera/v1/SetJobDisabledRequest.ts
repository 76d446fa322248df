// Original file: proto/tessera/v1/chronos.proto

export interface SetJobDisabledRequest {
  name?: string;
  disabled?: boolean;
}

export interface SetJobDisabledRequest__Output {
  name: string;
  disabled: boolean;
}
