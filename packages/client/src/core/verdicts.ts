/**
 * How the session reacts to a failed gRPC answer, decided from its status code
 * and the master's `tessera-error` trailer (the name of the master's error
 * class, see services/master/src/errors.ts). Pure.
 */
import { status } from '@grpc/grpc-js';

/** The master's answer to a call for a framework that has no open Subscribe stream there. */
export const NOT_SUBSCRIBED_ERROR_NAME = 'FrameworkNotSubscribedError';

export interface FailedAnswer {
  /** gRPC status code. */
  readonly code: number;
  /** The `tessera-error` trailer: the master's error class name; '' when absent. */
  readonly errorName: string;
}

/**
 * Subscribe refused with `answer`: `permanent` when asking again cannot help
 * (the framework was removed: FAILED_PRECONDITION / FrameworkRemovedError; its
 * info is invalid: INVALID_ARGUMENT; not allowed or not served), `transient` when
 * the master is away, restarting or overloaded (UNAVAILABLE, DEADLINE_EXCEEDED,
 * INTERNAL, ...), where the session tries again with backoff.
 */
export function subscribeRefusal(answer: FailedAnswer): 'permanent' | 'transient' {
  return PERMANENT_SUBSCRIBE_CODES.has(answer.code) ? 'permanent' : 'transient';
}
const PERMANENT_SUBSCRIBE_CODES: ReadonlySet<number> = new Set([
  status.FAILED_PRECONDITION,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.PERMISSION_DENIED,
  status.UNAUTHENTICATED,
  status.UNIMPLEMENTED,
]);

/**
 * A unary call failed with `answer`: `disconnected` when the master could not be
 * reached or no longer knows the framework's stream (UNAVAILABLE, or
 * FAILED_PRECONDITION from FrameworkNotSubscribedError), so the call may succeed
 * after re-subscription; `refused` when the master answered and said no (the
 * caller's request was wrong or came too late).
 */
export function callFailure(answer: FailedAnswer): 'disconnected' | 'refused' {
  if (answer.code === status.UNAVAILABLE) return 'disconnected';
  if (answer.code === status.FAILED_PRECONDITION && answer.errorName === NOT_SUBSCRIBED_ERROR_NAME)
    return 'disconnected';
  return 'refused';
}

/**
 * Whether an automatic acknowledgement that failed with `answer` is sent again:
 * yes when the master was away or the answer did not come in time (it may have
 * been applied, and acknowledging twice is harmless); no when the master refused
 * it as invalid (e.g. it no longer knows the task), since it would be refused again.
 */
export function acknowledgementRetryable(answer: FailedAnswer): boolean {
  return callFailure(answer) === 'disconnected' || RETRYABLE_ACK_CODES.has(answer.code);
}
const RETRYABLE_ACK_CODES: ReadonlySet<number> = new Set([
  status.DEADLINE_EXCEEDED,
  status.CANCELLED,
  status.ABORTED,
  status.RESOURCE_EXHAUSTED,
  status.INTERNAL,
  status.UNKNOWN,
]);

/**
 * Whether an attempt at one master of a list failed in a way that another
 * master may serve (a client given several masters then tries the leader a
 * follower named, or the next one): yes when the master could not be reached,
 * did not answer in time, or is a follower (UNAVAILABLE, which a follower's
 * NotLeaderError is; DEADLINE_EXCEEDED), and for failures that are no gRPC
 * answer at all (`answer` undefined: the stream ended cleanly, no SUBSCRIBED in
 * time, heartbeats missed). No when the master answered (it serves: another
 * would only name it as the leader).
 */
export function triesAnotherMaster(answer: FailedAnswer | undefined): boolean {
  return answer === undefined || answer.code === status.UNAVAILABLE || answer.code === status.DEADLINE_EXCEEDED;
}
