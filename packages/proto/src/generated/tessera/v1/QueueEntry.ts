// Original file: proto/tessera/v1/marathon.proto

import type {
  DelayInfo as _tessera_v1_DelayInfo,
  DelayInfo__Output as _tessera_v1_DelayInfo__Output,
} from '../../tessera/v1/DelayInfo.js';
import type {
  RejectCount as _tessera_v1_RejectCount,
  RejectCount__Output as _tessera_v1_RejectCount__Output,
} from '../../tessera/v1/RejectCount.js';

export interface QueueEntry {
  appId?: string;
  /**
   * Instances still to launch.
   */
  count?: number;
  delay?: _tessera_v1_DelayInfo | null;
  since?: string;
  processedOffersCount?: number;
  unusedOffersCount?: number;
  lastUnusedOfferAt?: string;
  lastUsedOfferAt?: string;
  rejectSummaryLastOffers?: _tessera_v1_RejectCount[];
  rejectSummaryLaunchAttempt?: _tessera_v1_RejectCount[];
}

export interface QueueEntry__Output {
  appId: string;
  /**
   * Instances still to launch.
   */
  count: number;
  delay: _tessera_v1_DelayInfo__Output | null;
  since: string;
  processedOffersCount: number;
  unusedOffersCount: number;
  lastUnusedOfferAt: string;
  lastUsedOfferAt: string;
  rejectSummaryLastOffers: _tessera_v1_RejectCount__Output[];
  rejectSummaryLaunchAttempt: _tessera_v1_RejectCount__Output[];
}
