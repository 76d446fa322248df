/**
 * What Marathon's auth tests (REST `rest-auth.test.ts`, gRPC
 * `grpc-auth.test.ts`) share: the ACLs, the service's auth loaded from files
 * (written by @tessera/testkit's `writeAuthFiles`), and two apps of two teams.
 */
import { loadServiceAuth, type ServiceAuth } from '@tessera/framework/service';
import { writeAuthFiles } from '@tessera/testkit';
import type { AppStatusJson } from '../src/api.js';
import { WEB_APP } from './fake-api.js';

// alice sees and changes /team-a only; ops sees and changes everything.
export const MARATHON_ACLS = {
  permissive: false,
  view_apps: [
    { principals: { values: ['alice'] }, apps: { values: ['/team-a'] } },
    { principals: { values: ['ops'] }, apps: { type: 'ANY' } },
  ],
  change_apps: [
    { principals: { values: ['alice'] }, apps: { values: ['/team-a'] } },
    { principals: { values: ['ops'] }, apps: { type: 'ANY' } },
  ],
};

const COUNTS = { tasksStaged: 0, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [] };
export const TEAM_A: AppStatusJson = { ...WEB_APP, ...COUNTS, id: '/team-a/web' };
export const TEAM_B: AppStatusJson = { ...WEB_APP, ...COUNTS, id: '/team-b/web' };

/** Marathon's auth with TEST_CREDENTIALS, MARATHON_ACLS and an audit log (its file, to read back). */
export async function secureMarathonAuth(): Promise<{ auth: ServiceAuth; auditFile: string }> {
  const files = writeAuthFiles(MARATHON_ACLS);
  return { auth: await loadServiceAuth(files, 'marathon'), auditFile: files.auditLog };
}
