import { encodeMessage } from '@tessera/proto';
import { publishFact, type EventBus } from '@tessera/bus';
import type { Logger } from '@tessera/runtime';

/**
 * Publishes the master's facts on the bus (subjects and payloads as documented in
 * proto/tessera/v1/events.proto). Publishing never blocks or fails the change that
 * caused it: state is already in the store; a lost fact is logged and counted.
 */
export class FactPublisher {
  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly onFailure: () => void = () => {},
  ) {}

  publish(subject: string, typeName: string, message: object): void {
    let data: Uint8Array;
    try {
      data = encodeMessage(typeName, message);
    } catch (error) {
      this.logger.error({ err: error, subject }, 'could not encode fact');
      this.onFailure();
      return;
    }
    publishFact(this.bus, subject, typeName, data).catch((error: unknown) => {
      this.logger.warn({ err: error, subject }, 'could not publish fact');
      this.onFailure();
    });
  }
}
