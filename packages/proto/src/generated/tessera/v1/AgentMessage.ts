// Original file: proto/tessera/v1/agent_registry.proto

import type {
  AgentInfo as _tessera_v1_AgentInfo,
  AgentInfo__Output as _tessera_v1_AgentInfo__Output,
} from '../../tessera/v1/AgentInfo.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
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
import type { Long } from '@grpc/proto-loader';

/**
 * The agent has no task left after DrainAgent.
 */
export interface _tessera_v1_AgentMessage_Drained {}

/**
 * The agent has no task left after DrainAgent.
 */
export interface _tessera_v1_AgentMessage_Drained__Output {}

export interface _tessera_v1_AgentMessage_Pong {
  sequence?: number | string | Long;
}

export interface _tessera_v1_AgentMessage_Pong__Output {
  sequence: number;
}

/**
 * First message of a new agent (no agent ID yet, or a new boot ID).
 */
export interface _tessera_v1_AgentMessage_Register {
  agentInfo?: _tessera_v1_AgentInfo | null;
  version?: string;
  /**
   * Set by an agent whose work directory holds an agent ID checkpointed under a
   * different boot ID (the machine rebooted): that agent will never come back.
   * The master marks it GONE (its tasks TASK_GONE, reason AGENT_RESTARTED) before
   * registering this one under a new ID. An ID the master does not know, or one
   * already gone, is ignored.
   */
  previousAgentId?: _tessera_v1_AgentID | null;
}

/**
 * First message of a new agent (no agent ID yet, or a new boot ID).
 */
export interface _tessera_v1_AgentMessage_Register__Output {
  agentInfo: _tessera_v1_AgentInfo__Output | null;
  version: string;
  /**
   * Set by an agent whose work directory holds an agent ID checkpointed under a
   * different boot ID (the machine rebooted): that agent will never come back.
   * The master marks it GONE (its tasks TASK_GONE, reason AGENT_RESTARTED) before
   * registering this one under a new ID. An ID the master does not know, or one
   * already gone, is ignored.
   */
  previousAgentId: _tessera_v1_AgentID__Output | null;
}

/**
 * First message of an agent that already has an ID (after an agent restart or
 * a lost stream): it reports every task it still knows.
 */
export interface _tessera_v1_AgentMessage_Reregister {
  agentInfo?: _tessera_v1_AgentInfo | null;
  tasks?: _tessera_v1_AgentMessage_TaskReport[];
  version?: string;
}

/**
 * First message of an agent that already has an ID (after an agent restart or
 * a lost stream): it reports every task it still knows.
 */
export interface _tessera_v1_AgentMessage_Reregister__Output {
  agentInfo: _tessera_v1_AgentInfo__Output | null;
  tasks: _tessera_v1_AgentMessage_TaskReport__Output[];
  version: string;
}

/**
 * A status update for a task. The agent keeps it until an Acknowledge for its
 * uuid arrives, resending with backoff; the master must tolerate duplicates.
 */
export interface _tessera_v1_AgentMessage_StatusUpdate {
  frameworkId?: _tessera_v1_FrameworkID | null;
  status?: _tessera_v1_TaskStatus | null;
}

/**
 * A status update for a task. The agent keeps it until an Acknowledge for its
 * uuid arrives, resending with backoff; the master must tolerate duplicates.
 */
export interface _tessera_v1_AgentMessage_StatusUpdate__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  status: _tessera_v1_TaskStatus__Output | null;
}

/**
 * A task's state as the agent knows it, for re-registration.
 */
export interface _tessera_v1_AgentMessage_TaskReport {
  frameworkId?: _tessera_v1_FrameworkID | null;
  task?: _tessera_v1_TaskInfo | null;
  latestStatus?: _tessera_v1_TaskStatus | null;
}

/**
 * A task's state as the agent knows it, for re-registration.
 */
export interface _tessera_v1_AgentMessage_TaskReport__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  task: _tessera_v1_TaskInfo__Output | null;
  latestStatus: _tessera_v1_TaskStatus__Output | null;
}

/**
 * What an agent tells the master.
 */
export interface AgentMessage {
  register?: _tessera_v1_AgentMessage_Register | null;
  reregister?: _tessera_v1_AgentMessage_Reregister | null;
  statusUpdate?: _tessera_v1_AgentMessage_StatusUpdate | null;
  pong?: _tessera_v1_AgentMessage_Pong | null;
  drained?: _tessera_v1_AgentMessage_Drained | null;
  message?: 'register' | 'reregister' | 'statusUpdate' | 'pong' | 'drained';
}

/**
 * What an agent tells the master.
 */
export interface AgentMessage__Output {
  register?: _tessera_v1_AgentMessage_Register__Output | null;
  reregister?: _tessera_v1_AgentMessage_Reregister__Output | null;
  statusUpdate?: _tessera_v1_AgentMessage_StatusUpdate__Output | null;
  pong?: _tessera_v1_AgentMessage_Pong__Output | null;
  drained?: _tessera_v1_AgentMessage_Drained__Output | null;
  message?: 'register' | 'reregister' | 'statusUpdate' | 'pong' | 'drained';
}
