/**
 * Who calls a framework service's gRPC API (`tessera.v1.Marathon`,
 * `tessera.v1.Chronos`): the same callers, credentials and rule as the REST
 * door (`rest-auth.ts`), so that `--acls` cannot be gone around through
 * either. What the caller may then see and change is decided in `access.ts`.
 * Health and reflection are not asked (they tell nothing of apps or jobs).
 */
import { authenticateCaller, type Principal, type ServiceAuth } from '@tessera/auth';
import { presentedCredentials, type AuthenticatedCall } from '@tessera/runtime';

/**
 * Who is calling: the principal of the client certificate (via 'certificate') if the call came over mutual TLS
 * with one; else what the `authorization` metadata proves (Bearer or Basic, against `--credentials`); else the
 * anonymous caller. @tessera/auth's `authenticateCaller` (the master's and the agent's check): it throws, and
 * records the refusal in the audit log, AuthenticationError (a credential that proves nothing),
 * ConflictingCredentialsError (a certificate and metadata naming different principals) or AnonymousCallerError
 * (no credential, when the service requires one). Each handler asks this once per call, before anything else.
 */
export function grpcCaller(call: AuthenticatedCall, auth: ServiceAuth): Principal {
  return authenticateCaller(auth, presentedCredentials(call));
}
