// Original file: proto/tessera/v1/marathon.proto

export interface ValidationProblem {
  /**
   * A JSON pointer into the definition, e.g. "/constraints/0".
   */
  path?: string;
  errors?: string[];
}

export interface ValidationProblem__Output {
  /**
   * A JSON pointer into the definition, e.g. "/constraints/0".
   */
  path: string;
  errors: string[];
}
