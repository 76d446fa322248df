// Original file: proto/tessera/v1/marathon.proto

import type { App as _tessera_v1_App, App__Output as _tessera_v1_App__Output } from '../../tessera/v1/App.js';
import type { Group as _tessera_v1_Group, Group__Output as _tessera_v1_Group__Output } from '../../tessera/v1/Group.js';

export interface Group {
  id?: string;
  apps?: _tessera_v1_App[];
  groups?: _tessera_v1_Group[];
  dependencies?: string[];
  /**
   * read only
   */
  version?: string;
}

export interface Group__Output {
  id: string;
  apps: _tessera_v1_App__Output[];
  groups: _tessera_v1_Group__Output[];
  dependencies: string[];
  /**
   * read only
   */
  version: string;
}
