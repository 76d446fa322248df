import type { BusLogger, EventBus } from './event-bus.js';
import { publishFact } from './trace.js';

/** Encodes a message as its protobuf type (e.g. @tessera/proto's `encodeMessage`); throws on a message that does not fit. */
export type FactEncoder = (typeName: string, message: object) => Uint8Array;

/**
 * Publishes a service's facts on the bus: each message encoded as its protobuf type, sent with `publishFact`.
 * Publishing never blocks or fails the change that caused it (state is already in the store): a message that cannot
 * be encoded or sent is logged and reported to `onFailure`, nothing more.
 */
export class FactPublisher {
  constructor(
    private readonly bus: EventBus,
    private readonly logger: BusLogger,
    private readonly encode: FactEncoder,
    private readonly onFailure: () => void = () => {},
  ) {}

  publish(subject: string, typeName: string, message: object): void {
    let data: Uint8Array;
    try {
      data = this.encode(typeName, message);
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
