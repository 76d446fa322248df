// Original file: proto/tessera/v1/common.proto

import type {
  CommandInfo as _tessera_v1_CommandInfo,
  CommandInfo__Output as _tessera_v1_CommandInfo__Output,
} from '../../tessera/v1/CommandInfo.js';

export interface _tessera_v1_HealthCheck_HTTPCheckInfo {
  /**
   * "http" (default) or "https".
   */
  scheme?: string;
  port?: number;
  path?: string;
}

export interface _tessera_v1_HealthCheck_HTTPCheckInfo__Output {
  /**
   * "http" (default) or "https".
   */
  scheme: string;
  port: number;
  path: string;
}

export interface _tessera_v1_HealthCheck_TCPCheckInfo {
  port?: number;
}

export interface _tessera_v1_HealthCheck_TCPCheckInfo__Output {
  port: number;
}

// Original file: proto/tessera/v1/common.proto

export const _tessera_v1_HealthCheck_Type = {
  TYPE_UNSPECIFIED: 'TYPE_UNSPECIFIED',
  COMMAND: 'COMMAND',
  HTTP: 'HTTP',
  TCP: 'TCP',
} as const;

export type _tessera_v1_HealthCheck_Type = 'TYPE_UNSPECIFIED' | 0 | 'COMMAND' | 1 | 'HTTP' | 2 | 'TCP' | 3;

export type _tessera_v1_HealthCheck_Type__Output =
  (typeof _tessera_v1_HealthCheck_Type)[keyof typeof _tessera_v1_HealthCheck_Type];

/**
 * A health check with Mesos's semantics. Defaults: delay 15 s, interval 10 s,
 * timeout 20 s, consecutive_failures 3, grace period 10 s. Interval, timeout and
 * consecutive_failures of 0 mean the default; delay and grace period are
 * `optional` so that 0 (check at once; no grace) can be asked for — absent means
 * the default.
 */
export interface HealthCheck {
  type?: _tessera_v1_HealthCheck_Type;
  delaySeconds?: number | string;
  intervalSeconds?: number | string;
  timeoutSeconds?: number | string;
  consecutiveFailures?: number;
  gracePeriodSeconds?: number | string;
  command?: _tessera_v1_CommandInfo | null;
  http?: _tessera_v1_HealthCheck_HTTPCheckInfo | null;
  tcp?: _tessera_v1_HealthCheck_TCPCheckInfo | null;
  _delaySeconds?: 'delaySeconds';
  _gracePeriodSeconds?: 'gracePeriodSeconds';
}

/**
 * A health check with Mesos's semantics. Defaults: delay 15 s, interval 10 s,
 * timeout 20 s, consecutive_failures 3, grace period 10 s. Interval, timeout and
 * consecutive_failures of 0 mean the default; delay and grace period are
 * `optional` so that 0 (check at once; no grace) can be asked for — absent means
 * the default.
 */
export interface HealthCheck__Output {
  type: _tessera_v1_HealthCheck_Type__Output;
  delaySeconds?: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  consecutiveFailures: number;
  gracePeriodSeconds?: number;
  command: _tessera_v1_CommandInfo__Output | null;
  http: _tessera_v1_HealthCheck_HTTPCheckInfo__Output | null;
  tcp: _tessera_v1_HealthCheck_TCPCheckInfo__Output | null;
  _delaySeconds?: 'delaySeconds';
  _gracePeriodSeconds?: 'gracePeriodSeconds';
}
