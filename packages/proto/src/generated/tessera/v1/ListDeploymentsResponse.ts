// Original file: proto/tessera/v1/marathon.proto

import type {
  DeploymentInfo as _tessera_v1_DeploymentInfo,
  DeploymentInfo__Output as _tessera_v1_DeploymentInfo__Output,
} from '../../tessera/v1/DeploymentInfo.js';

export interface ListDeploymentsResponse {
  deployments?: _tessera_v1_DeploymentInfo[];
}

export interface ListDeploymentsResponse__Output {
  deployments: _tessera_v1_DeploymentInfo__Output[];
}
