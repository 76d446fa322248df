/**
 * Who calls the agent's API, and what they may see: the master's rules (`--credentials`, `--acls`, `--audit-log`,
 * TLS; see @tessera/auth's service-auth.ts), applied to the agent's reads. (The secret the agent itself presents
 * to the master, `--master-secret-file`, is read by @tessera/runtime's loadMasterSecret.)
 */
import {
  authenticateCaller,
  authorize,
  loadServiceAuth,
  openServiceAuth,
  type Principal,
  type ServiceAuth,
} from '@tessera/auth';
import { ConfigError, presentedCredentials, type AuthenticatedCall, type Logger } from '@tessera/runtime';
import type { AgentConfig } from './config.js';
import type { TaskRecord } from './core/task-tracker.js';

/** The service name in refusal messages and audit records ("this agent requires authentication"). */
export const AUTH_SERVICE = 'agent';

/** The dev default: no credentials, no ACLs, anonymous allowed, nothing audited. */
export function openAgentAuth(): ServiceAuth {
  return openServiceAuth(AUTH_SERVICE);
}

/**
 * Loads `--credentials` and `--acls` and opens `--audit-log`, once, at start. Throws ConfigError (for `service`)
 * naming the setting and the file's problems: the agent never serves its API with files it cannot use.
 */
export async function loadAgentAuth(config: AgentConfig, service: string, logger: Logger): Promise<ServiceAuth> {
  try {
    return await loadServiceAuth(config, {
      service: AUTH_SERVICE,
      onError: (error) => logger.error({ err: error }, 'audit record not written'),
    });
  } catch (error) {
    throw new ConfigError(service, [(error as Error).message], { cause: error });
  }
}

/** Who calls a gRPC method of the agent; see `authenticateCaller` for what it throws (and audits). */
export function callerOf(call: AuthenticatedCall, auth: ServiceAuth): Principal {
  return authenticateCaller(auth, presentedCredentials(call));
}

/** Who sends an HTTP request to the agent (its `Authorization` header; the agent's HTTP server has no TLS). */
export function httpCallerOf(authorization: string | undefined, auth: ServiceAuth): Principal {
  return authenticateCaller(auth, { authorization, transport: 'http' });
}

/** The object of `view_sandboxes` and `view_tasks` for a task: its framework's principal ('' when unnamed). */
export const frameworkPrincipalOf = (record: TaskRecord): string => record.task.frameworkPrincipal ?? '';

/** The tasks `principal` may `view_tasks`, in order; the others are left out silently (as the master's reads). */
export function viewableTasks(auth: ServiceAuth, principal: Principal, records: readonly TaskRecord[]): TaskRecord[] {
  return auth.authorizer.filter(principal, 'view_tasks', records, frameworkPrincipalOf);
}

/**
 * May `principal` read the sandbox of `record`? Throws PermissionDeniedError (recorded in the audit log) naming the
 * principal, `view_sandboxes`, the framework's principal and the ACL rule.
 */
export function authorizeSandbox(auth: ServiceAuth, principal: Principal, record: TaskRecord): void {
  authorize(auth, principal, 'view_sandboxes', frameworkPrincipalOf(record));
}
