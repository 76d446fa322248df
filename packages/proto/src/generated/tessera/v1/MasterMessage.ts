// Original file: proto/tessera/v1/agent_registry.proto

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  MasterInfo as _tessera_v1_MasterInfo,
  MasterInfo__Output as _tessera_v1_MasterInfo__Output,
} from '../../tessera/v1/MasterInfo.js';
import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from '../../tessera/v1/TaskID.js';
import type {
  FrameworkInfo as _tessera_v1_FrameworkInfo,
  FrameworkInfo__Output as _tessera_v1_FrameworkInfo__Output,
} from '../../tessera/v1/FrameworkInfo.js';
import type {
  TaskInfo as _tessera_v1_TaskInfo,
  TaskInfo__Output as _tessera_v1_TaskInfo__Output,
} from '../../tessera/v1/TaskInfo.js';
import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  KillPolicy as _tessera_v1_KillPolicy,
  KillPolicy__Output as _tessera_v1_KillPolicy__Output,
} from '../../tessera/v1/KillPolicy.js';
import type {
  _tessera_v1_TaskStatus_Reason,
  _tessera_v1_TaskStatus_Reason__Output,
} from '../../tessera/v1/TaskStatus.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The framework acknowledged this update: the agent forgets it.
 */
export interface _tessera_v1_MasterMessage_Acknowledge {
  frameworkId?: _tessera_v1_FrameworkID | null;
  taskId?: _tessera_v1_TaskID | null;
  uuid?: string;
}

/**
 * The framework acknowledged this update: the agent forgets it.
 */
export interface _tessera_v1_MasterMessage_Acknowledge__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  taskId: _tessera_v1_TaskID__Output | null;
  uuid: string;
}

/**
 * Stop accepting tasks; kill running ones with their grace period (or this one).
 */
export interface _tessera_v1_MasterMessage_Drain {
  killPolicy?: _tessera_v1_KillPolicy | null;
}

/**
 * Stop accepting tasks; kill running ones with their grace period (or this one).
 */
export interface _tessera_v1_MasterMessage_Drain__Output {
  killPolicy: _tessera_v1_KillPolicy__Output | null;
}

/**
 * Kill a task; a task the agent does not know answers TASK_LOST/UNKNOWN.
 */
export interface _tessera_v1_MasterMessage_KillTask {
  frameworkId?: _tessera_v1_FrameworkID | null;
  taskId?: _tessera_v1_TaskID | null;
  killPolicy?: _tessera_v1_KillPolicy | null;
  /**
   * The reason the terminal update carries (e.g. REASON_PREEMPTED when the
   * master revokes lent resources); unspecified for a framework's own kill.
   */
  reason?: _tessera_v1_TaskStatus_Reason;
}

/**
 * Kill a task; a task the agent does not know answers TASK_LOST/UNKNOWN.
 */
export interface _tessera_v1_MasterMessage_KillTask__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  taskId: _tessera_v1_TaskID__Output | null;
  killPolicy: _tessera_v1_KillPolicy__Output | null;
  /**
   * The reason the terminal update carries (e.g. REASON_PREEMPTED when the
   * master revokes lent resources); unspecified for a framework's own kill.
   */
  reason: _tessera_v1_TaskStatus_Reason__Output;
}

export interface _tessera_v1_MasterMessage_Ping {
  sequence?: number | string | Long;
}

export interface _tessera_v1_MasterMessage_Ping__Output {
  sequence: number;
}

/**
 * The master refuses this agent (e.g. unknown ID after it was marked gone).
 */
export interface _tessera_v1_MasterMessage_Refused {
  message?: string;
}

/**
 * The master refuses this agent (e.g. unknown ID after it was marked gone).
 */
export interface _tessera_v1_MasterMessage_Refused__Output {
  message: string;
}

export interface _tessera_v1_MasterMessage_Registered {
  agentId?: _tessera_v1_AgentID | null;
  masterInfo?: _tessera_v1_MasterInfo | null;
  pingIntervalSeconds?: number | string;
}

export interface _tessera_v1_MasterMessage_Registered__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  masterInfo: _tessera_v1_MasterInfo__Output | null;
  pingIntervalSeconds: number;
}

export interface _tessera_v1_MasterMessage_Reregistered {
  agentId?: _tessera_v1_AgentID | null;
  masterInfo?: _tessera_v1_MasterInfo | null;
  pingIntervalSeconds?: number | string;
  /**
   * Tasks the agent reported that the master considers ended or unknown
   * (e.g. their framework was torn down): the agent kills them.
   */
  killTaskIds?: _tessera_v1_TaskID[];
}

export interface _tessera_v1_MasterMessage_Reregistered__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  masterInfo: _tessera_v1_MasterInfo__Output | null;
  pingIntervalSeconds: number;
  /**
   * Tasks the agent reported that the master considers ended or unknown
   * (e.g. their framework was torn down): the agent kills them.
   */
  killTaskIds: _tessera_v1_TaskID__Output[];
}

/**
 * Launch one task. Idempotent by task ID on the agent.
 */
export interface _tessera_v1_MasterMessage_RunTask {
  frameworkInfo?: _tessera_v1_FrameworkInfo | null;
  task?: _tessera_v1_TaskInfo | null;
}

/**
 * Launch one task. Idempotent by task ID on the agent.
 */
export interface _tessera_v1_MasterMessage_RunTask__Output {
  frameworkInfo: _tessera_v1_FrameworkInfo__Output | null;
  task: _tessera_v1_TaskInfo__Output | null;
}

/**
 * Kill every task of the framework (it was torn down or failed over too late).
 */
export interface _tessera_v1_MasterMessage_ShutdownFramework {
  frameworkId?: _tessera_v1_FrameworkID | null;
}

/**
 * Kill every task of the framework (it was torn down or failed over too late).
 */
export interface _tessera_v1_MasterMessage_ShutdownFramework__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
}

/**
 * What the master tells an agent.
 */
export interface MasterMessage {
  registered?: _tessera_v1_MasterMessage_Registered | null;
  reregistered?: _tessera_v1_MasterMessage_Reregistered | null;
  runTask?: _tessera_v1_MasterMessage_RunTask | null;
  killTask?: _tessera_v1_MasterMessage_KillTask | null;
  acknowledge?: _tessera_v1_MasterMessage_Acknowledge | null;
  ping?: _tessera_v1_MasterMessage_Ping | null;
  shutdownFramework?: _tessera_v1_MasterMessage_ShutdownFramework | null;
  drain?: _tessera_v1_MasterMessage_Drain | null;
  refused?: _tessera_v1_MasterMessage_Refused | null;
  message?:
    | 'registered'
    | 'reregistered'
    | 'runTask'
    | 'killTask'
    | 'acknowledge'
    | 'ping'
    | 'shutdownFramework'
    | 'drain'
    | 'refused';
}

/**
 * What the master tells an agent.
 */
export interface MasterMessage__Output {
  registered?: _tessera_v1_MasterMessage_Registered__Output | null;
  reregistered?: _tessera_v1_MasterMessage_Reregistered__Output | null;
  runTask?: _tessera_v1_MasterMessage_RunTask__Output | null;
  killTask?: _tessera_v1_MasterMessage_KillTask__Output | null;
  acknowledge?: _tessera_v1_MasterMessage_Acknowledge__Output | null;
  ping?: _tessera_v1_MasterMessage_Ping__Output | null;
  shutdownFramework?: _tessera_v1_MasterMessage_ShutdownFramework__Output | null;
  drain?: _tessera_v1_MasterMessage_Drain__Output | null;
  refused?: _tessera_v1_MasterMessage_Refused__Output | null;
  message?:
    | 'registered'
    | 'reregistered'
    | 'runTask'
    | 'killTask'
    | 'acknowledge'
    | 'ping'
    | 'shutdownFramework'
    | 'drain'
    | 'refused';
}
