import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  Authorizer,
  canonicalPath,
  parseAcls,
  PermissionDeniedError,
  refusalMessage,
  type Action,
  type Denied,
  type Principal,
} from '../src/index.js';

const ops: Principal = { name: 'ops', kind: 'operator', via: 'basic' };
const alice: Principal = { name: 'alice', kind: 'operator', via: 'token' };
const marathon: Principal = { name: 'marathon', kind: 'framework', via: 'certificate' };
const ci: Principal = { name: 'ci', via: 'token' };

// Rules are tried in order; the first whose principals and object both match decides.
const acls = parseAcls(
  `
register_frameworks:
  - principals: { values: [marathon, chronos] }   # [0]
    roles: { values: [services, batch] }
  - principals: { type: ANY }                     # [1] nobody else subscribes with services or batch
    roles: { values: [services, batch] }
  - principals: { values: [marathon] }            # [2] marathon has no other role
    roles: { type: NONE }
  - principals: { type: ANY }                     # [3] everyone else: any other role
    roles: { type: ANY }
teardown_frameworks:
  - principals: { values: [ops] }                 # [0]
    framework_principals: { type: ANY }
  - principals: { type: ANY }                     # [1] nobody else tears anything down
    framework_principals: { type: NONE }
view_apps:
  - principals: { values: [alice] }               # [0]
    apps: { values: [/team-a] }
  - principals: { type: ANY }                     # [1]
    apps: { values: [/public] }
change_apps:
  - principals: { values: [alice] }               # [0]
    apps: { values: [/team-a/] }                  # a trailing slash is the same prefix
view_jobs:
  - principals: { type: ANY }                     # [0] a job with no owner is everyone's to see
    job_owners: { type: ANY }
`,
  'acls.yaml',
);
const authorizer = Authorizer.fromAcls(acls);

describe('Authorizer.fromAcls: first matching rule wins', () => {
  it.each<[string, Principal, Action, string, boolean, string]>([
    // [why, principal, action, object, allowed, the rule that decided]
    ['[0] lists marathon and services', marathon, 'register_frameworks', 'services', true, 'register_frameworks[0]'],
    [
      '[0] does not list ci; [1] matches ANY with services and allows',
      ci,
      'register_frameworks',
      'services',
      true,
      'register_frameworks[1]',
    ],
    // NOTE: [1] allows ANY on services: "nobody else" needs NONE as the principals, as the file below shows
    [
      '[0],[1] do not list dev; [2] is not marathon; [3] allows',
      ci,
      'register_frameworks',
      'dev',
      true,
      'register_frameworks[3]',
    ],
    [
      '[2]: marathon on any role not listed in [0] is refused by NONE',
      marathon,
      'register_frameworks',
      'dev',
      false,
      'register_frameworks[2]',
    ],
    ['anonymous matches ANY in [1]', ANONYMOUS, 'register_frameworks', 'batch', true, 'register_frameworks[1]'],
    ['ops may tear down anyone', ops, 'teardown_frameworks', 'marathon', true, 'teardown_frameworks[0]'],
    [
      'ops may tear down a framework without principal (ANY matches unnamed)',
      ops,
      'teardown_frameworks',
      '',
      true,
      'teardown_frameworks[0]',
    ],
    ['[1]: anyone else is refused by NONE', ci, 'teardown_frameworks', 'marathon', false, 'teardown_frameworks[1]'],
    [
      '[1] refuses the anonymous caller too',
      ANONYMOUS,
      'teardown_frameworks',
      'marathon',
      false,
      'teardown_frameworks[1]',
    ],
    ['/team-a is under /team-a', alice, 'view_apps', '/team-a', true, 'view_apps[0]'],
    ['/team-a/web/db is under /team-a', alice, 'view_apps', '/team-a/web/db', true, 'view_apps[0]'],
    [
      '/team-ab is not under /team-a; no rule matches',
      alice,
      'view_apps',
      '/team-ab',
      false,
      'no view_apps rule matched',
    ],
    [
      '".." does not climb out of /team-a: unnamed, so only ANY/NONE would match',
      alice,
      'view_apps',
      '/team-a/../team-b',
      false,
      'no view_apps rule matched',
    ],
    ['a relative path is unnamed', alice, 'view_apps', 'team-a/web', false, 'no view_apps rule matched'],
    ['ANY principal may view /public/...', ANONYMOUS, 'view_apps', '/public/site', true, 'view_apps[1]'],
    ['a trailing slash in the value is the same prefix', alice, 'change_apps', '/team-a/web', true, 'change_apps[0]'],
    ['and it still does not cover /team-ab', alice, 'change_apps', '/team-ab', false, 'no change_apps rule matched'],
    [
      'no rule for set_quotas at all: permissive false refuses',
      ops,
      'set_quotas',
      'services',
      false,
      'no set_quotas rule matched',
    ],
    ['view_jobs ANY covers unowned jobs', ci, 'view_jobs', '', true, 'view_jobs[0]'],
  ])('%s', (_why, principal, action, object, allowed, rule) => {
    const decision = authorizer.authorize(principal, action, object);
    expect(decision.allowed).toBe(allowed);
    expect(decision.rule).toContain(rule);
  });

  it('names the refusing rule with its entities, and the principal, action and object', () => {
    const decision = authorizer.authorize(ci, 'teardown_frameworks', 'marathon');
    expect(decision).toEqual({
      allowed: false,
      principal: 'ci',
      action: 'teardown_frameworks',
      object: 'marathon',
      rule: 'acls.yaml: teardown_frameworks[1] (principals ANY, framework_principals NONE)',
    });
    expect(refusalMessage(decision as Denied)).toBe(
      'principal "ci" may not teardown_frameworks "marathon": refused by acls.yaml: teardown_frameworks[1] (principals ANY, framework_principals NONE)',
    );
  });

  it('says when no rule matched and permissive is false', () => {
    const decision = authorizer.authorize(ANONYMOUS, 'set_quotas', 'services') as Denied;
    expect(refusalMessage(decision)).toBe(
      'principal anonymous may not set_quotas "services": refused by acls.yaml: no set_quotas rule matched and permissive is false',
    );
    const unnamed = authorizer.authorize(ops, 'set_quotas', '') as Denied;
    expect(refusalMessage(unnamed)).toContain('may not set_quotas (unnamed)');
  });
});

describe('Mesos examples, in Tessera', () => {
  it('only foo may use analytics: a NONE principals rule after foo’s', () => {
    const only = Authorizer.fromAcls(
      parseAcls(
        `
permissive: true
register_frameworks:
  - { principals: { values: [foo] }, roles: { values: [analytics] } }
  - { principals: { type: NONE }, roles: { values: [analytics] } }
`,
        'acls.yaml',
      ),
    );
    const foo: Principal = { name: 'foo', via: 'token' };
    // foo: [0] allows. bar: [1] matches (NONE matches every principal) and refuses.
    expect(only.authorize(foo, 'register_frameworks', 'analytics').allowed).toBe(true);
    expect(only.authorize(ci, 'register_frameworks', 'analytics').allowed).toBe(false);
    expect(only.authorize(ANONYMOUS, 'register_frameworks', 'analytics').allowed).toBe(false);
    // other roles: no rule matches, permissive: true allows
    expect(only.authorize(ci, 'register_frameworks', 'ads')).toEqual({
      allowed: true,
      rule: 'acls.yaml: no register_frameworks rule matched and permissive is true',
    });
  });

  it('a values list never matches the anonymous caller', () => {
    const strict = Authorizer.fromAcls(
      parseAcls('run_tasks:\n  - { principals: { values: [marathon] }, users: { type: ANY } }\n', 'acls.yaml'),
    );
    expect(strict.authorize(marathon, 'run_tasks', 'nobody').allowed).toBe(true);
    expect(strict.authorize(ANONYMOUS, 'run_tasks', 'nobody').allowed).toBe(false);
  });
});

describe('Authorizer.allowAll', () => {
  it('allows everything and says why', () => {
    expect(Authorizer.allowAll().authorize(ANONYMOUS, 'teardown_frameworks', 'x')).toEqual({
      allowed: true,
      rule: 'no ACLs: everything is allowed',
    });
    expect(Authorizer.allowAll().enforcing).toBe(false);
    expect(authorizer.enforcing).toBe(true);
  });
});

describe('authorizeAll, enforce, filter', () => {
  it('authorizeAll answers the first refusal', () => {
    // services: [0] allows; dev: [2] refuses marathon
    const decision = authorizer.authorizeAll(marathon, 'register_frameworks', ['services', 'dev', 'batch']);
    expect(decision).toMatchObject({ allowed: false, object: 'dev' });
    expect(authorizer.authorizeAll(marathon, 'register_frameworks', ['services', 'batch']).allowed).toBe(true);
  });

  it('authorizeAll of no objects asks for the unnamed object, so it is no way around a values rule', () => {
    // change_apps has one values rule: the unnamed object matches nothing, permissive false refuses
    expect(authorizer.authorizeAll(alice, 'change_apps', []).allowed).toBe(false);
    expect(Authorizer.allowAll().authorizeAll(alice, 'change_apps', []).allowed).toBe(true);
  });

  it('enforce throws PermissionDeniedError carrying the decision, and returns the allowing one', () => {
    expect(authorizer.enforce(ops, 'teardown_frameworks', 'marathon')).toMatchObject({ allowed: true });
    try {
      authorizer.enforce(ci, 'teardown_frameworks', 'marathon');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect((error as PermissionDeniedError).decision.rule).toContain('teardown_frameworks[1]');
      expect((error as Error).message).toMatch(/^principal "ci" may not teardown_frameworks "marathon": refused by/);
    }
  });

  it('filter keeps, in order, what the principal may see', () => {
    const apps = [{ id: '/team-a/web' }, { id: '/team-b/web' }, { id: '/public/site' }, { id: '/team-a' }];
    // alice: /team-a by [0], /public by [1]; /team-b matches no rule
    expect(authorizer.filter(alice, 'view_apps', apps, (app) => app.id).map((a) => a.id)).toEqual([
      '/team-a/web',
      '/public/site',
      '/team-a',
    ]);
  });
});

describe('canonicalPath', () => {
  it.each([
    ['/', '/'],
    ['/a', '/a'],
    ['/a/', '/a'],
    ['/a/b', '/a/b'],
    ['a', undefined],
    ['', undefined],
    ['//', undefined],
    ['/a//b', undefined],
    ['/a/./b', undefined],
    ['/a/..', undefined],
  ])('%j → %j', (path, canonical) => {
    expect(canonicalPath(path)).toBe(canonical);
  });
});
