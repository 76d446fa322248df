// Original file: proto/tessera/v1/marathon.proto

import type {
  DeploymentAction as _tessera_v1_DeploymentAction,
  DeploymentAction__Output as _tessera_v1_DeploymentAction__Output,
} from '../../tessera/v1/DeploymentAction.js';

export interface DeploymentStepInfo {
  actions?: _tessera_v1_DeploymentAction[];
}

export interface DeploymentStepInfo__Output {
  actions: _tessera_v1_DeploymentAction__Output[];
}
