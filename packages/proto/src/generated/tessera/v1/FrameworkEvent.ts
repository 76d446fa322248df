// Original file: proto/tessera/v1/events.proto

import type {
  FrameworkInfo as _tessera_v1_FrameworkInfo,
  FrameworkInfo__Output as _tessera_v1_FrameworkInfo__Output,
} from '../../tessera/v1/FrameworkInfo.js';

export interface FrameworkEvent {
  framework?: _tessera_v1_FrameworkInfo | null;
  /**
   * "added", "resubscribed", "disconnected", "removed".
   */
  change?: string;
  time?: number | string;
}

export interface FrameworkEvent__Output {
  framework: _tessera_v1_FrameworkInfo__Output | null;
  /**
   * "added", "resubscribed", "disconnected", "removed".
   */
  change: string;
  time: number;
}
