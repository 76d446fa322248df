/** One delivered fact. `data` is the subscriber's own copy. */
export interface BusMessage {
  subject: string;
  data: Uint8Array;
  headers: Readonly<Record<string, string>>;
}

/** A live subscription. */
export interface Subscription {
  /** Stops delivery, including of messages received but not yet handed to the handler. Idempotent. */
  unsubscribe(): void;
}

export interface SubscribeOptions {
  /** Queue group: each message goes to one member of the group (across all connections) instead of to all. */
  queue?: string;
}

export type MessageHandler = (message: BusMessage) => void | Promise<void>;

/**
 * The facts bus. Delivery is at most once: a fact published while a subscriber is disconnected (or not yet
 * subscribed) is not delivered to it.
 *
 * Subjects are dot-separated tokens of printable characters without whitespace. Header names are printable ASCII
 * without ':'; values may not contain CR or LF and are trimmed of surrounding whitespace.
 */
export interface EventBus {
  /**
   * Publishes a fact. Resolves once the bus accepted it (not when consumers got it). Subjects are dot-separated tokens.
   * Rejects with InvalidSubjectError (empty tokens, whitespace, wildcards), InvalidHeaderError, MessageTooLargeError
   * (data + headers over the server's max payload, 1 MiB by default) or BusUnavailableError (closed, or not connected:
   * the fact was not published).
   */
  publish(subject: string, data: Uint8Array, headers?: Record<string, string>): Promise<void>;
  /**
   * NATS subject semantics: `*` matches one token, `>` one or more trailing tokens. With `queue`, each message goes to
   * one member of the queue group. Handlers are called in publish order per subscription, one at a time: the next
   * call waits until the previous one returned (or its promise settled). A handler that throws is logged/ignored,
   * never breaks the bus. Throws InvalidSubjectError / InvalidQueueGroupError on a malformed subject or queue name,
   * BusUnavailableError once the bus is closed. Takes effect for facts published after it returns (on a remote bus,
   * after the server has processed it: call `flush()` to be sure).
   */
  subscribe(subject: string, handler: MessageHandler, options?: SubscribeOptions): Subscription;
  /**
   * Resolves when everything published so far has reached the server (NATS) or been delivered (memory). Rejects with
   * BusUnavailableError if the bus is closed or disconnected.
   */
  flush(): Promise<void>;
  /**
   * Stops accepting publishes, sends what was published, ends subscriptions and waits for running handlers to
   * return. Idempotent.
   */
  close(): Promise<void>;
}

/** The subset of a pino logger the bus uses. */
export interface BusLogger {
  info?(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
