// Original file: proto/tessera/v1/common.proto

export interface WeightInfo {
  role?: string;
  /**
   * > 0. Default 1.
   */
  weight?: number | string;
}

export interface WeightInfo__Output {
  role: string;
  /**
   * > 0. Default 1.
   */
  weight: number;
}
