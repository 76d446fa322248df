// Original file: proto/tessera/v1/agent.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  TaskInfo as _tessera_v1_TaskInfo,
  TaskInfo__Output as _tessera_v1_TaskInfo__Output,
} from '../../tessera/v1/TaskInfo.js';
import type {
  TaskStatus as _tessera_v1_TaskStatus,
  TaskStatus__Output as _tessera_v1_TaskStatus__Output,
} from '../../tessera/v1/TaskStatus.js';

export interface AgentTask {
  frameworkId?: _tessera_v1_FrameworkID | null;
  task?: _tessera_v1_TaskInfo | null;
  status?: _tessera_v1_TaskStatus | null;
  /**
   * Absolute sandbox directory on the agent's machine.
   */
  sandbox?: string;
  /**
   * The process ID of the task's root process (0 for simulated tasks).
   */
  pid?: number;
}

export interface AgentTask__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  task: _tessera_v1_TaskInfo__Output | null;
  status: _tessera_v1_TaskStatus__Output | null;
  /**
   * Absolute sandbox directory on the agent's machine.
   */
  sandbox: string;
  /**
   * The process ID of the task's root process (0 for simulated tasks).
   */
  pid: number;
}
