// Original file: proto/tessera/v1/marathon.proto

import type { App as _tessera_v1_App, App__Output as _tessera_v1_App__Output } from '../../tessera/v1/App.js';

export interface CreateAppRequest {
  app?: _tessera_v1_App | null;
}

export interface CreateAppRequest__Output {
  app: _tessera_v1_App__Output | null;
}
