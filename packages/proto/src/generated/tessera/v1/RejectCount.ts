// Original file: proto/tessera/v1/marathon.proto

export interface RejectCount {
  /**
   * A NoMatch reason: InsufficientCpus, InsufficientMemory, UnfulfilledConstraint, ...
   */
  reason?: string;
  declined?: number;
  processed?: number;
}

export interface RejectCount__Output {
  /**
   * A NoMatch reason: InsufficientCpus, InsufficientMemory, UnfulfilledConstraint, ...
   */
  reason: string;
  declined: number;
  processed: number;
}
