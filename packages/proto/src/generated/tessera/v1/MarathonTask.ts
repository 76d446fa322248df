// Original file: proto/tessera/v1/marathon.proto

import type {
  HealthCheckResult as _tessera_v1_HealthCheckResult,
  HealthCheckResult__Output as _tessera_v1_HealthCheckResult__Output,
} from '../../tessera/v1/HealthCheckResult.js';

export interface MarathonTask {
  id?: string;
  appId?: string;
  instanceId?: string;
  agentId?: string;
  host?: string;
  ports?: number[];
  servicePorts?: number[];
  /**
   * Marathon's task state name, e.g. "TASK_RUNNING".
   */
  state?: string;
  stagedAt?: string;
  startedAt?: string;
  version?: string;
  /**
   * One result per health check, in the app's order; empty without checks.
   */
  healthCheckResults?: _tessera_v1_HealthCheckResult[];
}

export interface MarathonTask__Output {
  id: string;
  appId: string;
  instanceId: string;
  agentId: string;
  host: string;
  ports: number[];
  servicePorts: number[];
  /**
   * Marathon's task state name, e.g. "TASK_RUNNING".
   */
  state: string;
  stagedAt: string;
  startedAt: string;
  version: string;
  /**
   * One result per health check, in the app's order; empty without checks.
   */
  healthCheckResults: _tessera_v1_HealthCheckResult__Output[];
}
