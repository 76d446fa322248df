import {
  auditSubject,
  authenticationRequired,
  loadServiceAuth,
  openServiceAuth,
  type AuditRecord,
  type Principal,
  type ServiceAuth,
} from '@tessera/auth';
import type { Logger } from '@tessera/runtime';
import type { MasterConfig } from './config.js';
import type { FactPublisher } from './facts.js';

/**
 * How the master authenticates and authorises its callers, built once at start from its configuration
 * (`--credentials`, `--acls`, `--audit-log`, TLS). Shared by every door (Scheduler, AgentRegistry, Operator); the
 * checks are @tessera/auth's (see grpc/caller.ts). Anonymous callers are refused when `authenticationRequired`.
 */
export type MasterAuth = ServiceAuth;

export { auditSubject, authenticationRequired };

/** The dev default: no credentials, no ACLs, anonymous allowed, nothing audited. For tests and embedding. */
export function openMasterAuth(): MasterAuth {
  return openServiceAuth('master');
}

/**
 * Loads the credentials and ACL files and opens the audit log; each record is also published as a
 * tessera.v1.AuditRecord fact on `tessera.audit.<action>`. Rejects (the master does not start) on a file it cannot
 * read or that is invalid, with one line per problem.
 */
export async function loadMasterAuth(config: MasterConfig, facts: FactPublisher, logger: Logger): Promise<MasterAuth> {
  return loadServiceAuth(config, {
    service: 'master',
    onRecord: (record: AuditRecord) => facts.publish(auditSubject(record.action), 'tessera.v1.AuditRecord', record),
    onError: (error) => logger.error({ err: error }, 'audit record not written'),
  });
}

export type { Principal };
