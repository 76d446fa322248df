/*
 * How a service (the master, an agent) authenticates and authorises the callers of its gRPC and HTTP doors: one
 * ServiceAuth built at start from `--credentials`, `--acls`, `--audit-log` and TLS, and the checks every door makes
 * with it. Transport-free: the door hands over what the caller presented (@tessera/runtime's `presentedCredentials`
 * reads it from a gRPC call; an HTTP door passes its `Authorization` header).
 */
import { AuditLog, type AuditRecord } from './audit.js';
import { Authorizer, type Action } from './acls.js';
import { loadAcls } from './acl-file.js';
import { Credentials } from './credentials.js';
import { loadCredentials } from './credentials-file.js';
import type { Allowed } from './decision.js';
import {
  AnonymousCallerError,
  AuthenticationError,
  ConflictingCredentialsError,
  PermissionDeniedError,
} from './errors.js';
import { ANONYMOUS, describePrincipal, isAnonymous, type Principal, type PrincipalKind } from './principal.js';

/** The realm of an HTTP 401's challenge, `WWW-Authenticate: Basic realm="tessera"`, on every Tessera HTTP API. */
export const AUTH_REALM = 'tessera';

/** What a service checks its callers with, built once at start. Immutable but for the audit log it appends to. */
export interface ServiceAuth {
  /** Names the service in refusal messages ("this master requires authentication"). */
  readonly service: string;
  /** The credentials callers' `authorization` values are checked against (none without `--credentials`). */
  readonly credentials: Credentials;
  /** The ACLs (allow-all without `--acls`). */
  readonly authorizer: Authorizer;
  /** Whether anonymous callers are refused: see `authenticationRequired`. */
  readonly required: boolean;
  /** Where refusals (and a service's operator actions) are recorded. */
  readonly audit: AuditLog;
}

/** The settings `authenticationRequired` and `loadServiceAuth` read (the master's and the agent's, by these names). */
export interface ServiceAuthConfig {
  /** `--credentials FILE`. */
  readonly credentials?: string | undefined;
  /** `--acls FILE`. */
  readonly acls?: string | undefined;
  /** `--audit-log FILE`. */
  readonly auditLog?: string | undefined;
  /** `--tls-cert FILE`: mutual TLS is on. */
  readonly tlsCert?: string | undefined;
}

/**
 * Whether a service refuses anonymous callers: `--credentials` or `--acls` is given, or TLS is on. NOTE: TLS is read
 * from the optional `tlsCert`, so that this holds whether or not a configuration schema has the TLS fields.
 * (`--audit-log` alone records, it does not require.)
 */
export function authenticationRequired(config: ServiceAuthConfig): boolean {
  return config.credentials !== undefined || config.acls !== undefined || config.tlsCert !== undefined;
}

/** The dev default: no credentials, no ACLs, anonymous allowed, nothing audited. For tests and embedding. */
export function openServiceAuth(service: string): ServiceAuth {
  return {
    service,
    credentials: Credentials.none(),
    authorizer: Authorizer.allowAll(),
    required: false,
    audit: AuditLog.disabled(),
  };
}

export interface LoadServiceAuthOptions {
  /** Names the service in audit records and refusal messages. */
  readonly service: string;
  /** Called with every audit record (the master publishes them on NATS). */
  readonly onRecord?: (record: AuditRecord) => void;
  /** An audit record that could not be written. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Loads the credentials and ACL files of `config` and opens its audit log. Rejects (the service must not start) with
 * CredentialsFileError or AclFileError (one line per problem), or the error of opening the audit log.
 */
export async function loadServiceAuth(
  config: ServiceAuthConfig,
  options: LoadServiceAuthOptions,
): Promise<ServiceAuth> {
  const credentials = config.credentials === undefined ? Credentials.none() : await loadCredentials(config.credentials);
  const authorizer =
    config.acls === undefined ? Authorizer.allowAll() : Authorizer.fromAcls(await loadAcls(config.acls));
  const audit = await AuditLog.open({
    service: options.service,
    ...(config.auditLog !== undefined ? { file: config.auditLog } : {}),
    ...(options.onRecord !== undefined ? { onRecord: options.onRecord } : {}),
    ...(options.onError !== undefined ? { onError: options.onError } : {}),
  });
  return { service: options.service, credentials, authorizer, required: authenticationRequired(config), audit };
}

/** What one caller presented, as its door read it. */
export interface PresentedCredentials {
  /** The principal named by the client certificate the TLS handshake verified; none on plaintext. */
  readonly certificate?: { readonly name: string; readonly kind?: PrincipalKind } | undefined;
  /** gRPC: the values of metadata key `authorization`; HTTP: the `Authorization` header (undefined: none). */
  readonly authorization: readonly (string | Buffer)[] | string | undefined;
  /** Which door: words the refusal of an anonymous caller (metadata or header). */
  readonly transport: 'grpc' | 'http';
}

/**
 * Who is calling: the principal of the client certificate (via 'certificate') if there is one; else what the
 * `authorization` value proves (Bearer or Basic, against the credentials); else the anonymous caller. Throws, and
 * records the refusal in the audit log (action `authenticate`):
 * - AuthenticationError: a credential that proves nothing (never treated as anonymous);
 * - ConflictingCredentialsError: a certificate and an authorization value naming different principals;
 * - AnonymousCallerError: no credential, when the service requires authentication.
 * A door asks this once per call (per stream), before anything else.
 */
export function authenticateCaller(auth: ServiceAuth, presented: PresentedCredentials): Principal {
  const { certificate } = presented;
  const certified: Principal | undefined =
    certificate === undefined
      ? undefined
      : {
          name: certificate.name,
          ...(certificate.kind !== undefined ? { kind: certificate.kind } : {}),
          via: 'certificate',
        };
  const value = presented.authorization;
  const proved =
    value === undefined || typeof value === 'string'
      ? auth.credentials.authenticate(value)
      : auth.credentials.authenticateMetadata(value);
  if (proved instanceof AuthenticationError) {
    refused(auth, certified ?? ANONYMOUS, 'authenticate', '', proved.message);
    throw proved;
  }
  const what = presented.transport === 'grpc' ? 'authorization metadata' : 'Authorization header';
  if (certified !== undefined && !isAnonymous(proved) && proved.name !== certified.name) {
    const message = `the client certificate names principal ${describePrincipal(certified)} but the ${what} names ${describePrincipal(proved)}: present one identity`;
    refused(auth, certified, 'authenticate', proved.name, message);
    throw new ConflictingCredentialsError(message);
  }
  const principal = certified ?? proved;
  if (auth.required && isAnonymous(principal)) {
    const message =
      presented.transport === 'grpc'
        ? `this ${auth.service} requires authentication: present a client certificate, or authorization metadata "Bearer <secret>" or "Basic base64(principal:secret)"`
        : `this ${auth.service} requires authentication: send an Authorization header "Bearer <secret>" or "Basic base64(principal:secret)"`;
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
  auth: ServiceAuth,
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
export function refused(auth: ServiceAuth, principal: Principal, action: string, object: string, why: string): void {
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
  auth: ServiceAuth,
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
