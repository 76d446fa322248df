import { status } from '@grpc/grpc-js';
import { AUTH_ERRORS, CALLER_ERRORS } from '@tessera/auth';
import { InvalidResourceError } from '@tessera/proto';
import type { ErrorTable } from '@tessera/runtime';
import {
  AcceptRefusedError,
  AgentGoneError,
  AgentPrincipalMismatchError,
  FrameworkNotSubscribedError,
  FrameworkPrincipalMismatchError,
  FrameworkRemovedError,
  InvalidAcknowledgementError,
  InvalidDrainError,
  InvalidFiltersError,
  InvalidFrameworkInfoError,
  InvalidKillError,
  InvalidPolicyError,
  InvalidQuotaError,
  InvalidRegistrationError,
  InvalidReservationError,
  InvalidWeightsError,
  LimitExceededError,
  NoQuotaError,
  UnknownAgentError,
  UnknownOfferError,
  UnknownFrameworkError,
  UnknownRoleError,
} from './core/index.js';

export {
  AcceptRefusedError,
  AgentGoneError,
  FrameworkNotSubscribedError,
  FrameworkRemovedError,
  InvalidFrameworkInfoError,
  UnknownAgentError,
} from './core/index.js';

/** A malformed operator request the core never sees (e.g. SetQuota without a quota). */
export class InvalidOperatorRequestError extends Error {
  override readonly name = 'InvalidOperatorRequestError';
}
/** The allocator is not connected, for calls that need it (ExplainAllocation). */
export class AllocatorUnavailableError extends Error {
  override readonly name = 'AllocatorUnavailableError';
}

/**
 * A Scheduler call for a subscribed framework that does not carry the stream ID of its current subscription
 * (`tessera-stream-id`): it does not come from the framework's session.
 */
export class StreamIdMismatchError extends Error {
  override readonly name = 'StreamIdMismatchError';
}

// The identity checks' errors are @tessera/auth's (shared with the agent); exported here as they always were.
export { AnonymousCallerError, ConflictingCredentialsError } from '@tessera/auth';

/**
 * An agent registration, on a master that requires authentication, by a principal that is not an agent (neither a
 * certificate `spiffe://tessera/agent/<name>` nor a credential of kind `agent`).
 */
export class NotAnAgentError extends Error {
  override readonly name = 'NotAnAgentError';
}

/** The master's one table from error class to gRPC status and HTTP status. */
export const MASTER_ERRORS: ErrorTable = [
  // NOTE: AUTH_ERRORS' codes are grpc-js's status numbers (pinned by @tessera/auth's tests).
  ...AUTH_ERRORS.map((row) => ({ ...row, grpc: row.grpc as status })),
  ...CALLER_ERRORS.map((row) => ({ ...row, grpc: row.grpc as status })),
  { error: NotAnAgentError, grpc: status.PERMISSION_DENIED, http: 403 },
  { error: FrameworkPrincipalMismatchError, grpc: status.PERMISSION_DENIED, http: 403 },
  { error: AgentPrincipalMismatchError, grpc: status.PERMISSION_DENIED, http: 403 },
  { error: FrameworkNotSubscribedError, grpc: status.FAILED_PRECONDITION, http: 409 },
  { error: FrameworkRemovedError, grpc: status.FAILED_PRECONDITION, http: 409 },
  { error: InvalidFrameworkInfoError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: UnknownOfferError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidFiltersError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: AcceptRefusedError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: UnknownRoleError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidKillError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidAcknowledgementError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidRegistrationError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidReservationError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidQuotaError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: NoQuotaError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidWeightsError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidPolicyError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidDrainError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: LimitExceededError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidResourceError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidOperatorRequestError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: UnknownAgentError, grpc: status.NOT_FOUND, http: 404 },
  { error: UnknownFrameworkError, grpc: status.NOT_FOUND, http: 404 },
  { error: AgentGoneError, grpc: status.FAILED_PRECONDITION, http: 410 },
  { error: AllocatorUnavailableError, grpc: status.UNAVAILABLE, http: 503 },
  { error: StreamIdMismatchError, grpc: status.PERMISSION_DENIED, http: 403 },
];
