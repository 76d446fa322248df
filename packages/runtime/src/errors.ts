import { status, Metadata, type ServiceError } from '@grpc/grpc-js';
import { settingNames } from './config.js';

/** A constructor of an error class that a service maps to a status. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorClass = abstract new (...args: any[]) => Error;

/** One row of a service's error table: this class of error answers with this gRPC code and HTTP status. */
export interface ErrorMapping {
  error: ErrorClass;
  grpc: status;
  http: number;
}

/** A service's error table. The first matching row (by instanceof) wins; unmatched errors are INTERNAL / 500. */
export type ErrorTable = readonly ErrorMapping[];

/** Rows every service shares: configuration and generic argument errors. */
export class InvalidArgumentError extends Error {
  override readonly name: string = 'InvalidArgumentError';
}
export class NotFoundError extends Error {
  override readonly name: string = 'NotFoundError';
}
export class FailedPreconditionError extends Error {
  override readonly name: string = 'FailedPreconditionError';
}
export class UnavailableError extends Error {
  override readonly name: string = 'UnavailableError';
}

/**
 * gRPC status codes by name (grpc-js's `status`), so that a service's error
 * table and tests need no dependency on @grpc/grpc-js of their own.
 */
export { status as GrpcCode } from '@grpc/grpc-js';

/**
 * A client of an event stream that does not read its events: more than
 * `maxBufferedEvents` were waiting to be sent. Its stream is ended
 * (RESOURCE_EXHAUSTED), as Marathon drops slow event listeners; it may call
 * again and read the state.
 */
export class SlowEventConsumerError extends Error {
  override readonly name = 'SlowEventConsumerError';
  constructor(readonly maxBufferedEvents: number) {
    super(`the client reads events too slowly: more than ${maxBufferedEvents} events were waiting to be sent`);
  }
}

/**
 * A server could not listen because its port is taken. `setting` is the
 * configuration field that chose the port ("port", "httpPort"); the message
 * names the port and the flag and variable that change it.
 */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly setting: string,
    options?: { cause?: unknown },
  ) {
    const { flag, env } = settingNames(setting);
    super(`port ${port} is in use on ${host} (set ${flag} or ${env})`, options);
  }
}

/** Whether `error` (from grpc-js's bindAsync or Node's listen) says the address is taken. */
export function isAddressInUse(error: unknown): boolean {
  return (
    error instanceof Error &&
    ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || /\bEADDRINUSE\b/.test(error.message))
  );
}

export const COMMON_ERRORS: ErrorTable = [
  { error: InvalidArgumentError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: NotFoundError, grpc: status.NOT_FOUND, http: 404 },
  { error: FailedPreconditionError, grpc: status.FAILED_PRECONDITION, http: 409 },
  { error: UnavailableError, grpc: status.UNAVAILABLE, http: 503 },
  { error: SlowEventConsumerError, grpc: status.RESOURCE_EXHAUSTED, http: 503 },
];

export function lookupError(error: unknown, table: ErrorTable): { grpc: status; http: number } {
  for (const row of [...table, ...COMMON_ERRORS]) {
    if (error instanceof row.error) return { grpc: row.grpc, http: row.http };
  }
  return { grpc: status.INTERNAL, http: 500 };
}

/**
 * Characters of an error message sent as a gRPC status's details. Details travel
 * in HTTP/2 trailers, which peers limit (grpc-js: 8 KiB by default): a longer
 * status never reaches the client and stalls the call, so messages are cut.
 */
export const MAX_ERROR_DETAILS_LENGTH = 2048;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Details fit to send: at most MAX_ERROR_DETAILS_LENGTH characters, and
 * well-formed UTF-16 (a lone surrogate, quoted from a caller's input or left
 * by the cut, becomes U+FFFD). NOTE: grpc-js sends the details through
 * `encodeURI`, which throws on a lone surrogate, outside any handler: the
 * process died of one caller's bad role name (found by the fuzz suite).
 */
function boundDetails(message: string): string {
  const bounded =
    message.length <= MAX_ERROR_DETAILS_LENGTH
      ? message
      : `${message.slice(0, MAX_ERROR_DETAILS_LENGTH)}… (${message.length - MAX_ERROR_DETAILS_LENGTH} more characters)`;
  return bounded.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The gRPC error to answer for `error`: the table's code, the error's message as
 * details (at most MAX_ERROR_DETAILS_LENGTH characters), and its class name in
 * the `tessera-error` trailer so clients in any language can branch on it.
 */
export function grpcErrorFrom(error: unknown, table: ErrorTable): Partial<ServiceError> {
  if (isGrpcError(error)) {
    // An answer from another service passes through with its own code and details.
    const metadata = new Metadata();
    metadata.set('tessera-error', String(error.metadata?.get('tessera-error')[0] ?? 'UpstreamError'));
    const details = boundDetails(error.details);
    return { code: error.code, details, message: details, metadata };
  }
  const { grpc } = lookupError(error, table);
  const metadata = new Metadata();
  const message = boundDetails(error instanceof Error ? error.message : String(error));
  metadata.set('tessera-error', error instanceof Error ? error.name : 'Error');
  return { code: grpc, details: message, message, metadata };
}

/** An error that came back from a gRPC call, with its code. */
export function isGrpcError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}
