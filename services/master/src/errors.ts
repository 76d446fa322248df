import { status } from '@grpc/grpc-js';
import { InvalidResourceError } from '@tessera/proto';
import type { ErrorTable } from '@tessera/runtime';

/** A framework call named a framework that has no open Subscribe stream. */
export class FrameworkNotSubscribedError extends Error {
  override readonly name = 'FrameworkNotSubscribedError';
}
/** Subscribe with an invalid FrameworkInfo (no name, no roles, bad role, ...). */
export class InvalidFrameworkInfoError extends Error {
  override readonly name = 'InvalidFrameworkInfoError';
}
/** Re-subscription with the ID of a framework that was removed (torn down or failed over too late). */
export class FrameworkRemovedError extends Error {
  override readonly name = 'FrameworkRemovedError';
}
/** An Accept, Decline or Kill that cannot be applied; the message names every problem. */
export class InvalidCallError extends Error {
  override readonly name = 'InvalidCallError';
}
/** Quota, weights or policy refused; nothing changed. */
export class InvalidOperatorRequestError extends Error {
  override readonly name = 'InvalidOperatorRequestError';
}
export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
}
/** A call named an agent that is GONE (its machine rebooted): it never comes back; its machine registers anew. */
export class AgentGoneError extends Error {
  override readonly name = 'AgentGoneError';
}
/** The allocator is not connected, for calls that need it (ExplainAllocation). */
export class AllocatorUnavailableError extends Error {
  override readonly name = 'AllocatorUnavailableError';
}

/** The master's one table from error class to gRPC status and HTTP status. */
export const MASTER_ERRORS: ErrorTable = [
  { error: FrameworkNotSubscribedError, grpc: status.FAILED_PRECONDITION, http: 409 },
  { error: InvalidFrameworkInfoError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: FrameworkRemovedError, grpc: status.FAILED_PRECONDITION, http: 409 },
  { error: InvalidCallError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidResourceError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidOperatorRequestError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: UnknownAgentError, grpc: status.NOT_FOUND, http: 404 },
  { error: AgentGoneError, grpc: status.FAILED_PRECONDITION, http: 410 },
  { error: AllocatorUnavailableError, grpc: status.UNAVAILABLE, http: 503 },
];
