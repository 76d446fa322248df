// Original file: proto/tessera/v1/common.proto

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from '../../tessera/v1/AgentID.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from '../../tessera/v1/Resource.js';
import type {
  Attribute as _tessera_v1_Attribute,
  Attribute__Output as _tessera_v1_Attribute__Output,
} from '../../tessera/v1/Attribute.js';

export interface AgentInfo {
  /**
   * Assigned by the master at first registration; kept across agent restarts.
   */
  id?: _tessera_v1_AgentID | null;
  hostname?: string;
  /**
   * The address of the agent's own gRPC service (tessera.v1.Agent), "host:port".
   */
  endpoint?: string;
  resources?: _tessera_v1_Resource[];
  attributes?: _tessera_v1_Attribute[];
  /**
   * Changes when the machine reboots; a new boot means a new agent.
   */
  bootId?: string;
  /**
   * "process" or "simulated".
   */
  executorBackend?: string;
  /**
   * The agent's HTTP port (metrics, health, sandbox files).
   */
  httpPort?: number;
}

export interface AgentInfo__Output {
  /**
   * Assigned by the master at first registration; kept across agent restarts.
   */
  id: _tessera_v1_AgentID__Output | null;
  hostname: string;
  /**
   * The address of the agent's own gRPC service (tessera.v1.Agent), "host:port".
   */
  endpoint: string;
  resources: _tessera_v1_Resource__Output[];
  attributes: _tessera_v1_Attribute__Output[];
  /**
   * Changes when the machine reboots; a new boot means a new agent.
   */
  bootId: string;
  /**
   * "process" or "simulated".
   */
  executorBackend: string;
  /**
   * The agent's HTTP port (metrics, health, sandbox files).
   */
  httpPort: number;
}
