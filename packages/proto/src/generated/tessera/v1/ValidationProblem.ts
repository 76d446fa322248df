// Original file: proto/tessera/v1/marathon.proto

export interface ValidationProblem {
  /**
   * The problem's place in the definition, in Marathon's notation (what its
   * REST API puts in `details[].path`): "/" for the whole object, "/cpus",
   * "/healthChecks(0)/portIndex", "/apps(2)/id", "/env/DB_PASSWORD".
   * Indexes in parentheses, not a JSON pointer.
   */
  path?: string;
  errors?: string[];
}

export interface ValidationProblem__Output {
  /**
   * The problem's place in the definition, in Marathon's notation (what its
   * REST API puts in `details[].path`): "/" for the whole object, "/cpus",
   * "/healthChecks(0)/portIndex", "/apps(2)/id", "/env/DB_PASSWORD".
   * Indexes in parentheses, not a JSON pointer.
   */
  path: string;
  errors: string[];
}
