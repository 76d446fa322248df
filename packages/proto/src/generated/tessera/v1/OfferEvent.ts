// Original file: proto/tessera/v1/events.proto

import type { Offer as _tessera_v1_Offer, Offer__Output as _tessera_v1_Offer__Output } from '../../tessera/v1/Offer.js';

export interface OfferEvent {
  offer?: _tessera_v1_Offer | null;
  /**
   * "created", "rescinded".
   */
  change?: string;
  time?: number | string;
}

export interface OfferEvent__Output {
  offer: _tessera_v1_Offer__Output | null;
  /**
   * "created", "rescinded".
   */
  change: string;
  time: number;
}
