// Original file: proto/tessera/v1/marathon.proto

import type {
  MarathonTask as _tessera_v1_MarathonTask,
  MarathonTask__Output as _tessera_v1_MarathonTask__Output,
} from '../../tessera/v1/MarathonTask.js';
import type {
  DeploymentResult as _tessera_v1_DeploymentResult,
  DeploymentResult__Output as _tessera_v1_DeploymentResult__Output,
} from '../../tessera/v1/DeploymentResult.js';

export interface KillTasksResponse {
  tasks?: _tessera_v1_MarathonTask[];
  /**
   * Set when `scale` started a deployment.
   */
  deployment?: _tessera_v1_DeploymentResult | null;
  _deployment?: 'deployment';
}

export interface KillTasksResponse__Output {
  tasks: _tessera_v1_MarathonTask__Output[];
  /**
   * Set when `scale` started a deployment.
   */
  deployment?: _tessera_v1_DeploymentResult__Output | null;
  _deployment?: 'deployment';
}
