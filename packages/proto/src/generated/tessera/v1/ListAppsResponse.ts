// Original file: proto/tessera/v1/marathon.proto

import type {
  AppStatus as _tessera_v1_AppStatus,
  AppStatus__Output as _tessera_v1_AppStatus__Output,
} from '../../tessera/v1/AppStatus.js';

export interface ListAppsResponse {
  apps?: _tessera_v1_AppStatus[];
}

export interface ListAppsResponse__Output {
  apps: _tessera_v1_AppStatus__Output[];
}
