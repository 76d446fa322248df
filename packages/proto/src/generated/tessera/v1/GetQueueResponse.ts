// Original file: proto/tessera/v1/marathon.proto

import type {
  QueueEntry as _tessera_v1_QueueEntry,
  QueueEntry__Output as _tessera_v1_QueueEntry__Output,
} from '../../tessera/v1/QueueEntry.js';

export interface GetQueueResponse {
  queue?: _tessera_v1_QueueEntry[];
}

export interface GetQueueResponse__Output {
  queue: _tessera_v1_QueueEntry__Output[];
}
