// Original file: proto/tessera/v1/common.proto

import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';
import type {
  CommandInfo as _tessera_v1_CommandInfo,
  CommandInfo__Output as _tessera_v1_CommandInfo__Output,
} from '../../tessera/v1/CommandInfo.js';
import type {
  HealthCheck as _tessera_v1_HealthCheck,
  HealthCheck__Output as _tessera_v1_HealthCheck__Output,
} from '../../tessera/v1/HealthCheck.js';
import type {
  KillPolicy as _tessera_v1_KillPolicy,
  KillPolicy__Output as _tessera_v1_KillPolicy__Output,
} from '../../tessera/v1/KillPolicy.js';
import type { Label as _tessera_v1_Label, Label__Output as _tessera_v1_Label__Output } from '../../tessera/v1/Label.js';
import type {
  ExecutorID as _tessera_v1_ExecutorID,
  ExecutorID__Output as _tessera_v1_ExecutorID__Output,
} from '../../tessera/v1/ExecutorID.js';

export interface TaskInfo {
  name?: string;
  /**
   * Unique among the framework's tasks. Launching an existing task ID again is
   * idempotent while the first launch is live, and an error otherwise.
   */
  taskId?: _tessera_v1_TaskID | null;
  /**
   * Set by the master when the task is launched; ignored from frameworks.
   */
  agentId?: _tessera_v1_AgentID | null;
  /**
   * At least one resource; all taken from the accepted offers.
   */
  resources?: _tessera_v1_Resource[];
  command?: _tessera_v1_CommandInfo | null;
  healthCheck?: _tessera_v1_HealthCheck | null;
  killPolicy?: _tessera_v1_KillPolicy | null;
  labels?: _tessera_v1_Label[];
  /**
   * Optional executor identity; default: the task ID (command executor).
   */
  executorId?: _tessera_v1_ExecutorID | null;
}

export interface TaskInfo__Output {
  name: string;
  /**
   * Unique among the framework's tasks. Launching an existing task ID again is
   * idempotent while the first launch is live, and an error otherwise.
   */
  taskId: _tessera_v1_TaskID__Output | null;
  /**
   * Set by the master when the task is launched; ignored from frameworks.
   */
  agentId: _tessera_v1_AgentID__Output | null;
  /**
   * At least one resource; all taken from the accepted offers.
   */
  resources: _tessera_v1_Resource__Output[];
  command: _tessera_v1_CommandInfo__Output | null;
  healthCheck: _tessera_v1_HealthCheck__Output | null;
  killPolicy: _tessera_v1_KillPolicy__Output | null;
  labels: _tessera_v1_Label__Output[];
  /**
   * Optional executor identity; default: the task ID (command executor).
   */
  executorId: _tessera_v1_ExecutorID__Output | null;
}
