import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, AuditLog, auditRecord, type AuditRecord, type Decision, type Principal } from '../src/index.js';

const ops: Principal = { name: 'ops', kind: 'operator', via: 'basic' };
const allowed: Decision = {
  allowed: true,
  rule: 'acls.yaml: teardown_frameworks[0] (principals ["ops"], framework_principals ANY)',
};
const denied: Decision = {
  allowed: false,
  principal: '',
  action: 'teardown_frameworks',
  object: 'marathon',
  rule: 'acls.yaml: teardown_frameworks[1] (principals ANY, framework_principals NONE)',
};
// 2024-05-01T12:00:00.123Z
const NOW_MS = Date.UTC(2024, 4, 1, 12, 0, 0, 123);

async function linesOf(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe('auditRecord', () => {
  it('records who, what, the decision and its rule, and the outcome when given', () => {
    expect(
      auditRecord(
        { principal: ops, action: 'teardown_frameworks', object: 'marathon', decision: allowed, outcome: 'ok' },
        'master',
        NOW_MS,
      ),
    ).toEqual({
      time: '2024-05-01T12:00:00.123Z',
      service: 'master',
      principal: 'ops',
      via: 'basic',
      action: 'teardown_frameworks',
      object: 'marathon',
      allowed: true,
      rule: allowed.rule,
      outcome: 'ok',
    });
  });

  it('records the anonymous caller as principal "" via anonymous, and no outcome when none is given', () => {
    const record = auditRecord(
      { principal: ANONYMOUS, action: 'teardown_frameworks', object: 'marathon', decision: denied },
      'master',
      NOW_MS,
    );
    expect(record).toMatchObject({ principal: '', via: 'anonymous', allowed: false, rule: denied.rule });
    expect(record).not.toHaveProperty('outcome');
  });
});

describe('AuditLog', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-audit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per record, in order, and tells the hook each record', async () => {
    const file = join(dir, 'audit.log');
    const hooked: AuditRecord[] = [];
    const log = await AuditLog.open({
      service: 'marathon',
      file,
      nowMs: () => NOW_MS,
      onRecord: (r) => hooked.push(r),
    });
    expect(log.enabled).toBe(true);
    // not awaited one by one: the log keeps the order of the calls
    const writes = Array.from({ length: 50 }, (_, i) =>
      log.record({ principal: ops, action: 'change_apps', object: `/team-a/app-${i}`, decision: allowed }),
    );
    await Promise.all(writes);
    await log.record({
      principal: ANONYMOUS,
      action: 'change_apps',
      object: '/x',
      decision: denied,
      outcome: 'refused',
    });
    const lines = await linesOf(file);
    expect(lines).toHaveLength(51);
    expect(lines.slice(0, 50).map((l) => (l as AuditRecord).object)).toEqual(writes.map((_, i) => `/team-a/app-${i}`));
    expect(lines[50]).toEqual(hooked[50]);
    expect(hooked).toHaveLength(51);
    await log.close();
  });

  it('appends to an existing file and keeps what was there', async () => {
    const file = join(dir, 'append.log');
    for (const object of ['first', 'second']) {
      const log = await AuditLog.open({ service: 'master', file });
      await log.record({ principal: ops, action: 'drain_agents', object, decision: allowed });
      await log.close();
    }
    expect((await linesOf(file)).map((l) => (l as AuditRecord).object)).toEqual(['first', 'second']);
  });

  it('reopen writes to a new file at the same path after rotation', async () => {
    const file = join(dir, 'rotated.log');
    const log = await AuditLog.open({ service: 'master', file });
    await log.record({ principal: ops, action: 'drain_agents', object: 'before', decision: allowed });
    await rename(file, `${file}.1`);
    await log.reopen();
    await log.record({ principal: ops, action: 'drain_agents', object: 'after', decision: allowed });
    await log.close();
    expect((await linesOf(`${file}.1`)).map((l) => (l as AuditRecord).object)).toEqual(['before']);
    expect((await linesOf(file)).map((l) => (l as AuditRecord).object)).toEqual(['after']);
  });

  it('after a reopen that failed, each record is reported to onError, never thrown', async () => {
    const sub = join(dir, 'gone');
    await mkdir(sub);
    const file = join(sub, 'audit.log');
    const errors: unknown[] = [];
    const log = await AuditLog.open({ service: 'master', file, onError: (e) => errors.push(e) });
    await rm(sub, { recursive: true });
    await expect(log.reopen()).rejects.toThrow(/ENOENT/);
    await log.record({ principal: ops, action: 'drain_agents', object: 'lost', decision: allowed });
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('could not be reopened; a record was lost');
    await log.close();
  });

  it('without a file, only the hook hears records', async () => {
    const hooked: AuditRecord[] = [];
    const log = await AuditLog.open({ service: 'chronos', onRecord: (r) => hooked.push(r) });
    await log.record({ principal: ops, action: 'change_jobs', object: 'bob@example.com', decision: allowed });
    expect(hooked).toMatchObject([{ service: 'chronos', object: 'bob@example.com' }]);
  });

  it('a hook that throws goes to onError and the line is still written', async () => {
    const file = join(dir, 'hook-throws.log');
    const errors: unknown[] = [];
    const log = await AuditLog.open({
      service: 'master',
      file,
      onRecord: () => {
        throw new Error('NATS is down');
      },
      onError: (e) => errors.push(e),
    });
    await log.record({ principal: ops, action: 'drain_agents', object: 'h1', decision: allowed });
    await log.close();
    expect(errors).toMatchObject([{ message: 'NATS is down' }]);
    expect(await linesOf(file)).toHaveLength(1);
  });

  it('a record after close reaches the hook, and onError says it was not written; close is idempotent', async () => {
    const file = join(dir, 'closed.log');
    const errors: unknown[] = [];
    const hooked: AuditRecord[] = [];
    const log = await AuditLog.open({
      service: 'master',
      file,
      onRecord: (r) => hooked.push(r),
      onError: (e) => errors.push(e),
    });
    await log.close();
    await log.close();
    await log.record({ principal: ops, action: 'drain_agents', object: 'late', decision: allowed });
    expect(hooked).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('is closed');
  });

  it('refuses to open a path it cannot write', async () => {
    await expect(AuditLog.open({ service: 'master', file: join(dir, 'no-such-dir', 'audit.log') })).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('disabled records nothing and is not enabled', async () => {
    const log = AuditLog.disabled();
    expect(log.enabled).toBe(false);
    await log.record({ principal: ops, action: 'drain_agents', object: 'h1', decision: allowed });
    await log.close();
  });
});
