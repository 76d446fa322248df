/**
 * How the gRPC door answers a refused call: one table from error class to
 * gRPC code (and the REST status the same class answers), and the trailers
 * that `tessera.v1.Marathon`'s error contract promises beside the code.
 */
import { Buffer } from 'node:buffer';
import { AUTH_ERRORS, CALLER_ERRORS } from '@tessera/framework/service';
import { encodeMessage, type v1 } from '@tessera/proto';
import { GrpcCode, grpcErrorFrom, SlowEventConsumerError, type ErrorTable } from '@tessera/runtime';
import {
  AppExistsError,
  AppLockedError,
  GroupExistsError,
  NotLeaderError,
  UnknownDeploymentError,
  UnknownTaskError,
  UnknownVersionError,
  ValidationFailedError,
} from '../api.js';
import { PathConflictError, UnknownAppError, UnknownGroupError, type ValidationProblem } from '../core/index.js';

/** Shared by the gRPC doors (@tessera/runtime); re-exported, as before, for Marathon's callers. */
export { GrpcCode, SlowEventConsumerError };

/** A request asks for something this door cannot do yet (e.g. PutGroup's `dry_run`): UNIMPLEMENTED, nothing changed. */
export class UnsupportedRequestError extends Error {
  override readonly name = 'UnsupportedRequestError';
}

/**
 * Marathon's one table from error class to gRPC code and REST status (the
 * first row matching by `instanceof` wins; anything else is INTERNAL / 500).
 * NOTE: PathConflictError is FAILED_PRECONDITION, not ALREADY_EXISTS: the id
 * is taken by the other kind (a group where an app was asked for, or the other
 * way round) or lies inside an app, so the thing asked for does not exist and
 * cannot be made while the tree is as it is; ALREADY_EXISTS would tell a
 * client that the app (or group) it asked for is there, and UpdateApp or
 * GetApp on it would then fail. It comes without `tessera-deployments`, which
 * tells it from a lock (and `tessera-error` names the class).
 */
export const MARATHON_ERRORS: ErrorTable = [
  { error: ValidationFailedError, grpc: GrpcCode.INVALID_ARGUMENT, http: 422 },
  { error: UnknownAppError, grpc: GrpcCode.NOT_FOUND, http: 404 },
  { error: UnknownGroupError, grpc: GrpcCode.NOT_FOUND, http: 404 },
  { error: UnknownDeploymentError, grpc: GrpcCode.NOT_FOUND, http: 404 },
  { error: UnknownTaskError, grpc: GrpcCode.NOT_FOUND, http: 404 },
  { error: UnknownVersionError, grpc: GrpcCode.NOT_FOUND, http: 404 },
  { error: AppExistsError, grpc: GrpcCode.ALREADY_EXISTS, http: 409 },
  { error: GroupExistsError, grpc: GrpcCode.ALREADY_EXISTS, http: 409 },
  { error: PathConflictError, grpc: GrpcCode.FAILED_PRECONDITION, http: 409 },
  { error: AppLockedError, grpc: GrpcCode.FAILED_PRECONDITION, http: 409 },
  { error: NotLeaderError, grpc: GrpcCode.UNAVAILABLE, http: 503 },
  { error: UnsupportedRequestError, grpc: GrpcCode.UNIMPLEMENTED, http: 501 },
  { error: SlowEventConsumerError, grpc: GrpcCode.RESOURCE_EXHAUSTED, http: 503 },
  // A caller that proves nothing (UNAUTHENTICATED), or an ACL that refused (PERMISSION_DENIED, naming the rule).
  ...AUTH_ERRORS,
  // A caller that presents no credential where one is required, or two naming different principals (UNAUTHENTICATED).
  ...CALLER_ERRORS,
];

/** Trailer of INVALID_ARGUMENT: a binary `tessera.v1.ValidationProblems`. */
export const PROBLEMS_TRAILER = 'tessera-problems-bin';
/** Trailer of FAILED_PRECONDITION for a lock: the deployments' ids, comma-separated. */
export const DEPLOYMENTS_TRAILER = 'tessera-deployments';
/** Trailer of UNAVAILABLE when the leader is known: its HTTP address "host:port". */
export const LEADER_TRAILER = 'tessera-leader';

/**
 * Bytes of the encoded ValidationProblems at most. Trailers travel in one
 * HTTP/2 header block that peers limit (grpc-js: 8 KiB by default, and binary
 * values grow by a third in base64): a larger status never reaches the
 * client. Problems beyond this are left out, and the message says how many.
 */
export const MAX_PROBLEMS_TRAILER_BYTES = 3072;

/** The status to answer for `error`: its code and message by MARATHON_ERRORS, with the contract's trailers. */
export function grpcErrorAnswer(error: unknown): ReturnType<typeof grpcErrorFrom> {
  const answer = grpcErrorFrom(error, MARATHON_ERRORS);
  const metadata = answer.metadata;
  if (metadata === undefined) return answer;
  if (error instanceof ValidationFailedError)
    metadata.set(PROBLEMS_TRAILER, Buffer.from(encodeProblems(error.problems)));
  else if (error instanceof AppLockedError) metadata.set(DEPLOYMENTS_TRAILER, error.deploymentIds.join(','));
  else if (error instanceof NotLeaderError && error.leader !== undefined) metadata.set(LEADER_TRAILER, error.leader);
  return answer;
}

/**
 * `problems` as a binary ValidationProblems of at most MAX_PROBLEMS_TRAILER_BYTES:
 * the first problems that fit, and a message that counts the ones left out.
 */
export function encodeProblems(problems: readonly ValidationProblem[]): Uint8Array {
  const encode = (count: number): Uint8Array => {
    const left = problems.length - count;
    return encodeMessage('tessera.v1.ValidationProblems', {
      message:
        left === 0
          ? 'Object is not valid'
          : `Object is not valid (${left} more problem(s) not listed: the trailer holds ${MAX_PROBLEMS_TRAILER_BYTES} bytes)`,
      details: problems.slice(0, count).map((problem) => ({ path: problem.path, errors: [...problem.errors] })),
    } satisfies v1.ValidationProblems);
  };
  const all = encode(problems.length);
  if (all.length <= MAX_PROBLEMS_TRAILER_BYTES) return all;
  // The most problems that fit: `fits` always fits, `tooMany` never does (binary search).
  let fits = 0;
  let tooMany = problems.length;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (encode(middle).length <= MAX_PROBLEMS_TRAILER_BYTES) fits = middle;
    else tooMany = middle;
  }
  return encode(fits);
}
