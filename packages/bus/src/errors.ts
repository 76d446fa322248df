/**
 * The bus cannot take the request: it is closed, or (NATS) not connected to a server right now. A publish that
 * rejects with this was not published; retry later. `cause` is the client's error, if any.
 */
export class BusUnavailableError extends Error {
  override readonly name = 'BusUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A subject is malformed (the message says how): empty tokens, whitespace, or wildcards where none are allowed. */
export class InvalidSubjectError extends Error {
  override readonly name = 'InvalidSubjectError';
  readonly subject: string;
  constructor(subject: string, reason: string) {
    super(`invalid subject ${JSON.stringify(subject)}: ${reason}`);
    this.subject = subject;
  }
}

/** A queue group name is empty or contains whitespace. */
export class InvalidQueueGroupError extends Error {
  override readonly name = 'InvalidQueueGroupError';
  constructor(queue: string, reason: string) {
    super(`invalid queue group ${JSON.stringify(queue)}: ${reason}`);
  }
}

/** A header name or value cannot be carried (the message says which and why). */
export class InvalidHeaderError extends Error {
  override readonly name = 'InvalidHeaderError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The message (data plus encoded headers) is larger than the bus's maximum payload. */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
