// Original file: proto/tessera/v1/marathon.proto

import type {
  PortDefinition as _tessera_v1_PortDefinition,
  PortDefinition__Output as _tessera_v1_PortDefinition__Output,
} from '../../tessera/v1/PortDefinition.js';
import type {
  FetchUri as _tessera_v1_FetchUri,
  FetchUri__Output as _tessera_v1_FetchUri__Output,
} from '../../tessera/v1/FetchUri.js';
import type {
  AppConstraint as _tessera_v1_AppConstraint,
  AppConstraint__Output as _tessera_v1_AppConstraint__Output,
} from '../../tessera/v1/AppConstraint.js';
import type {
  AppHealthCheck as _tessera_v1_AppHealthCheck,
  AppHealthCheck__Output as _tessera_v1_AppHealthCheck__Output,
} from '../../tessera/v1/AppHealthCheck.js';
import type {
  ReadinessCheck as _tessera_v1_ReadinessCheck,
  ReadinessCheck__Output as _tessera_v1_ReadinessCheck__Output,
} from '../../tessera/v1/ReadinessCheck.js';
import type {
  UpgradeStrategy as _tessera_v1_UpgradeStrategy,
  UpgradeStrategy__Output as _tessera_v1_UpgradeStrategy__Output,
} from '../../tessera/v1/UpgradeStrategy.js';
import type {
  KillSelection as _tessera_v1_KillSelection,
  KillSelection__Output as _tessera_v1_KillSelection__Output,
} from '../../tessera/v1/KillSelection.js';
import type {
  UnreachableStrategy as _tessera_v1_UnreachableStrategy,
  UnreachableStrategy__Output as _tessera_v1_UnreachableStrategy__Output,
} from '../../tessera/v1/UnreachableStrategy.js';
import type {
  VersionInfo as _tessera_v1_VersionInfo,
  VersionInfo__Output as _tessera_v1_VersionInfo__Output,
} from '../../tessera/v1/VersionInfo.js';

/**
 * An app definition with Marathon's fields. A field left unset takes Marathon's
 * default (shown in brackets); read back, every field is set.
 */
export interface App {
  id?: string;
  /**
   * Exactly one of cmd and args.
   */
  cmd?: string;
  args?: string[];
  /**
   * [1]
   */
  instances?: number;
  /**
   * [1]
   */
  cpus?: number | string;
  /**
   * [128] MiB
   */
  mem?: number | string;
  /**
   * [0] MiB
   */
  disk?: number | string;
  /**
   * [0]
   */
  gpus?: number;
  env?: { [key: string]: string };
  labels?: { [key: string]: string };
  /**
   * [the framework's user]
   */
  user?: string;
  /**
   * [one port definition {port 0, tcp, "default"}]; set `no_ports` for none.
   */
  portDefinitions?: _tessera_v1_PortDefinition[];
  noPorts?: boolean;
  /**
   * [false]
   */
  requirePorts?: boolean;
  fetch?: _tessera_v1_FetchUri[];
  constraints?: _tessera_v1_AppConstraint[];
  acceptedResourceRoles?: string[];
  healthChecks?: _tessera_v1_AppHealthCheck[];
  readinessChecks?: _tessera_v1_ReadinessCheck[];
  /**
   * [{1, 1}]
   */
  upgradeStrategy?: _tessera_v1_UpgradeStrategy | null;
  /**
   * [1]
   */
  backoffSeconds?: number | string;
  /**
   * [1.15]
   */
  backoffFactor?: number | string;
  /**
   * [300]
   */
  maxLaunchDelaySeconds?: number | string;
  dependencies?: string[];
  /**
   * [YOUNGEST_FIRST]
   */
  killSelection?: _tessera_v1_KillSelection;
  /**
   * [{0, 0}]
   */
  unreachableStrategy?: _tessera_v1_UnreachableStrategy | null;
  /**
   * [the master's default]
   */
  taskKillGracePeriodSeconds?: number | string;
  /**
   * [Marathon's role]
   */
  role?: string;
  /**
   * Read only: when this definition was made, and its last scaling and config change.
   */
  version?: string;
  versionInfo?: _tessera_v1_VersionInfo | null;
  _cmd?: 'cmd';
  _instances?: 'instances';
  _cpus?: 'cpus';
  _mem?: 'mem';
  _disk?: 'disk';
  _gpus?: 'gpus';
  _upgradeStrategy?: 'upgradeStrategy';
  _backoffSeconds?: 'backoffSeconds';
  _backoffFactor?: 'backoffFactor';
  _maxLaunchDelaySeconds?: 'maxLaunchDelaySeconds';
  _unreachableStrategy?: 'unreachableStrategy';
  _taskKillGracePeriodSeconds?: 'taskKillGracePeriodSeconds';
}

/**
 * An app definition with Marathon's fields. A field left unset takes Marathon's
 * default (shown in brackets); read back, every field is set.
 */
export interface App__Output {
  id: string;
  /**
   * Exactly one of cmd and args.
   */
  cmd?: string;
  args: string[];
  /**
   * [1]
   */
  instances?: number;
  /**
   * [1]
   */
  cpus?: number;
  /**
   * [128] MiB
   */
  mem?: number;
  /**
   * [0] MiB
   */
  disk?: number;
  /**
   * [0]
   */
  gpus?: number;
  env: { [key: string]: string };
  labels: { [key: string]: string };
  /**
   * [the framework's user]
   */
  user: string;
  /**
   * [one port definition {port 0, tcp, "default"}]; set `no_ports` for none.
   */
  portDefinitions: _tessera_v1_PortDefinition__Output[];
  noPorts: boolean;
  /**
   * [false]
   */
  requirePorts: boolean;
  fetch: _tessera_v1_FetchUri__Output[];
  constraints: _tessera_v1_AppConstraint__Output[];
  acceptedResourceRoles: string[];
  healthChecks: _tessera_v1_AppHealthCheck__Output[];
  readinessChecks: _tessera_v1_ReadinessCheck__Output[];
  /**
   * [{1, 1}]
   */
  upgradeStrategy?: _tessera_v1_UpgradeStrategy__Output | null;
  /**
   * [1]
   */
  backoffSeconds?: number;
  /**
   * [1.15]
   */
  backoffFactor?: number;
  /**
   * [300]
   */
  maxLaunchDelaySeconds?: number;
  dependencies: string[];
  /**
   * [YOUNGEST_FIRST]
   */
  killSelection: _tessera_v1_KillSelection__Output;
  /**
   * [{0, 0}]
   */
  unreachableStrategy?: _tessera_v1_UnreachableStrategy__Output | null;
  /**
   * [the master's default]
   */
  taskKillGracePeriodSeconds?: number;
  /**
   * [Marathon's role]
   */
  role: string;
  /**
   * Read only: when this definition was made, and its last scaling and config change.
   */
  version: string;
  versionInfo: _tessera_v1_VersionInfo__Output | null;
  _cmd?: 'cmd';
  _instances?: 'instances';
  _cpus?: 'cpus';
  _mem?: 'mem';
  _disk?: 'disk';
  _gpus?: 'gpus';
  _upgradeStrategy?: 'upgradeStrategy';
  _backoffSeconds?: 'backoffSeconds';
  _backoffFactor?: 'backoffFactor';
  _maxLaunchDelaySeconds?: 'maxLaunchDelaySeconds';
  _unreachableStrategy?: 'unreachableStrategy';
  _taskKillGracePeriodSeconds?: 'taskKillGracePeriodSeconds';
}
