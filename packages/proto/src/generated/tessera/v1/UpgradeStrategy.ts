// Original file: proto/tessera/v1/marathon.proto

export interface UpgradeStrategy {
  minimumHealthCapacity?: number | string;
  maximumOverCapacity?: number | string;
}

export interface UpgradeStrategy__Output {
  minimumHealthCapacity: number;
  maximumOverCapacity: number;
}
