// Original file: proto/tessera/v1/marathon.proto

import type {
  MarathonTask as _tessera_v1_MarathonTask,
  MarathonTask__Output as _tessera_v1_MarathonTask__Output,
} from '../../tessera/v1/MarathonTask.js';

export interface ListTasksResponse {
  tasks?: _tessera_v1_MarathonTask[];
}

export interface ListTasksResponse__Output {
  tasks: _tessera_v1_MarathonTask__Output[];
}
