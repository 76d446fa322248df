import {
  connect,
  ErrorCode,
  Events,
  headers as natsHeaders,
  NatsError,
  type Msg,
  type NatsConnection,
  type Status,
  type Subscription as NatsSubscription,
} from 'nats';
import { consoleLogger } from './console-logger.js';
import { BusUnavailableError, InvalidHeaderError, MessageTooLargeError } from './errors.js';
import type { BusLogger, BusMessage, EventBus, MessageHandler, SubscribeOptions, Subscription } from './event-bus.js';
import { HandlerQueue } from './handler-queue.js';
import { normaliseHeaders } from './headers.js';
import { parsePublishSubject, parseSubscribeSubject, validateQueueGroup } from './subjects.js';

export interface NatsBusOptions {
  /** `nats://host:port`, or several for a cluster. */
  servers: string | string[];
  /** Connection name shown by the server (e.g. `tessera-master`). */
  name?: string;
  /** Connection loss, recovery and handler failures are logged here. Default: console. */
  logger?: BusLogger;
  /** Pause between reconnection attempts to the same server. Default 500 ms. */
  reconnectTimeWaitMs?: number;
  /** How long the first connection may take. Default 5000 ms. */
  connectTimeoutMs?: number;
}

/**
 * An EventBus on core NATS (at most once).
 *
 * Reconnects forever (`maxReconnectAttempts: -1`); subscriptions are re-established by nats.js on reconnect.
 * NOTE: while disconnected, `publish` and `flush` reject with BusUnavailableError instead of buffering. nats.js does
 * append publishes to its outbound buffer while disconnected, but discards that buffer at the start of every
 * reconnection attempt (`resetOutbound` in its protocol handler), so "buffered" facts would be silently lost. A fact
 * published in the instant between the connection dropping and the client noticing can still be lost: core NATS is
 * at most once.
 */
export class NatsEventBus implements EventBus {
  readonly #connection: NatsConnection;
  readonly #logger: BusLogger;
  readonly #handlerQueues = new Set<HandlerQueue>();
  readonly #pumps = new Set<Promise<void>>();
  readonly #statuses: AsyncIterable<Status> & { stop?: () => void };
  readonly #statusWatch: Promise<void>;
  #connected = true;
  #closing: Promise<void> | undefined;

  private constructor(connection: NatsConnection, logger: BusLogger) {
    this.#connection = connection;
    this.#logger = logger;
    this.#statuses = connection.status();
    this.#statusWatch = this.#watchStatus();
  }

  /** Connects; rejects with BusUnavailableError if the first connection fails (later losses are recovered from). */
  static async connect(options: NatsBusOptions): Promise<NatsEventBus> {
    try {
      const connection = await connect({
        servers: options.servers,
        ...(options.name === undefined ? {} : { name: options.name }),
        maxReconnectAttempts: -1,
        reconnectTimeWait: options.reconnectTimeWaitMs ?? 500,
        timeout: options.connectTimeoutMs ?? 5000,
      });
      return new NatsEventBus(connection, options.logger ?? consoleLogger);
    } catch (err) {
      throw new BusUnavailableError(`cannot connect to NATS at ${String(options.servers)}`, { cause: err });
    }
  }

  async publish(subject: string, data: Uint8Array, headers?: Record<string, string>): Promise<void> {
    parsePublishSubject(subject);
    const normalised = normaliseHeaders(headers);
    this.#requireUsable();
    let encoded: ReturnType<typeof natsHeaders> | undefined;
    try {
      for (const [name, value] of Object.entries(normalised)) {
        encoded ??= natsHeaders();
        encoded.set(name, value);
      }
    } catch (err) {
      throw new InvalidHeaderError(`headers cannot be encoded: ${errorMessage(err)}`, { cause: err });
    }
    try {
      this.#connection.publish(subject, data, encoded === undefined ? undefined : { headers: encoded });
    } catch (err) {
      if (err instanceof NatsError && err.code === ErrorCode.MaxPayloadExceeded) {
        const max = this.#connection.info?.max_payload;
        throw new MessageTooLargeError(`message exceeds the server's maximum payload of ${max} bytes`, { cause: err });
      }
      throw new BusUnavailableError(`NATS refused the publish: ${errorMessage(err)}`, { cause: err });
    }
  }

  subscribe(subject: string, handler: MessageHandler, options: SubscribeOptions = {}): Subscription {
    parseSubscribeSubject(subject);
    if (options.queue !== undefined) {
      validateQueueGroup(options.queue);
    }
    if (this.#closing !== undefined || this.#connection.isClosed()) {
      throw new BusUnavailableError('the NATS bus is closed');
    }
    let natsSubscription: NatsSubscription;
    try {
      natsSubscription = this.#connection.subscribe(
        subject,
        options.queue === undefined ? {} : { queue: options.queue },
      );
    } catch (err) {
      throw new BusUnavailableError(`NATS refused the subscription: ${errorMessage(err)}`, { cause: err });
    }
    const handlers = new HandlerQueue(subject, handler, this.#logger);
    this.#handlerQueues.add(handlers);
    const pump = (async () => {
      try {
        // One message at a time: the iterator buffers what arrives while a handler runs.
        for await (const msg of natsSubscription) {
          if (!handlers.active) {
            break;
          }
          await handlers.deliver(toBusMessage(msg));
        }
      } catch (err) {
        // The iterator ends with an error when the server refuses the subscription (e.g. permissions).
        this.#logger.error({ err, subject }, 'NATS subscription ended with an error');
      }
    })();
    this.#pumps.add(pump);
    void pump.finally(() => {
      this.#pumps.delete(pump);
      this.#handlerQueues.delete(handlers);
    });
    return {
      unsubscribe: () => {
        handlers.stop();
        if (!natsSubscription.isClosed()) {
          natsSubscription.unsubscribe();
        }
      },
    };
  }

  async flush(): Promise<void> {
    this.#requireUsable();
    try {
      await this.#connection.flush();
    } catch (err) {
      throw new BusUnavailableError(`NATS flush failed: ${errorMessage(err)}`, { cause: err });
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#connected && !this.#connection.isClosed()) {
      try {
        // Unsubscribes, delivers what already arrived, sends what was published, then closes.
        await this.#connection.drain();
      } catch (err) {
        this.#logger.warn({ err }, 'NATS drain failed; closing');
      }
    }
    // drain() swallows a failed flush without closing; make sure.
    if (!this.#connection.isClosed()) {
      await this.#connection.close();
    }
    // NOTE: nats.js 2.29 does not end status() iterators when the connection closes; its QueuedIterator has stop().
    this.#statuses.stop?.();
    await Promise.all([...this.#pumps, this.#statusWatch]);
  }

  #requireUsable(): void {
    if (this.#closing !== undefined || this.#connection.isClosed()) {
      throw new BusUnavailableError('the NATS bus is closed');
    }
    if (!this.#connected) {
      throw new BusUnavailableError('not connected to NATS (reconnecting); nothing was sent');
    }
  }

  async #watchStatus(): Promise<void> {
    for await (const status of this.#statuses) {
      switch (status.type) {
        case Events.Disconnect:
          this.#connected = false;
          this.#logger.warn({ server: status.data }, 'NATS connection lost; reconnecting');
          break;
        case Events.Reconnect:
          this.#connected = true;
          this.#logger.info?.({ server: status.data }, 'NATS connection restored');
          break;
        case Events.Error:
          this.#logger.warn({ error: status.data }, 'NATS reported an error');
          break;
        default:
          break;
      }
    }
  }
}

/** Connects to NATS and resolves with a bus; see NatsEventBus. */
export function createNatsBus(options: NatsBusOptions): Promise<NatsEventBus> {
  return NatsEventBus.connect(options);
}

function toBusMessage(msg: Msg): BusMessage {
  const headers: Record<string, string> = {};
  if (msg.headers !== undefined) {
    for (const name of msg.headers.keys()) {
      Object.defineProperty(headers, name, {
        value: msg.headers.get(name),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  // msg.data may be a view into nats.js's read buffer; the subscriber gets its own bytes.
  return { subject: msg.subject, data: new Uint8Array(msg.data), headers: Object.freeze(headers) };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
