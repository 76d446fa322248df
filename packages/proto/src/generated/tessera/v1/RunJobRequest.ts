// Original file: proto/tessera/v1/chronos.proto

export interface RunJobRequest {
  name?: string;
  /**
   * Appended to the command's arguments (shell false only, as Chronos).
   */
  arguments?: string[];
}

export interface RunJobRequest__Output {
  name: string;
  /**
   * Appended to the command's arguments (shell false only, as Chronos).
   */
  arguments: string[];
}
