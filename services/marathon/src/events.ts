import type { IncomingMessage, ServerResponse } from 'node:http';
import { publishFact, type EventBus } from '@tessera/bus';
import { encodeMessage, type v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';

/**
 * One Marathon event, with Marathon's field names: `eventType` names it
 * ("status_update_event", "deployment_success", …) and `timestamp` is ISO 8601.
 */
export interface MarathonEventJson {
  readonly eventType: string;
  readonly timestamp: string;
  readonly [field: string]: unknown;
}

/** Someone who receives events: an SSE connection or a gRPC stream. */
export interface EventSubscriber {
  /** Event types wanted; empty: all. */
  readonly eventTypes: ReadonlySet<string>;
  /** Delivers one event; false when the subscriber is gone or too slow (it is dropped). */
  deliver(event: MarathonEventJson, json: string): boolean;
}

export interface EventHubOptions {
  readonly bus: EventBus;
  readonly logger: Logger;
  /** Called when a fact could not be published (counted). */
  readonly onPublishFailure?: () => void;
}

/** The NATS subject of an event: `tessera.marathon.<event type>`. */
export const eventSubject = (eventType: string): string => `tessera.marathon.${eventType}`;

/** The typed part of an event, for `tessera.v1.MarathonEvent` (facts and the gRPC stream). */
export function eventToProto(event: MarathonEventJson, json: string): v1.MarathonEvent {
  const text = (field: string): string => (typeof event[field] === 'string' ? (event[field] as string) : '');
  const healthy = event['alive'] ?? event['healthy'];
  return {
    eventType: event.eventType,
    timestamp: event.timestamp,
    json,
    appId: text('appId'),
    taskId: text('taskId'),
    instanceId: text('instanceId'),
    deploymentId: typeof event['plan'] === 'object' ? String((event['plan'] as { id?: unknown }).id ?? '') : text('id'),
    taskStatus: text('taskStatus'),
    ...(typeof healthy === 'boolean' ? { healthy } : {}),
  };
}

/**
 * Fans Marathon's events out: to every attached subscriber (REST `/v2/events`
 * as Server-Sent Events, the gRPC `StreamEvents`) and to NATS as facts
 * (`tessera.marathon.<event type>`, payload `tessera.v1.MarathonEvent`).
 * Emitting never blocks and never fails the change that caused the event:
 * state is already in the store; a subscriber that cannot keep up is dropped
 * (it reconnects and reads the state), as Marathon drops slow event listeners.
 */
export class EventHub {
  private readonly subscribers = new Set<EventSubscriber>();

  constructor(private readonly options: EventHubOptions) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Attaches a subscriber until `detach` is called or it refuses a delivery. */
  attach(subscriber: EventSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  emit(event: MarathonEventJson): void {
    const json = JSON.stringify(event);
    for (const subscriber of this.subscribers) {
      if (subscriber.eventTypes.size > 0 && !subscriber.eventTypes.has(event.eventType)) continue;
      if (!subscriber.deliver(event, json)) this.subscribers.delete(subscriber);
    }
    this.publish(event, json);
  }

  private publish(event: MarathonEventJson, json: string): void {
    const typeName = 'tessera.v1.MarathonEvent';
    let data: Uint8Array;
    try {
      data = encodeMessage(typeName, eventToProto(event, json));
    } catch (error) {
      this.options.logger.error({ err: error, eventType: event.eventType }, 'could not encode a Marathon event');
      this.options.onPublishFailure?.();
      return;
    }
    publishFact(this.options.bus, eventSubject(event.eventType), typeName, data).catch((error: unknown) => {
      this.options.logger.warn({ err: error, eventType: event.eventType }, 'could not publish a Marathon event');
      this.options.onPublishFailure?.();
    });
  }
}

export interface SseOptions {
  /** A connection with more than this many bytes not yet sent is too slow and is closed. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** A comment line is sent this often so that proxies keep the connection open. Default 15 s. */
  readonly keepAliveMs?: number;
}

/** What one `/v2/events` connection is sent, beyond the requested event types. */
export interface EventStreamOptions extends SseOptions {
  /**
   * Whether this client may see `event` (the caller's `view_apps`, see `canViewEvent` in access.ts).
   * Default: every event. The stream's own `event_stream_attached` is always sent.
   */
  readonly accepts?: (event: MarathonEventJson) => boolean;
}

/**
 * Serves one `GET /v2/events` connection as Server-Sent Events, as Marathon
 * does: `event: <eventType>` and `data: <json>` per event, first an
 * `event_stream_attached` event naming the client's address, then every event
 * of the requested types (`?event_type=a&event_type=b`; none: all) that
 * `options.accepts` lets through, until the client goes away. Resolves when
 * the connection is closed.
 */
export function serveEventStream(
  hub: EventHub,
  request: IncomingMessage,
  response: ServerResponse,
  eventTypes: readonly string[],
  options: EventStreamOptions = {},
): Promise<void> {
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-store',
    connection: 'keep-alive',
  });
  const write = (eventType: string, json: string): boolean => {
    if (response.destroyed || response.writableEnded) return false;
    if (response.writableLength > maxBufferedBytes) {
      response.destroy();
      return false;
    }
    response.write(`event: ${eventType}\ndata: ${json}\n\n`);
    return true;
  };
  const accepts = options.accepts ?? (() => true);
  const remoteAddress = request.socket.remoteAddress ?? '';
  const attached = {
    eventType: 'event_stream_attached',
    timestamp: new Date().toISOString(),
    remoteAddress,
  };
  write(attached.eventType, JSON.stringify(attached));
  const detach = hub.attach({
    eventTypes: new Set(eventTypes),
    deliver: (event, json) => (accepts(event) ? write(event.eventType, json) : true),
  });
  const keepAlive = setInterval(() => {
    if (!response.destroyed && !response.writableEnded) response.write(':\n\n');
  }, options.keepAliveMs ?? 15_000);
  keepAlive.unref();
  return new Promise((resolve) => {
    response.once('close', () => {
      clearInterval(keepAlive);
      detach();
      resolve();
    });
  });
}
