// Original file: proto/tessera/v1/scheduler.proto

import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from '../../tessera/v1/FrameworkID.js';
import type {
  MasterInfo as _tessera_v1_MasterInfo,
  MasterInfo__Output as _tessera_v1_MasterInfo__Output,
} from '../../tessera/v1/MasterInfo.js';
import type { Offer as _tessera_v1_Offer, Offer__Output as _tessera_v1_Offer__Output } from '../../tessera/v1/Offer.js';
import type {
  OfferID as _tessera_v1_OfferID,
  OfferID__Output as _tessera_v1_OfferID__Output,
} from '../../tessera/v1/OfferID.js';
import type {
  TaskStatus as _tessera_v1_TaskStatus,
  TaskStatus__Output as _tessera_v1_TaskStatus__Output,
} from '../../tessera/v1/TaskStatus.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  ExecutorID as _tessera_v1_ExecutorID,
  ExecutorID__Output as _tessera_v1_ExecutorID__Output,
} from '../../tessera/v1/ExecutorID.js';

export interface _tessera_v1_Event_Error {
  message?: string;
}

export interface _tessera_v1_Event_Error__Output {
  message: string;
}

export interface _tessera_v1_Event_Failure {
  agentId?: _tessera_v1_AgentID | null;
  executorId?: _tessera_v1_ExecutorID | null;
  hasStatus?: boolean;
  status?: number;
}

export interface _tessera_v1_Event_Failure__Output {
  agentId: _tessera_v1_AgentID__Output | null;
  executorId: _tessera_v1_ExecutorID__Output | null;
  hasStatus: boolean;
  status: number;
}

export interface _tessera_v1_Event_Heartbeat {}

export interface _tessera_v1_Event_Heartbeat__Output {}

export interface _tessera_v1_Event_Offers {
  offers?: _tessera_v1_Offer[];
}

export interface _tessera_v1_Event_Offers__Output {
  offers: _tessera_v1_Offer__Output[];
}

export interface _tessera_v1_Event_Rescind {
  offerId?: _tessera_v1_OfferID | null;
}

export interface _tessera_v1_Event_Rescind__Output {
  offerId: _tessera_v1_OfferID__Output | null;
}

export interface _tessera_v1_Event_Subscribed {
  frameworkId?: _tessera_v1_FrameworkID | null;
  /**
   * The master sends HEARTBEAT at this interval; a framework that sees none for
   * a few intervals should reconnect.
   */
  heartbeatIntervalSeconds?: number | string;
  masterInfo?: _tessera_v1_MasterInfo | null;
  /**
   * This subscription's ID, new for every Subscribe; every unary call carries
   * it as the metadata `tessera-stream-id`.
   */
  streamId?: string;
}

export interface _tessera_v1_Event_Subscribed__Output {
  frameworkId: _tessera_v1_FrameworkID__Output | null;
  /**
   * The master sends HEARTBEAT at this interval; a framework that sees none for
   * a few intervals should reconnect.
   */
  heartbeatIntervalSeconds: number;
  masterInfo: _tessera_v1_MasterInfo__Output | null;
  /**
   * This subscription's ID, new for every Subscribe; every unary call carries
   * it as the metadata `tessera-stream-id`.
   */
  streamId: string;
}

export interface _tessera_v1_Event_Update {
  status?: _tessera_v1_TaskStatus | null;
}

export interface _tessera_v1_Event_Update__Output {
  status: _tessera_v1_TaskStatus__Output | null;
}

export interface Event {
  subscribed?: _tessera_v1_Event_Subscribed | null;
  offers?: _tessera_v1_Event_Offers | null;
  rescind?: _tessera_v1_Event_Rescind | null;
  update?: _tessera_v1_Event_Update | null;
  failure?: _tessera_v1_Event_Failure | null;
  error?: _tessera_v1_Event_Error | null;
  heartbeat?: _tessera_v1_Event_Heartbeat | null;
  event?: 'subscribed' | 'offers' | 'rescind' | 'update' | 'failure' | 'error' | 'heartbeat';
}

export interface Event__Output {
  subscribed?: _tessera_v1_Event_Subscribed__Output | null;
  offers?: _tessera_v1_Event_Offers__Output | null;
  rescind?: _tessera_v1_Event_Rescind__Output | null;
  update?: _tessera_v1_Event_Update__Output | null;
  failure?: _tessera_v1_Event_Failure__Output | null;
  error?: _tessera_v1_Event_Error__Output | null;
  heartbeat?: _tessera_v1_Event_Heartbeat__Output | null;
  event?: 'subscribed' | 'offers' | 'rescind' | 'update' | 'failure' | 'error' | 'heartbeat';
}
