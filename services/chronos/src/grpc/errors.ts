/**
 * How the gRPC door answers a refused call: the code by CHRONOS_ERRORS, the
 * error's message as details (a JobValidationError's names every problem's
 * field), the class in `tessera-error`, and the trailer the proto's error
 * contract names: `tessera-leader` beside UNAVAILABLE when the leader is known.
 */
import { grpcErrorFrom } from '@tessera/runtime';
import { NotLeaderError } from '../api.js';
import { CHRONOS_ERRORS } from '../errors.js';

/** Trailer of UNAVAILABLE when the leader is known: its HTTP address "host:port". */
export const LEADER_TRAILER = 'tessera-leader';

/** The status to answer for `error`: its code and message by CHRONOS_ERRORS, with the contract's trailer. */
export function grpcErrorAnswer(error: unknown): ReturnType<typeof grpcErrorFrom> {
  const answer = grpcErrorFrom(error, CHRONOS_ERRORS);
  if (error instanceof NotLeaderError && error.leader !== undefined) answer.metadata?.set(LEADER_TRAILER, error.leader);
  return answer;
}
