import { authenticateCaller, type Principal } from '@tessera/auth';
import { presentedCredentials, type AuthenticatedCall } from '@tessera/runtime';
import type { MasterAuth } from '../auth.js';

/*
 * The master's checks of its callers are @tessera/auth's, shared with the agent (service-auth.ts there); this module
 * adapts them to the master's gRPC calls.
 */
export { audited, authorize, refused } from '@tessera/auth';
export { AUTHORIZATION_METADATA, type AuthenticatedCall } from '@tessera/runtime';

/**
 * Who is calling: the principal of the client certificate (via 'certificate') if the call came over mutual TLS with
 * one; else what the `authorization` metadata proves (Bearer or Basic, against `--credentials`); else the anonymous
 * caller. Throws, and records the refusal in the audit log (action `authenticate`):
 * - AuthenticationError: a credential that proves nothing (never treated as anonymous);
 * - ConflictingCredentialsError: a certificate and metadata naming different principals;
 * - AnonymousCallerError: no credential, when the master requires authentication.
 * Every door of the master (unary calls and streams) asks this once per call, before anything else.
 */
export function callerOf(call: AuthenticatedCall, auth: MasterAuth): Principal {
  return authenticateCaller(auth, presentedCredentials(call));
}
