import { consoleLogger } from './console-logger.js';
import { BusUnavailableError, MessageTooLargeError } from './errors.js';
import type { BusLogger, EventBus, MessageHandler, SubscribeOptions, Subscription } from './event-bus.js';
import { HandlerQueue } from './handler-queue.js';
import { encodedHeadersBytes, normaliseHeaders } from './headers.js';
import { parsePublishSubject, parseSubscribeSubject, subjectMatches, validateQueueGroup } from './subjects.js';

export interface MemoryBusOptions {
  /** Largest data + encoded headers accepted, in bytes. Default 1 MiB, nats-server's default `max_payload`. */
  maxPayloadBytes?: number;
  /** Handler failures are logged here. Default: console. */
  logger?: BusLogger;
}

interface MemorySubscription {
  pattern: readonly string[];
  queue: string | undefined;
  handlers: HandlerQueue;
}

/**
 * An EventBus inside one process, with the same subject, queue-group, header and size rules as NATS. Delivery is
 * asynchronous (microtasks), never inside `publish`. A queue group gets each message once, round-robin among the
 * members subscribed when it was published (NATS picks at random).
 */
export class MemoryEventBus implements EventBus {
  readonly #maxPayloadBytes: number;
  readonly #logger: BusLogger;
  #subscriptions: MemorySubscription[] = [];
  readonly #roundRobin = new Map<string, number>();
  #closed = false;

  constructor(options: MemoryBusOptions = {}) {
    this.#maxPayloadBytes = options.maxPayloadBytes ?? 1024 * 1024;
    this.#logger = options.logger ?? consoleLogger;
  }

  async publish(subject: string, data: Uint8Array, headers?: Record<string, string>): Promise<void> {
    const tokens = parsePublishSubject(subject);
    const normalised = Object.freeze(normaliseHeaders(headers));
    this.#requireOpen();
    const size = data.byteLength + encodedHeadersBytes(normalised);
    if (size > this.#maxPayloadBytes) {
      throw new MessageTooLargeError(
        `message of ${size} bytes exceeds the maximum payload of ${this.#maxPayloadBytes}`,
      );
    }
    const snapshot = new Uint8Array(data);
    const message = () => ({ subject, data: new Uint8Array(snapshot), headers: normalised });
    const groups = new Map<string, MemorySubscription[]>();
    for (const subscription of this.#subscriptions) {
      if (!subjectMatches(subscription.pattern, tokens)) {
        continue;
      }
      if (subscription.queue === undefined) {
        subscription.handlers.push(message);
      } else {
        const members = groups.get(subscription.queue) ?? [];
        members.push(subscription);
        groups.set(subscription.queue, members);
      }
    }
    for (const [queue, members] of groups) {
      const turn = this.#roundRobin.get(queue) ?? 0;
      this.#roundRobin.set(queue, turn + 1);
      members[turn % members.length]?.handlers.push(message);
    }
  }

  subscribe(subject: string, handler: MessageHandler, options: SubscribeOptions = {}): Subscription {
    const pattern = parseSubscribeSubject(subject);
    if (options.queue !== undefined) {
      validateQueueGroup(options.queue);
    }
    this.#requireOpen();
    const subscription: MemorySubscription = {
      pattern,
      queue: options.queue,
      handlers: new HandlerQueue(subject, handler, this.#logger),
    };
    this.#subscriptions.push(subscription);
    return {
      unsubscribe: () => {
        subscription.handlers.stop();
        this.#subscriptions = this.#subscriptions.filter((candidate) => candidate !== subscription);
      },
    };
  }

  async flush(): Promise<void> {
    this.#requireOpen();
    await this.#idle();
  }

  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    await this.#idle();
    for (const subscription of this.#subscriptions) {
      subscription.handlers.stop();
    }
    this.#subscriptions = [];
  }

  async #idle(): Promise<void> {
    await Promise.all(this.#subscriptions.map((subscription) => subscription.handlers.idle()));
  }

  #requireOpen(): void {
    if (this.#closed) {
      throw new BusUnavailableError('the memory bus is closed');
    }
  }
}

/** An EventBus inside one process; see MemoryEventBus. */
export function createMemoryBus(options: MemoryBusOptions = {}): MemoryEventBus {
  return new MemoryEventBus(options);
}
