import { status } from '@grpc/grpc-js';
import { LeaderUnreachableError } from '@tessera/client';
import { isGrpcError, isNotLeaderError } from '@tessera/runtime';

/**
 * A service the CLI talks to could not be reached (nothing listens there, or it
 * never answered the connection). `address` may be a list ("a:5050,b:5050"):
 * then none of them could be reached.
 */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  constructor(
    /** "master" or "agent". */
    readonly what: string,
    readonly address: string,
    options?: { cause?: unknown },
  ) {
    const hint = what === 'master' ? ' start one with `tessera up`' : '';
    const several = address.includes(',');
    super(
      several
        ? `cannot reach any ${what} at ${address} — are they running?${hint}`
        : `cannot reach the ${what} at ${address} — is it running?${hint}`,
      options,
    );
  }
}

/**
 * Whether a gRPC error means no connection was made: UNAVAILABLE (but not a
 * follower's refusal, which is an answer), or a deadline that passed before
 * any connection (grpc-js names the remote address in the details once connected).
 */
export function isUnreachable(error: unknown): boolean {
  if (!isGrpcError(error) || isNotLeaderError(error)) return false;
  if (error.code === status.UNAVAILABLE) return true;
  return error.code === status.DEADLINE_EXCEEDED && !/remote_addr=/.test(error.details ?? '');
}

/** What to say for a gRPC code when the server sent no message of its own. */
const CODE_WORDS: Partial<Record<status, string>> = {
  [status.UNIMPLEMENTED]: 'does not support this command (is it an older version?)',
  [status.PERMISSION_DENIED]: 'refused: permission denied',
  [status.UNAUTHENTICATED]: 'refused: not authenticated',
  [status.RESOURCE_EXHAUSTED]: 'is overloaded; try again',
  [status.INTERNAL]: 'failed internally; see its log',
  [status.UNKNOWN]: 'failed; see its log',
};

/**
 * An error as the CLI prints it, in the user's words: an unreachable master
 * (`master` is the address, or the list, the command used) says so and how to
 * start one; masters of which none leads say what each answered; an answer
 * from the master (INVALID_ARGUMENT, NOT_FOUND, …) is its message alone,
 * without gRPC codes or method names.
 */
export function userMessage(error: unknown, master: string): string {
  if (error instanceof LeaderUnreachableError) {
    const [only] = error.attempts;
    if (error.attempts.length === 1 && only !== undefined) return userMessage(only.error, only.address);
    if (error.attempts.every((attempt) => isUnreachable(attempt.error))) {
      return new UnreachableError('master', master).message;
    }
    return `${error.message} — if a leader is being elected, try again shortly`;
  }
  if (isNotLeaderError(error)) {
    return `the master at ${master} is not the leader and knows no leader yet — try again shortly, or name every master: --master a:5050,b:5050`;
  }
  if (isUnreachable(error)) return new UnreachableError('master', master).message;
  if (isGrpcError(error)) {
    // NOTE: grpc-js writes its own details for a deadline (timings, addresses): not words for a user.
    if (error.code === status.DEADLINE_EXCEEDED) return `the master at ${master} did not answer in time`;
    const details = (error.details ?? '').trim();
    if (details !== '') return details;
    return `the master at ${master} ${CODE_WORDS[error.code as status] ?? 'refused the request'}`;
  }
  return error instanceof Error ? error.message : String(error);
}
