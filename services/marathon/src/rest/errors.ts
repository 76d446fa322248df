/**
 * How a refused call is answered over REST: one row per error class, each
 * giving Marathon's status and JSON body (`{"message": …}`, plus `details` for
 * invalid input and `deployments` for a locked app). The gRPC front door has
 * its own table for the same classes.
 */
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
import {
  AnonymousCallerError,
  AuthenticationError,
  ConflictingCredentialsError,
  PermissionDeniedError,
} from '@tessera/framework/service';
import { PathConflictError, UnknownAppError, UnknownGroupError } from '../core/errors.js';
import { marathonValidationError, type ValidationProblem } from '../core/problems.js';

/** What a route answers for an error. */
export interface ErrorResponse {
  readonly statusCode: number;
  readonly body: {
    readonly message: string;
    /** Invalid input: every problem, by path. */
    readonly details?: readonly ValidationProblem[];
    /** A locked app: the deployments that hold it. */
    readonly deployments?: readonly { readonly id: string }[];
  };
  /** true: not a refusal the caller caused (a 5xx); the shell logs it with its stack. */
  readonly unexpected: boolean;
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

type Answer = Omit<ErrorResponse, 'unexpected'>;

/** One row of the table: the answer when `error` is of the row's class, else undefined. */
type Row = (error: Error) => Answer | undefined;

const row =
  <E extends Error>(type: ErrorClass<E>, answer: (error: E) => Answer): Row =>
  (error) =>
    error instanceof type ? answer(error) : undefined;

const plain = (statusCode: number) => (error: Error) => ({ statusCode, body: { message: error.message } });

/** Marathon's answers, by class; the first row whose class the error is an instance of wins. */
const ROWS: readonly Row[] = [
  row(ValidationFailedError, (error) => ({ statusCode: 422, body: marathonValidationError(error.problems) })),
  row(UnknownAppError, (error) => ({ statusCode: 404, body: { message: `App '${error.appId}' does not exist` } })),
  row(UnknownGroupError, (error) => ({
    statusCode: 404,
    body: { message: `Group '${error.groupId}' does not exist` },
  })),
  row(UnknownDeploymentError, plain(404)),
  row(UnknownTaskError, plain(404)),
  row(UnknownVersionError, plain(404)),
  row(AppExistsError, plain(409)),
  row(GroupExistsError, plain(409)),
  row(PathConflictError, plain(409)),
  row(AppLockedError, (error) => ({
    statusCode: 409,
    body: { message: error.message, deployments: error.deploymentIds.map((id) => ({ id })) },
  })),
  row(NotLeaderError, plain(503)),
  // The caller proves nothing, presents nothing where a credential is required, or presents two identities.
  row(AuthenticationError, plain(401)),
  row(AnonymousCallerError, plain(401)),
  row(ConflictingCredentialsError, plain(401)),
  // An ACL refused the change: which principal, which action on which app, which rule.
  row(PermissionDeniedError, plain(403)),
];

/**
 * The response for `error`, thrown by a MarathonApi call, a query parser or
 * fastify itself. Unknown classes: fastify's own client errors (they carry a
 * 4xx `statusCode`, e.g. 413 for a body over the limit) keep their status;
 * anything else is a 500 with the error's message, marked `unexpected`.
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof Error) {
    for (const answer of ROWS) {
      const answered = answer(error);
      if (answered !== undefined) return { ...answered, unexpected: false };
    }
    const statusCode = (error as { statusCode?: unknown }).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
      return { statusCode, body: { message: error.message }, unexpected: false };
    return { statusCode: 500, body: { message: error.message || error.name }, unexpected: true };
  }
  return { statusCode: 500, body: { message: String(error) }, unexpected: true };
}
