// Original file: proto/tessera/v1/marathon.proto

import type { App as _tessera_v1_App, App__Output as _tessera_v1_App__Output } from '../../tessera/v1/App.js';

export interface UpdateAppRequest {
  app?: _tessera_v1_App | null;
  /**
   * Change only the fields set in `app` (REST PATCH). Proto3 cannot tell an
   * empty list, map or string from an unset one, so a partial update leaves
   * those as they were: to clear `env` or `constraints`, say, send the whole
   * app with `partial` false.
   */
  partial?: boolean;
  /**
   * Cancel the deployments that hold the app and deploy this version.
   */
  force?: boolean;
}

export interface UpdateAppRequest__Output {
  app: _tessera_v1_App__Output | null;
  /**
   * Change only the fields set in `app` (REST PATCH). Proto3 cannot tell an
   * empty list, map or string from an unset one, so a partial update leaves
   * those as they were: to clear `env` or `constraints`, say, send the whole
   * app with `partial` false.
   */
  partial: boolean;
  /**
   * Cancel the deployments that hold the app and deploy this version.
   */
  force: boolean;
}
