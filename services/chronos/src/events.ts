/**
 * Run events: delivered to the API's subscribers (the gRPC stream) and
 * published on NATS as facts `tessera.chronos.run.<type>` (a
 * `tessera.v1.RunEvent`), with the run's identity (job, scheduled time).
 * Publishing is best effort: a lost fact is logged and counted, never fatal —
 * the ledger in Redis is the record.
 */
import { publishFact, type EventBus } from '@tessera/bus';
import { encodeMessage, type v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import type { RunEventJson } from './api.js';

export const runEventSubject = (type: string): string => `tessera.chronos.run.${type}`;

export interface RunEventHubOptions {
  readonly bus: EventBus;
  readonly logger: Logger;
  /** The event as the wire message (the gRPC door's converter). */
  readonly toProto: (event: RunEventJson) => v1.RunEvent;
  /** Called when a fact could not be published. */
  readonly onPublishFailure?: () => void;
}

export class RunEventHub {
  private readonly listeners = new Set<(event: RunEventJson) => void>();

  constructor(private readonly options: RunEventHubOptions) {}

  /** Delivers every event from now on to `listener`, until the returned function is called. */
  subscribe(listener: (event: RunEventJson) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RunEventJson): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'a run event listener failed; it is dropped');
        this.listeners.delete(listener);
      }
    }
    const typeName = 'tessera.v1.RunEvent';
    let data: Uint8Array;
    try {
      data = encodeMessage(typeName, this.options.toProto(event));
    } catch (error) {
      this.options.logger.error({ err: error, type: event.type }, 'could not encode a run event');
      this.options.onPublishFailure?.();
      return;
    }
    publishFact(this.options.bus, runEventSubject(event.type), typeName, data).catch((error: unknown) => {
      this.options.logger.warn({ err: error, type: event.type }, 'could not publish a run event');
      this.options.onPublishFailure?.();
    });
  }
}
