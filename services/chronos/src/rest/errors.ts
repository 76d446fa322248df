/**
 * How a refused REST call is answered: the status by CHRONOS_ERRORS, and
 * Chronos's error body `{"status": …, "message": …}`.
 *
 * Chronos's own body (its ApiResult) is `{"status": "Bad Request", "message":
 * <the exception's stack trace>}`. CHOICE: `status` is the number (400) and
 * `message` says what was wrong; a stack trace is never sent (5xx errors are
 * logged with theirs instead).
 */
import { lookupError } from '@tessera/runtime';
import { UnknownJobError } from '../api.js';
import { CHRONOS_ERRORS } from '../errors.js';

/** What a route answers for an error. */
export interface ErrorResponse {
  readonly statusCode: number;
  readonly body: { readonly status: number; readonly message: string };
  /** true: not a refusal the caller caused (a 5xx); the shell logs it with its stack. */
  readonly unexpected: boolean;
}

/**
 * The response for `error`, thrown by a ChronosApi call, a query parser or
 * fastify itself. A class of CHRONOS_ERRORS answers its status (a missing job
 * with Chronos's message, "Job '<name>' not found"); fastify's own client
 * errors (a 4xx `statusCode`, e.g. 413 for a body over the limit) keep their
 * status; anything else is a 500 with the error's message, marked `unexpected`.
 */
export function errorResponse(error: unknown): ErrorResponse {
  const message = messageOf(error);
  const { http } = lookupError(error, CHRONOS_ERRORS);
  // NOTE: lookupError answers 500 only for a class no table (Chronos's, then the shared one) has.
  if (http !== 500) return answer(http, message, false);
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return answer(statusCode, message, false);
  return answer(500, message, true);
}

function answer(statusCode: number, message: string, unexpected: boolean): ErrorResponse {
  return { statusCode, body: { status: statusCode, message }, unexpected };
}

function messageOf(error: unknown): string {
  if (error instanceof UnknownJobError) return `Job '${error.job}' not found`;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
