/**
 * Who calls a framework service's REST API (Marathon, Chronos): the
 * `Authorization` header (`Bearer <secret>` or `Basic base64(principal:secret)`)
 * checked against the service's `--credentials` file. What the caller may then
 * see and change is decided in `access.ts`, for both doors alike.
 *
 * Without a credentials file and ACLs every request is anonymous and let in
 * (the dev default). With either, a request must authenticate: an anonymous
 * one is refused 401 with `WWW-Authenticate: Basic realm="tessera"` (so that
 * browsers and scripts using Basic ask for it), and so is a wrong or malformed
 * credential. Health, metrics and ping paths stay open for probes. The check
 * is @tessera/auth's `authenticateCaller`, as the gRPC door's: a refusal is
 * recorded in the audit log.
 */
import {
  ANONYMOUS,
  AnonymousCallerError,
  AUTH_REALM,
  authenticateCaller,
  AuthenticationError,
  ConflictingCredentialsError,
  type Principal,
  type ServiceAuth,
} from '@tessera/auth';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppAccess, JobAccess } from './access.js';

/** The realm of the 401 challenge (shared with the agent's HTTP API). */
export { AUTH_REALM };

/** Paths that never ask for credentials: probes and scrapers. */
const OPEN_PATHS = new Set(['/healthz', '/metrics', '/ping']);

/** Marathon's decisions for the caller of `request` (see access.ts). */
export function requestAppAccess(auth: ServiceAuth, request: FastifyRequest): AppAccess {
  return new AppAccess(auth, requestPrincipal(request));
}

/** Chronos's decisions for the caller of `request` (see access.ts). */
export function requestJobAccess(auth: ServiceAuth, request: FastifyRequest): JobAccess {
  return new JobAccess(auth, requestPrincipal(request));
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
  auth: ServiceAuth,
  refusal: (message: string) => unknown,
): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    if (OPEN_PATHS.has(path)) return;
    let principal: Principal;
    try {
      principal = authenticateCaller(auth, { authorization: request.headers.authorization, transport: 'http' });
    } catch (error) {
      if (!isCallerRefusal(error)) throw error;
      return reply
        .code(401)
        .header('WWW-Authenticate', `Basic realm="${AUTH_REALM}"`)
        .header('content-type', 'application/json')
        .send(refusal(error.message));
    }
    principals.set(request, principal);
  });
}

/** The refusals of `authenticateCaller` (the errors of @tessera/auth's CALLER_ERRORS and AuthenticationError). */
function isCallerRefusal(error: unknown): error is Error {
  return (
    error instanceof AuthenticationError ||
    error instanceof AnonymousCallerError ||
    error instanceof ConflictingCredentialsError
  );
}
