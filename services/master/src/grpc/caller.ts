import type * as grpc from '@grpc/grpc-js';
import {
  ANONYMOUS,
  AuthenticationError,
  isAnonymous,
  PermissionDeniedError,
  describePrincipal,
  type Action,
  type Allowed,
  type Principal,
} from '@tessera/auth';
import { peerPrincipal, type CallWithAuthContext } from '@tessera/runtime';
import type { MasterAuth } from '../auth.js';
import { AnonymousCallerError, ConflictingCredentialsError } from '../errors.js';

/** A server call of any kind (unary, Subscribe, Connect): its metadata and its TLS peer. */
export type AuthenticatedCall = CallWithAuthContext & { readonly metadata: grpc.Metadata };

/** The metadata key of `Bearer <secret>` / `Basic base64(principal:secret)` credentials. */
export const AUTHORIZATION_METADATA = 'authorization';

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
  const fromCertificate = peerPrincipal(call);
  const certified: Principal | undefined =
    fromCertificate === undefined
      ? undefined
      : { name: fromCertificate.name, kind: fromCertificate.kind, via: 'certificate' };
  const presented = auth.credentials.authenticateMetadata(call.metadata.get(AUTHORIZATION_METADATA));
  if (presented instanceof AuthenticationError) {
    refused(auth, certified ?? ANONYMOUS, 'authenticate', '', presented.message);
    throw presented;
  }
  if (certified !== undefined && !isAnonymous(presented) && presented.name !== certified.name) {
    const message = `the client certificate names principal ${describePrincipal(certified)} but the authorization metadata names ${describePrincipal(presented)}: present one identity`;
    refused(auth, certified, 'authenticate', presented.name, message);
    throw new ConflictingCredentialsError(message);
  }
  const principal = certified ?? presented;
  if (auth.required && isAnonymous(principal)) {
    const message =
      'this master requires authentication: present a client certificate, or authorization metadata "Bearer <secret>" or "Basic base64(principal:secret)"';
    refused(auth, principal, 'authenticate', '', message);
    throw new AnonymousCallerError(message);
  }
  return principal;
}

/**
 * May `principal` perform `action` on `object`? Returns the allowing decision; a refusal is recorded in the audit log
 * and thrown as PermissionDeniedError (its message says which principal, action, object and ACL). `objects`: every
 * one must be allowed (a framework's roles); none is asked as the unnamed object.
 */
export function authorize(
  auth: MasterAuth,
  principal: Principal,
  action: Action,
  objects: string | readonly string[],
): Allowed {
  const decision =
    typeof objects === 'string'
      ? auth.authorizer.authorize(principal, action, objects)
      : auth.authorizer.authorizeAll(principal, action, objects);
  if (!decision.allowed) {
    void auth.audit.record({ principal, action, object: decision.object, decision });
    throw new PermissionDeniedError(decision);
  }
  return decision;
}

/** Records in the audit log a refusal by an identity check (not an ACL): `why` is what refused it. */
export function refused(auth: MasterAuth, principal: Principal, action: string, object: string, why: string): void {
  void auth.audit.record({
    principal,
    action,
    object,
    decision: {
      allowed: false,
      principal: isAnonymous(principal) ? '' : principal.name,
      action,
      object,
      rule: `identity check: ${why}`,
    },
  });
}

/**
 * Runs an operator action allowed by `decision` and records it in the audit log with its outcome ("ok", or the
 * error that refused it). Resolves or rejects as `act` does.
 */
export async function audited<T>(
  auth: MasterAuth,
  principal: Principal,
  action: Action | string,
  object: string,
  decision: Allowed,
  act: () => Promise<T> | T,
): Promise<T> {
  try {
    const result = await act();
    void auth.audit.record({ principal, action, object, decision, outcome: 'ok' });
    return result;
  } catch (error) {
    const outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    void auth.audit.record({ principal, action, object, decision, outcome });
    throw error;
  }
}
