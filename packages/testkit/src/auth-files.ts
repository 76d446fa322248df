/**
 * The credentials and ACL files the framework services' auth tests (Marathon,
 * Chronos; REST and gRPC) start with, and how those tests present a
 * credential and read the audit log.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Two principals: `alice` (a team's member) and `ops` (who may do everything, in the tests' ACLs). */
export const TEST_CREDENTIALS = {
  credentials: [
    { principal: 'alice', secret: 'alice-secret' },
    { principal: 'ops', secret: 'ops-secret' },
  ],
} as const;

/** Where `writeAuthFiles` wrote the files: what a service's `--credentials`, `--acls` and `--audit-log` take. */
export interface AuthFiles {
  readonly credentials: string;
  readonly acls: string;
  /** Not created: the service's audit log opens it. */
  readonly auditLog: string;
}

/** Writes `acls` and `credentials` (default TEST_CREDENTIALS) as JSON files in a new temporary directory. */
export function writeAuthFiles(acls: object, credentials: object = TEST_CREDENTIALS): AuthFiles {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-auth-'));
  const files = {
    credentials: join(dir, 'credentials.json'),
    acls: join(dir, 'acls.json'),
    auditLog: join(dir, 'audit.log'),
  };
  writeFileSync(files.credentials, JSON.stringify(credentials));
  writeFileSync(files.acls, JSON.stringify(acls));
  return files;
}

/** The `authorization` header (or gRPC metadata value) of `Bearer <secret>`. */
export const bearer = (secret: string): { authorization: string } => ({ authorization: `Bearer ${secret}` });

/** The `authorization` header (or gRPC metadata value) of `Basic base64(principal:secret)`. */
export const basic = (principal: string, secret: string): { authorization: string } => ({
  authorization: `Basic ${Buffer.from(`${principal}:${secret}`).toString('base64')}`,
});

/** The records of an audit log file (one JSON object a line), in order; none when it was never written. */
export function auditLines(file: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
