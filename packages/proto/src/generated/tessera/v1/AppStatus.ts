// Original file: proto/tessera/v1/marathon.proto

import type { App as _tessera_v1_App, App__Output as _tessera_v1_App__Output } from '../../tessera/v1/App.js';
import type {
  MarathonTask as _tessera_v1_MarathonTask,
  MarathonTask__Output as _tessera_v1_MarathonTask__Output,
} from '../../tessera/v1/MarathonTask.js';
import type {
  DelayInfo as _tessera_v1_DelayInfo,
  DelayInfo__Output as _tessera_v1_DelayInfo__Output,
} from '../../tessera/v1/DelayInfo.js';

/**
 * An app with what Marathon shows beside its definition.
 */
export interface AppStatus {
  app?: _tessera_v1_App | null;
  tasksStaged?: number;
  tasksRunning?: number;
  tasksHealthy?: number;
  tasksUnhealthy?: number;
  /**
   * Ids of the deployments that change this app now.
   */
  deploymentIds?: string[];
  /**
   * when asked with embed_tasks
   */
  tasks?: _tessera_v1_MarathonTask[];
  /**
   * when it waits in the launch queue
   */
  delay?: _tessera_v1_DelayInfo | null;
  _delay?: 'delay';
}

/**
 * An app with what Marathon shows beside its definition.
 */
export interface AppStatus__Output {
  app: _tessera_v1_App__Output | null;
  tasksStaged: number;
  tasksRunning: number;
  tasksHealthy: number;
  tasksUnhealthy: number;
  /**
   * Ids of the deployments that change this app now.
   */
  deploymentIds: string[];
  /**
   * when asked with embed_tasks
   */
  tasks: _tessera_v1_MarathonTask__Output[];
  /**
   * when it waits in the launch queue
   */
  delay?: _tessera_v1_DelayInfo__Output | null;
  _delay?: 'delay';
}
