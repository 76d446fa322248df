/**
 * Who calls a framework service's REST API (Marathon, Chronos), and what they
 * may do: the `Authorization` header (`Bearer <secret>` or
 * `Basic base64(principal:secret)`) checked against the service's
 * `--credentials` file, the service's `--acls`, and its `--audit-log`.
 *
 * Without a credentials file and ACLs every request is anonymous and let in
 * (the dev default). With either, a request must authenticate: an anonymous
 * one is refused 401 with `WWW-Authenticate: Basic realm="tessera"` (so that
 * browsers and scripts using Basic ask for it), and so is a wrong or malformed
 * credential. Health, metrics and ping paths stay open for probes.
 */
import {
  ANONYMOUS,
  AUTH_REALM,
  AuditLog,
  Authorizer,
  Credentials,
  loadAcls,
  loadCredentials,
  PermissionDeniedError,
  type Action,
  type Allowed,
  type AuthenticationError,
  type Principal,
} from '@tessera/auth';
import { ConfigError, z } from '@tessera/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The REST authentication setting every framework service's config schema spreads in. */
export const restAuthConfigFields = {
  /**
   * The credentials file (JSON or YAML; see README "Authentication and authorisation") that REST callers
   * authenticate against (`--credentials`, `TESSERA_CREDENTIALS`). Absent: every caller is anonymous and allowed.
   */
  credentials: z.string().min(1).optional(),
  /** The ACL file (JSON or YAML) of `view_apps`/`change_apps` (Marathon) or `view_jobs`/`change_jobs` (Chronos) (`--acls`). Absent: all allowed. */
  acls: z.string().min(1).optional(),
  /** The file every change decision is appended to as a JSON line (`--audit-log`). Absent: no audit log. */
  auditLog: z.string().min(1).optional(),
};

export interface RestAuthConfig {
  readonly credentials?: string | undefined;
  readonly acls?: string | undefined;
  readonly auditLog?: string | undefined;
}

/** The realm of the 401 challenge (shared with the agent's HTTP API). */
export { AUTH_REALM };

/** Paths that never ask for credentials: probes and scrapers. */
const OPEN_PATHS = new Set(['/healthz', '/metrics', '/ping']);

/** What a service's REST door checks callers with. */
export interface RestAuth {
  readonly credentials: Credentials;
  /** Whether an anonymous caller is refused (a credentials file or ACLs were given). */
  readonly required: boolean;
  readonly authorizer: Authorizer;
  /** Where change decisions are recorded (disabled without `--audit-log`). */
  readonly audit: AuditLog;
}

/** No credentials, no ACLs, no audit log: everybody is anonymous and allowed (the dev default). */
export const OPEN_REST_AUTH: RestAuth = {
  credentials: Credentials.none(),
  required: false,
  authorizer: Authorizer.allowAll(),
  audit: AuditLog.disabled(),
};

/**
 * Reads the credentials file of `config` once, at start. Throws ConfigError (for
 * `service`) with the file's problems, one line per entry: a service never runs
 * with a credentials file it cannot use.
 */
export async function loadRestAuth(config: RestAuthConfig, service: string): Promise<RestAuth> {
  const problems: string[] = [];
  const attempt = async <T>(setting: string, load: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await load();
    } catch (error) {
      problems.push(`${setting}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const { credentials: credentialsFile, acls: aclFile, auditLog: auditFile } = config;
  const credentials =
    credentialsFile === undefined
      ? Credentials.none()
      : await attempt('credentials', () => loadCredentials(credentialsFile));
  const acls = aclFile === undefined ? undefined : await attempt('acls', () => loadAcls(aclFile));
  const audit =
    auditFile === undefined
      ? AuditLog.disabled()
      : await attempt('audit-log', () => AuditLog.open({ service, file: auditFile }));
  if (problems.length > 0 || credentials === undefined || audit === undefined) {
    await audit?.close();
    throw new ConfigError(service, problems);
  }
  return {
    credentials,
    required: credentialsFile !== undefined || aclFile !== undefined,
    authorizer: acls === undefined ? Authorizer.allowAll() : Authorizer.fromAcls(acls),
    audit,
  };
}

/**
 * Whether the caller of `request` may `action` every one of `objects` (an app
 * path, a job owner); records the decision in the audit log either way. Returns
 * the allowing decision; throws PermissionDeniedError (answered 403 by the
 * services' error tables) naming the principal, the action, the object and the
 * rule. An empty `objects` is asked as the unnamed object ('').
 */
export async function authorizeChange(
  auth: RestAuth,
  request: FastifyRequest,
  action: Action,
  objects: Iterable<string>,
): Promise<Allowed> {
  const principal = requestPrincipal(request);
  const names = [...new Set(objects)];
  const decision = auth.authorizer.authorizeAll(principal, action, names);
  await auth.audit.record({
    principal,
    action,
    object: decision.allowed ? names.join(',') : decision.object,
    decision,
    // NOTE: no `outcome`: the decision is recorded before the change is made, and what came of it is not known here.
  });
  if (!decision.allowed) throw new PermissionDeniedError(decision);
  return decision;
}

/** The items of a read the caller of `request` may `action` (view), in order; the others are left out silently. */
export function viewable<T>(
  auth: RestAuth,
  request: FastifyRequest,
  action: Action,
  items: Iterable<T>,
  objectOf: (item: T) => string,
): T[] {
  return auth.authorizer.filter(requestPrincipal(request), action, items, objectOf);
}

/** Whether the caller of `request` may `action` `object` (a named read: refused 403 rather than filtered). */
export function authorizeView(auth: RestAuth, request: FastifyRequest, action: Action, object: string): void {
  auth.authorizer.enforce(requestPrincipal(request), action, object);
}

const principals = new WeakMap<FastifyRequest, Principal>();

/** The principal a request authenticated as (ANONYMOUS before the hook ran, or without credentials). */
export function requestPrincipal(request: FastifyRequest): Principal {
  return principals.get(request) ?? ANONYMOUS;
}

/**
 * Adds an `onRequest` hook to `app` that authenticates every request but the
 * open paths, and answers a refusal 401 with `refusal(message)` as the body (the
 * service's error shape) and the Basic challenge. Call before the routes are
 * registered (hooks apply to routes added after them, in child scopes too).
 */
export function registerRestAuthentication(
  app: FastifyInstance,
  auth: RestAuth,
  refusal: (message: string) => unknown,
): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    if (OPEN_PATHS.has(path)) return;
    const header = request.headers.authorization;
    const principal = auth.credentials.authenticate(header);
    const refuse = (message: string) =>
      reply
        .code(401)
        .header('WWW-Authenticate', `Basic realm="${AUTH_REALM}"`)
        .header('content-type', 'application/json')
        .send(refusal(message));
    if (isAuthenticationError(principal)) return refuse(principal.message);
    if (auth.required && principal.via === 'anonymous')
      return refuse('authentication required: send Authorization: Bearer <secret> or Basic <principal:secret>');
    principals.set(request, principal);
  });
}

function isAuthenticationError(value: Principal | AuthenticationError): value is AuthenticationError {
  return value instanceof Error;
}
