import {
  AuditLog,
  Authorizer,
  Credentials,
  loadAcls,
  loadCredentials,
  type AuditRecord,
  type Principal,
} from '@tessera/auth';
import type { Logger, TlsConfig } from '@tessera/runtime';
import type { MasterConfig } from './config.js';
import type { FactPublisher } from './facts.js';

/**
 * How the master authenticates and authorises its callers, built once at start from its configuration. Shared by
 * every door (Scheduler, AgentRegistry, Operator); see grpc/caller.ts for the checks themselves.
 */
export interface MasterAuth {
  /** The credentials callers' `authorization` metadata is checked against (none without `--credentials`). */
  readonly credentials: Credentials;
  /** The ACLs (allow-all without `--acls`). */
  readonly authorizer: Authorizer;
  /** Whether anonymous callers are refused: `--credentials` or `--acls` is given, or TLS is on. */
  readonly required: boolean;
  /** Where operator actions and refusals are recorded (the file of `--audit-log`, and NATS). */
  readonly audit: AuditLog;
}

/**
 * Whether the master refuses anonymous callers. NOTE: TLS is read from the optional `tlsCert` of the configuration, so
 * that this holds whether or not the configuration schema has the TLS fields yet.
 */
export function authenticationRequired(config: MasterConfig & TlsConfig): boolean {
  return config.credentials !== undefined || config.acls !== undefined || config.tlsCert !== undefined;
}

/** The dev default: no credentials, no ACLs, anonymous allowed, nothing audited. For tests and embedding. */
export function openMasterAuth(): MasterAuth {
  return {
    credentials: Credentials.none(),
    authorizer: Authorizer.allowAll(),
    required: false,
    audit: AuditLog.disabled(),
  };
}

/** The NATS subject of an audit record: `tessera.audit.<action>`. */
export const auditSubject = (action: string): string => `tessera.audit.${action}`;

/**
 * Loads the credentials and ACL files and opens the audit log; each record is also published as a
 * tessera.v1.AuditRecord fact on `tessera.audit.<action>`. Rejects (the master does not start) on a file it cannot
 * read or that is invalid, with one line per problem.
 */
export async function loadMasterAuth(config: MasterConfig, facts: FactPublisher, logger: Logger): Promise<MasterAuth> {
  const credentials = config.credentials === undefined ? Credentials.none() : await loadCredentials(config.credentials);
  const authorizer =
    config.acls === undefined ? Authorizer.allowAll() : Authorizer.fromAcls(await loadAcls(config.acls));
  const audit = await AuditLog.open({
    service: 'master',
    ...(config.auditLog !== undefined ? { file: config.auditLog } : {}),
    onRecord: (record: AuditRecord) => facts.publish(auditSubject(record.action), 'tessera.v1.AuditRecord', record),
    onError: (error) => logger.error({ err: error }, 'audit record not written'),
  });
  return { credentials, authorizer, required: authenticationRequired(config), audit };
}

export type { Principal };
