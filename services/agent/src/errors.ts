import { status } from '@grpc/grpc-js';
import { AUTH_ERRORS, CALLER_ERRORS } from '@tessera/auth';
import { ResourceParseError } from '@tessera/domain';
import type { ErrorTable } from '@tessera/runtime';

/** A RunTask's task cannot be run as described; it is answered with TASK_ERROR / REASON_TASK_INVALID. */
export class InvalidTaskError extends Error {
  override readonly name = 'InvalidTaskError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** An API call named a task this agent does not know (live or remembered as completed). */
export class UnknownTaskError extends Error {
  override readonly name = 'UnknownTaskError';
}
/** A sandbox path that does not exist (or the task's sandbox was never created, e.g. a simulated task). */
export class SandboxFileNotFoundError extends Error {
  override readonly name = 'SandboxFileNotFoundError';
}
/** A sandbox path that leaves the sandbox: absolute, "..", or a symlink that points out. Nothing is read. */
export class SandboxEscapeError extends Error {
  override readonly name = 'SandboxEscapeError';
}
/**
 * A sandbox path that is malformed (NUL, too long) or names the wrong kind of
 * file (a directory for ReadFile, a FIFO, ...), or a read range that is not
 * one (offset or length negative, fractional, NaN, past 2^53).
 */
export class InvalidSandboxPathError extends Error {
  override readonly name = 'InvalidSandboxPathError';
}
/**
 * A files API request whose parameters are malformed before any path is looked
 * at: a query key given more than once, a number that is not written as a
 * non-negative integer, a task ID longer than MAX_TASK_ID_BYTES.
 */
export class InvalidFileRequestError extends Error {
  override readonly name = 'InvalidFileRequestError';
}

/**
 * The agent's one table from error class to gRPC status and HTTP status. The API's callers are refused as the
 * master refuses them: AuthenticationError, AnonymousCallerError, ConflictingCredentialsError UNAUTHENTICATED / 401;
 * PermissionDeniedError (an ACL) PERMISSION_DENIED / 403.
 */
export const AGENT_ERRORS: ErrorTable = [
  // NOTE: the auth rows' codes are grpc-js's status numbers (pinned by @tessera/auth's tests).
  ...AUTH_ERRORS.map((row) => ({ ...row, grpc: row.grpc as status })),
  ...CALLER_ERRORS.map((row) => ({ ...row, grpc: row.grpc as status })),
  { error: InvalidTaskError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: UnknownTaskError, grpc: status.NOT_FOUND, http: 404 },
  { error: SandboxFileNotFoundError, grpc: status.NOT_FOUND, http: 404 },
  { error: SandboxEscapeError, grpc: status.PERMISSION_DENIED, http: 403 },
  { error: InvalidSandboxPathError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidFileRequestError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: ResourceParseError, grpc: status.INVALID_ARGUMENT, http: 400 },
];
