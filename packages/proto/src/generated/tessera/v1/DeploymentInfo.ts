// Original file: proto/tessera/v1/marathon.proto

import type {
  DeploymentStepInfo as _tessera_v1_DeploymentStepInfo,
  DeploymentStepInfo__Output as _tessera_v1_DeploymentStepInfo__Output,
} from '../../tessera/v1/DeploymentStepInfo.js';
import type {
  DeploymentAction as _tessera_v1_DeploymentAction,
  DeploymentAction__Output as _tessera_v1_DeploymentAction__Output,
} from '../../tessera/v1/DeploymentAction.js';

export interface DeploymentInfo {
  id?: string;
  version?: string;
  affectedApps?: string[];
  steps?: _tessera_v1_DeploymentStepInfo[];
  /**
   * 1-based, as Marathon shows it.
   */
  currentStep?: number;
  totalSteps?: number;
  currentActions?: _tessera_v1_DeploymentAction[];
}

export interface DeploymentInfo__Output {
  id: string;
  version: string;
  affectedApps: string[];
  steps: _tessera_v1_DeploymentStepInfo__Output[];
  /**
   * 1-based, as Marathon shows it.
   */
  currentStep: number;
  totalSteps: number;
  currentActions: _tessera_v1_DeploymentAction__Output[];
}
