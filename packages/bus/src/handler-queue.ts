import type { BusLogger, BusMessage, MessageHandler } from './event-bus.js';

/**
 * Feeds one subscription's messages to its handler one at a time, in order. A handler that throws or rejects is
 * logged and the next message is delivered as usual.
 */
export class HandlerQueue {
  readonly #handler: MessageHandler;
  readonly #logger: BusLogger;
  readonly #subject: string;
  #tail: Promise<void> = Promise.resolve();
  #active = true;

  constructor(subject: string, handler: MessageHandler, logger: BusLogger) {
    this.#subject = subject;
    this.#handler = handler;
    this.#logger = logger;
  }

  get active(): boolean {
    return this.#active;
  }

  /** Queues `message` (built lazily, at delivery time) behind the messages already queued. */
  push(message: () => BusMessage): void {
    this.#tail = this.#tail.then(() => (this.#active ? this.deliver(message()) : undefined));
  }

  /** Calls the handler now, containing its failure. Resolves when it has returned or settled. */
  async deliver(message: BusMessage): Promise<void> {
    try {
      await this.#handler(message);
    } catch (err) {
      this.#logger.error(
        { err, subject: message.subject, subscription: this.#subject },
        'bus handler failed; the message is dropped for this subscription',
      );
    }
  }

  /** Drops queued messages; a handler already running finishes. */
  stop(): void {
    this.#active = false;
  }

  /** Resolves once everything queued so far has been handled (or dropped by `stop`). */
  idle(): Promise<void> {
    return this.#tail;
  }
}
