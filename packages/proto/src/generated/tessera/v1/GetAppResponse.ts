// Original file: proto/tessera/v1/marathon.proto

import type {
  AppStatus as _tessera_v1_AppStatus,
  AppStatus__Output as _tessera_v1_AppStatus__Output,
} from '../../tessera/v1/AppStatus.js';

export interface GetAppResponse {
  app?: _tessera_v1_AppStatus | null;
}

export interface GetAppResponse__Output {
  app: _tessera_v1_AppStatus__Output | null;
}
