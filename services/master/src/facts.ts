import { encodeMessage } from '@tessera/proto';
import { FactPublisher as BusFactPublisher, type EventBus } from '@tessera/bus';
import type { Logger } from '@tessera/runtime';

/**
 * Publishes the master's facts on the bus (subjects and payloads as documented in
 * proto/tessera/v1/events.proto), encoded by @tessera/proto. Publishing never blocks or
 * fails the change that caused it: state is already in the store; a lost fact is logged and counted.
 */
export class FactPublisher extends BusFactPublisher {
  constructor(bus: EventBus, logger: Logger, onFailure: () => void = () => {}) {
    super(bus, logger, encodeMessage, onFailure);
  }
}
