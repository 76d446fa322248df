/** The client's error classes: one per condition, the cause attached. */

/** A call made before the session's first SUBSCRIBED (or after its first subscription failed); nothing was sent. */
export class SessionNotSubscribedError extends Error {
  override readonly name = 'SessionNotSubscribedError';
}

/**
 * A call made while the session has lost its Subscribe stream and is
 * re-subscribing, or one that failed because the master could not be reached or
 * no longer had the framework's stream (the gRPC error is the cause). It may
 * succeed after `resubscribed`.
 */
export class SessionDisconnectedError extends Error {
  override readonly name = 'SessionDisconnectedError';
}

/** A call made after the session ended for good (after `closed`); nothing was sent. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';
}

/**
 * The master refused the framework for good: Subscribe answered with a code that
 * asking again cannot change (the framework was removed, its info is invalid).
 * `code` is the gRPC status and `masterError` the master's error class name
 * ('' when not given); the gRPC error is the cause.
 */
export class FrameworkRefusedError extends Error {
  override readonly name = 'FrameworkRefusedError';
  constructor(
    message: string,
    readonly code: number,
    readonly masterError: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The master sent an Error event on the stream (e.g. another scheduler
 * re-subscribed with this framework's ID): this session must stop, and does not
 * re-subscribe, or two schedulers would take the framework from each other.
 */
export class FrameworkErrorEventError extends Error {
  override readonly name = 'FrameworkErrorEventError';
}

/** The stream was considered lost: the master sent nothing for several heartbeat intervals. */
export class HeartbeatsMissedError extends Error {
  override readonly name = 'HeartbeatsMissedError';
}

/** The master ended the Subscribe stream without an error (it shut down, or stepped down as leader). */
export class SubscriptionEndedError extends Error {
  override readonly name = 'SubscriptionEndedError';
}

/** No SUBSCRIBED event within the subscribe timeout; the attempt was cancelled. */
export class SubscribeTimeoutError extends Error {
  override readonly name = 'SubscribeTimeoutError';
}

/** An automatic acknowledgement failed; `acknowledgements` names its updates, the cause says why. */
export class AcknowledgementFailedError extends Error {
  override readonly name = 'AcknowledgementFailedError';
  constructor(
    message: string,
    readonly acknowledgements: readonly { taskId: string; uuid: string }[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What one address answered while a client looked for the leader of a group (the masters). */
export interface LeaderAttempt {
  readonly address: string;
  /** The gRPC error (or connection failure) it ended with. */
  readonly error: Error;
  /** That answer in words: "cannot be reached (…)", "not the leader; the leader is b:5050", … */
  readonly answered: string;
}

/**
 * No address of a group answered as its leader within the call's deadline:
 * every one was unreachable, did not answer in time, or was a follower (and a
 * leader it named was tried too). `attempts` says what each answered, in order;
 * the last error is the cause.
 */
export class LeaderUnreachableError extends Error {
  override readonly name = 'LeaderUnreachableError';
  constructor(
    /** The group's name in messages ("master"). */
    readonly service: string,
    readonly attempts: readonly LeaderAttempt[],
    options?: ErrorOptions,
  ) {
    const tried = attempts.map((attempt) => `${attempt.address} ${attempt.answered}`).join('; ');
    super(`no ${service} leader answered: ${tried || 'no address was tried before the deadline'}`, options);
  }
}
