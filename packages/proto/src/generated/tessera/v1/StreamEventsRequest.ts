// Original file: proto/tessera/v1/marathon.proto

export interface StreamEventsRequest {
  /**
   * Marathon event types to receive ("status_update_event", ...); empty: all.
   */
  eventTypes?: string[];
}

export interface StreamEventsRequest__Output {
  /**
   * Marathon event types to receive ("status_update_event", ...); empty: all.
   */
  eventTypes: string[];
}
