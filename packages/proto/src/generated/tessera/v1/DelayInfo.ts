// Original file: proto/tessera/v1/marathon.proto

export interface DelayInfo {
  timeLeftSeconds?: number | string;
  overdue?: boolean;
}

export interface DelayInfo__Output {
  timeLeftSeconds: number;
  overdue: boolean;
}
