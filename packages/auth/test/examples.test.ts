import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, Authorizer, loadAcls, loadCredentials, type Action } from '../src/index.js';

// The example files the README shows, so that they stay valid.
const examples = (name: string) => fileURLToPath(new URL(`../../../infra/examples/${name}`, import.meta.url));

describe('infra/examples', () => {
  it('the credentials and ACLs load, and together decide as their comments say', async () => {
    const credentials = await loadCredentials(examples('credentials.yaml'));
    const authorizer = Authorizer.fromAcls(await loadAcls(examples('acls.yaml')));
    const as = (name: string) => {
      const principal = credentials.authenticate(`Bearer example-${name}-secret-change-me`);
      if (principal instanceof Error) throw principal;
      return principal;
    };

    const cases: Array<[string, Action, string, boolean]> = [
      // [principal, action, object, allowed]
      ['marathon', 'register_frameworks', 'services', true],
      ['marathon', 'register_frameworks', 'batch', false], // only chronos has batch; no rule matches
      ['marathon', 'run_tasks', 'root', false], // run_tasks[0]: NONE refuses root to everyone
      ['marathon', 'run_tasks', 'www-data', true],
      ['ops', 'teardown_frameworks', 'analytics', true],
      ['alice', 'teardown_frameworks', 'analytics', false],
      ['agent-1', 'register_agents', 'node-1.example.com', true],
      ['agent-1', 'register_agents', 'node-2.example.com', false],
      ['analytics', 'view_tasks', 'analytics', true],
      ['analytics', 'view_tasks', 'marathon', false],
      ['alice', 'change_apps', '/team-a/web', true],
      ['alice', 'change_apps', '/team-ab/web', false],
      ['alice', 'view_apps', '/shared/db', true],
      ['alice', 'change_apps', '/shared/db', false],
      ['bob', 'change_jobs', 'bob@example.com', true],
      ['bob', 'change_jobs', 'alice@example.com', false],
    ];
    for (const [name, action, object, allowed] of cases) {
      expect([name, action, object, authorizer.authorize(as(name), action, object).allowed]).toEqual([
        name,
        action,
        object,
        allowed,
      ]);
    }
    expect(authorizer.authorize(ANONYMOUS, 'view_jobs', 'bob@example.com').allowed).toBe(true);
    expect(authorizer.authorize(ANONYMOUS, 'view_apps', '/team-a').allowed).toBe(false);
  });
});
