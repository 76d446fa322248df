/**
 * What Chronos's auth tests (REST `rest-auth.test.ts`, gRPC
 * `grpc-auth.test.ts`) share: the ACLs, the service's auth loaded from files
 * (written by @tessera/testkit's `writeAuthFiles`), and two jobs of two owners.
 */
import { loadServiceAuth, type ServiceAuth } from '@tessera/framework/service';
import { writeAuthFiles } from '@tessera/testkit';

// alice sees and changes the jobs owned by team-a; ops all of them.
export const CHRONOS_ACLS = {
  view_jobs: [
    { principals: { values: ['alice'] }, job_owners: { values: ['team-a'] } },
    { principals: { values: ['ops'] }, job_owners: { type: 'ANY' } },
  ],
  change_jobs: [
    { principals: { values: ['alice'] }, job_owners: { values: ['team-a'] } },
    { principals: { values: ['ops'] }, job_owners: { type: 'ANY' } },
  ],
};

const SCHEDULE = 'R/2026-12-03T02:00:00Z/P1D';
export const A_JOB = { name: 'a-job', command: 'true', schedule: SCHEDULE, owner: 'team-a' };
export const B_JOB = { name: 'b-job', command: 'true', schedule: SCHEDULE, owner: 'team-b' };

/** Chronos's auth with TEST_CREDENTIALS, CHRONOS_ACLS and an audit log (its file, to read back). */
export async function secureChronosAuth(): Promise<{ auth: ServiceAuth; auditFile: string }> {
  const files = writeAuthFiles(CHRONOS_ACLS);
  return { auth: await loadServiceAuth(files, 'chronos'), auditFile: files.auditLog };
}
