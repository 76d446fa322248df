// Original file: proto/tessera/v1/marathon.proto

import type {
  ValidationProblem as _tessera_v1_ValidationProblem,
  ValidationProblem__Output as _tessera_v1_ValidationProblem__Output,
} from '../../tessera/v1/ValidationProblem.js';

/**
 * A refusal's problems (INVALID_ARGUMENT, trailer `tessera-problems-bin`).
 */
export interface ValidationProblems {
  message?: string;
  details?: _tessera_v1_ValidationProblem[];
}

/**
 * A refusal's problems (INVALID_ARGUMENT, trailer `tessera-problems-bin`).
 */
export interface ValidationProblems__Output {
  message: string;
  details: _tessera_v1_ValidationProblem__Output[];
}
