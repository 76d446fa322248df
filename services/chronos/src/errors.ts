/**
 * Chronos's one table from refusal class to gRPC code and REST status, which
 * both front doors answer by (`rest/errors.ts` adds Chronos's messages and
 * body, `grpc/errors.ts` the trailers of the proto's error contract).
 */
import { GrpcCode, SlowEventConsumerError, type ErrorTable } from '@tessera/runtime';
import { AUTH_ERRORS, CALLER_ERRORS } from '@tessera/framework/service';
import { JobValidationError, NotLeaderError, UnknownJobError } from './api.js';

/**
 * The first row matching by `instanceof` wins; anything else is INTERNAL / 500.
 * NOTE: UnknownJobError is REST 400, not 404: Chronos answers a missing job
 * with 400 Bad Request on every route that names one (its resources check
 * the name with `require`, whose failure they answer as a bad request).
 */
export const CHRONOS_ERRORS: ErrorTable = [
  { error: JobValidationError, grpc: GrpcCode.INVALID_ARGUMENT, http: 400 },
  { error: UnknownJobError, grpc: GrpcCode.NOT_FOUND, http: 400 },
  { error: NotLeaderError, grpc: GrpcCode.UNAVAILABLE, http: 503 },
  { error: SlowEventConsumerError, grpc: GrpcCode.RESOURCE_EXHAUSTED, http: 503 },
  // A caller that proves nothing (UNAUTHENTICATED / 401), or an ACL that refused (PERMISSION_DENIED / 403:
  // which principal, which action on which owner, which rule).
  ...AUTH_ERRORS,
  // A caller that presents no credential where one is required, or two naming different principals (UNAUTHENTICATED / 401).
  ...CALLER_ERRORS,
];
