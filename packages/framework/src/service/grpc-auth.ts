/**
 * Who calls a framework service's gRPC API (`tessera.v1.Marathon`,
 * `tessera.v1.Chronos`): the same callers, credentials and rule as the REST
 * door (`rest-auth.ts`), so that `--acls` cannot be gone around through
 * either. What the caller may then see and change is decided in `access.ts`.
 * Health and reflection are not asked (they tell nothing of apps or jobs).
 */
import { AuthenticationError, describePrincipal, isAnonymous, type Principal } from '@tessera/auth';
import { peerPrincipal, type CallWithAuthContext } from '@tessera/runtime';
import type { ServiceAuth } from './access.js';

/** The metadata key of `Bearer <secret>` / `Basic base64(principal:secret)` credentials (as the master's). */
export const AUTHORIZATION_METADATA = 'authorization';

/** A server call of any kind (unary, server streaming): its metadata and its TLS peer. */
export type AuthenticatedCall = CallWithAuthContext & {
  readonly metadata: { get(key: string): (string | Buffer)[] };
};

/**
 * Who is calling: the principal of the client certificate (via 'certificate')
 * if the call came over mutual TLS with one that names a principal; else what
 * the `authorization` metadata proves (Bearer or Basic, against the service's
 * `--credentials`, as the REST door's `Authorization` header); else the
 * anonymous caller. Throws AuthenticationError (gRPC UNAUTHENTICATED, with
 * `tessera-error: AuthenticationError`):
 * - a credential that proves nothing (never treated as anonymous);
 * - a certificate and metadata naming different principals ('conflicting');
 * - no credential at all when the service requires one ('missing': the same
 *   rule as REST, a credentials file or ACLs given).
 * Each handler asks this once per call, before anything else. Pure but for
 * reading the call; nothing is audited (as REST: only change decisions are).
 */
export function grpcCaller(call: AuthenticatedCall, auth: ServiceAuth): Principal {
  const fromCertificate = peerPrincipal(call);
  const certified: Principal | undefined =
    fromCertificate === undefined
      ? undefined
      : { name: fromCertificate.name, kind: fromCertificate.kind, via: 'certificate' };
  const presented = auth.credentials.authenticateMetadata(call.metadata.get(AUTHORIZATION_METADATA));
  if (presented instanceof AuthenticationError) throw presented;
  if (certified !== undefined && !isAnonymous(presented) && presented.name !== certified.name)
    throw new AuthenticationError(
      'conflicting',
      `the client certificate names principal ${describePrincipal(certified)} but the authorization metadata names ${describePrincipal(presented)}: present one identity`,
    );
  const principal = certified ?? presented;
  if (auth.required && isAnonymous(principal))
    throw new AuthenticationError(
      'missing',
      'authentication required: present a client certificate, or authorization metadata "Bearer <secret>" or "Basic base64(principal:secret)"',
    );
  return principal;
}
