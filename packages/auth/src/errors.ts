import { refusalMessage, type Denied } from './decision.js';

/** Why a presented credential was refused. */
export type AuthenticationFailure =
  /** The Authorization value is not `<scheme> <credentials>`, or its credentials do not decode. */
  | 'malformed'
  /** A scheme other than Bearer or Basic. */
  | 'unsupported-scheme'
  /** The secret (or the principal and secret) match no credential. Which of the two is never said. */
  | 'invalid-credentials'
  /** A credential was presented, but the service has no credentials file to check it against. */
  | 'no-credentials'
  /** A certificate's SPIFFE ID names no Tessera principal. */
  | 'invalid-certificate';

/**
 * A caller presented a credential that proves nothing: a wrong secret is this error, never the anonymous
 * caller. Answered gRPC UNAUTHENTICATED / HTTP 401. The message never contains a secret.
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  constructor(
    readonly reason: AuthenticationFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An ACL refused the request. Answered gRPC PERMISSION_DENIED / HTTP 403; the message is
 * `refusalMessage(decision)`: which principal, which action on which object, which ACL refused.
 */
export class PermissionDeniedError extends Error {
  override readonly name = 'PermissionDeniedError';
  constructor(
    readonly decision: Denied,
    options?: { cause?: unknown },
  ) {
    super(refusalMessage(decision), options);
  }
}

/**
 * A credentials file could not be read or is invalid. `problems` has one line per problem, each naming
 * the entry (`credentials[1] ("ops"): secret must not be empty`); the message names the file and lists them.
 * Raised at start: the service does not run with a credentials file it cannot use.
 */
export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(fileErrorMessage('credentials', file, problems), options);
  }
}

/** An ACL file could not be read or is invalid; as CredentialsFileError, one line per problem naming the rule. */
export class AclFileError extends Error {
  override readonly name = 'AclFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(fileErrorMessage('ACL', file, problems), options);
  }
}

function fileErrorMessage(what: string, file: string, problems: readonly string[]): string {
  if (problems.length === 1) return `${what} file ${file}: ${problems[0]}`;
  return `${what} file ${file} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

/** gRPC status codes used below (grpc-js's `status`: UNAUTHENTICATED 16, PERMISSION_DENIED 7). */
export const GRPC_UNAUTHENTICATED = 16;
export const GRPC_PERMISSION_DENIED = 7;

/** One row of a service's error table, shaped as @tessera/runtime's ErrorMapping (grpc is its `status` code). */
export interface AuthErrorMapping {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly error: abstract new (...args: any[]) => Error;
  readonly grpc: number;
  readonly http: number;
}

/**
 * The rows a service merges into its error table: `[...AUTH_ERRORS, ...SERVICE_ERRORS]`.
 * NOTE: grpc is a plain number so that this package needs no gRPC dependency; a test pins the values
 * to grpc-js's `status`.
 */
export const AUTH_ERRORS: readonly AuthErrorMapping[] = [
  { error: AuthenticationError, grpc: GRPC_UNAUTHENTICATED, http: 401 },
  { error: PermissionDeniedError, grpc: GRPC_PERMISSION_DENIED, http: 403 },
];

/**
 * A caller that presented no credential (neither a client certificate nor an `authorization` value) to a service
 * that requires authentication (`--credentials`, `--acls` or TLS). Answered gRPC UNAUTHENTICATED / HTTP 401.
 */
export class AnonymousCallerError extends Error {
  override readonly name = 'AnonymousCallerError';
}

/**
 * A caller whose client certificate and `authorization` value name different principals. Answered gRPC
 * UNAUTHENTICATED / HTTP 401.
 */
export class ConflictingCredentialsError extends Error {
  override readonly name = 'ConflictingCredentialsError';
}

/**
 * The rows of the identity checks of `authenticateCaller` (service-auth.ts), merged into a service's error table
 * after AUTH_ERRORS: `[...AUTH_ERRORS, ...CALLER_ERRORS, ...SERVICE_ERRORS]`.
 */
export const CALLER_ERRORS: readonly AuthErrorMapping[] = [
  { error: AnonymousCallerError, grpc: GRPC_UNAUTHENTICATED, http: 401 },
  { error: ConflictingCredentialsError, grpc: GRPC_UNAUTHENTICATED, http: 401 },
];
