// Original file: proto/tessera/v1/chronos.proto

export interface DeleteJobResponse {
  /**
   * Children whose parents changed because of the delete.
   */
  changedChildren?: string[];
}

export interface DeleteJobResponse__Output {
  /**
   * Children whose parents changed because of the delete.
   */
  changedChildren: string[];
}
