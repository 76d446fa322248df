/**
 * The allocator service's error table: every error class the core or the shell
 * throws, with the gRPC status and HTTP status it answers with.
 */
import { status } from '@grpc/grpc-js';
import { InvalidResourceError } from '@tessera/proto';
import { FailedPreconditionError, InvalidArgumentError, type ErrorTable } from '@tessera/runtime';
import {
  DuplicateAgentError,
  DuplicateFrameworkError,
  InvalidAllocationUpdateError,
  InvalidFilterError,
  InvalidQuotaError,
  InvalidRoleError,
  InvalidSpecError,
  InvalidWeightError,
  UnknownAgentError,
  UnknownFrameworkError,
} from './core/index.js';

/** The first message of a Connect stream was not a snapshot. */
export class SnapshotRequiredError extends FailedPreconditionError {
  override readonly name = 'SnapshotRequiredError';
}

/** Explain was called while no master stream is connected: the allocator has no model. */
export class NoMasterConnectedError extends FailedPreconditionError {
  override readonly name = 'NoMasterConnectedError';
}

/** A request is missing something required (the command, an ID). */
export class InvalidRequestError extends InvalidArgumentError {
  override readonly name = 'InvalidRequestError';
}

/** A newer Connect stream replaced this one (a new master leader, or a reconnect). */
export class StreamReplacedError extends Error {
  override readonly name = 'StreamReplacedError';
}

/** The allocator is shutting down. */
export class AllocatorStoppingError extends Error {
  override readonly name = 'AllocatorStoppingError';
}

export const ALLOCATOR_ERRORS: ErrorTable = [
  { error: UnknownAgentError, grpc: status.NOT_FOUND, http: 404 },
  { error: UnknownFrameworkError, grpc: status.NOT_FOUND, http: 404 },
  { error: DuplicateAgentError, grpc: status.ALREADY_EXISTS, http: 409 },
  { error: DuplicateFrameworkError, grpc: status.ALREADY_EXISTS, http: 409 },
  { error: InvalidRoleError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidSpecError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidWeightError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidFilterError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidQuotaError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidResourceError, grpc: status.INVALID_ARGUMENT, http: 400 },
  { error: InvalidAllocationUpdateError, grpc: status.FAILED_PRECONDITION, http: 409 },
  { error: StreamReplacedError, grpc: status.ABORTED, http: 409 },
  { error: AllocatorStoppingError, grpc: status.UNAVAILABLE, http: 503 },
];
