// Original file: proto/tessera/v1/marathon.proto

export interface UnreachableStrategy {
  disabled?: boolean;
  inactiveAfterSeconds?: number | string;
  expungeAfterSeconds?: number | string;
}

export interface UnreachableStrategy__Output {
  disabled: boolean;
  inactiveAfterSeconds: number;
  expungeAfterSeconds: number;
}
