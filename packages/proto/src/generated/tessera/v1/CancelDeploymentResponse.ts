// Original file: proto/tessera/v1/marathon.proto

import type {
  DeploymentResult as _tessera_v1_DeploymentResult,
  DeploymentResult__Output as _tessera_v1_DeploymentResult__Output,
} from '../../tessera/v1/DeploymentResult.js';

/**
 * Without force: the rollback deployment.
 */
export interface CancelDeploymentResponse {
  rollback?: _tessera_v1_DeploymentResult | null;
  _rollback?: 'rollback';
}

/**
 * Without force: the rollback deployment.
 */
export interface CancelDeploymentResponse__Output {
  rollback?: _tessera_v1_DeploymentResult__Output | null;
  _rollback?: 'rollback';
}
