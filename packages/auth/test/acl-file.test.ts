import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AclFileError, loadAcls, parseAcls } from '../src/index.js';

function problemsOf(text: string, fileName = 'acls.yaml'): readonly string[] {
  try {
    parseAcls(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(AclFileError);
    return (error as AclFileError).problems;
  }
  throw new Error('expected an AclFileError');
}

describe('parseAcls', () => {
  it('reads YAML and JSON to the same ACLs; permissive defaults to false; source is the base name', () => {
    const yaml = parseAcls(
      'run_tasks:\n  - principals: { values: [marathon] }\n    users: { type: ANY }\n',
      '/etc/tessera/acls.yaml',
    );
    const json = parseAcls(
      '{"run_tasks":[{"principals":{"values":["marathon"]},"users":{"type":"ANY"}}]}',
      '/etc/tessera/acls.json',
    );
    const expected = {
      permissive: false,
      rules: { run_tasks: [{ principals: { values: ['marathon'] }, objects: { type: 'ANY' } }] },
    };
    expect(yaml).toEqual({ source: 'acls.yaml', ...expected });
    expect(json).toEqual({ source: 'acls.json', ...expected });
  });

  it('takes permissive: true, and an empty file as no rules, not permissive', () => {
    expect(parseAcls('permissive: true\n', 'acls.yaml')).toEqual({ source: 'acls.yaml', permissive: true, rules: {} });
    expect(parseAcls('', 'acls.yaml')).toEqual({ source: 'acls.yaml', permissive: false, rules: {} });
  });

  it.each([
    // [file text, the problems, each naming its place]
    ['run_task: []\n', [/^unknown action "run_task" \(known: register_frameworks, run_tasks, /]],
    ['permissive: "false"\n', ['permissive: permissive must be true or false']],
    ['run_tasks: { principals: { type: ANY } }\n', ['run_tasks: expected a list of run_tasks rules']],
    ['run_tasks:\n  - principals: { type: ANY }\n', ['run_tasks[0].users: is missing']],
    [
      'run_tasks:\n  - { principals: { type: ANY }, roles: { type: ANY } }\n',
      [
        'run_tasks[0].users: is missing',
        'run_tasks[0]: unknown key "roles" (a run_tasks rule has principals and users)',
      ],
    ],
    [
      'run_tasks:\n  - { principals: { type: SOME }, users: { type: ANY } }\n',
      ['run_tasks[0].principals: type must be ANY or NONE (not "SOME")'],
    ],
    [
      'run_tasks:\n  - { principals: { values: [] }, users: { type: ANY } }\n',
      ['run_tasks[0].principals: values must be a non-empty list (to match nothing, say type: NONE)'],
    ],
    [
      'run_tasks:\n  - { principals: { values: [a], type: ANY }, users: { type: ANY } }\n',
      ['run_tasks[0].principals: has both type and values; give one'],
    ],
    [
      'run_tasks:\n  - { principals: ANY, users: { type: ANY } }\n',
      ['run_tasks[0].principals: expected { values: [ … ] } or { type: ANY } or { type: NONE }'],
    ],
    [
      'run_tasks:\n  - { principals: { values: ["a b"] }, users: { type: ANY } }\n',
      [/^run_tasks\[0\]\.principals: values\[0\]: principal name "a b" may only hold/],
    ],
    [
      'run_tasks:\n  - { principals: { type: ANY }, users: { values: [root, 0] } }\n',
      ['run_tasks[0].users: values[1]: must be a string (not 0)'],
    ],
    [
      'run_tasks:\n  - { principals: { type: ANY }, users: { values: [""] } }\n',
      [/^run_tasks\[0\]\.users: values\[0\]: must not be empty/],
    ],
    [
      'view_apps:\n  - { principals: { type: ANY }, apps: { values: [team-a] } }\n',
      [
        'view_apps[0].apps: values[0]: "team-a" is not an absolute path like "/team-a" (no empty, "." or ".." segments)',
      ],
    ],
    [
      'view_apps:\n  - { principals: { type: ANY }, apps: { values: ["/a/../b"] } }\n',
      [/^view_apps\[0\]\.apps: values\[0\]: "\/a\/..\/b" is not an absolute path/],
    ],
    ['run_tasks:\n  - 7\n', ['run_tasks[0]: expected a rule { principals: …, users: … }']],
    ['- run_tasks\n', ['expected a mapping of actions to lists of rules']],
    ['run_tasks: [\n', [/^is not valid YAML: /]],
  ])('%j: %j', (text, problems) => {
    const found = problemsOf(text);
    expect(found).toHaveLength(problems.length);
    problems.forEach((problem, i) => {
      if (typeof problem === 'string') expect(found[i]).toBe(problem);
      else expect(found[i]).toMatch(problem);
    });
  });

  it('names the file in the message', () => {
    expect(() => parseAcls('nope: []\n', '/etc/tessera/acls.yaml')).toThrow(
      /^ACL file \/etc\/tessera\/acls.yaml: unknown action "nope"/,
    );
  });
});

describe('loadAcls', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-acls-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the file; refusals will name its base name', async () => {
    const path = join(dir, 'acls.yml');
    await writeFile(path, 'permissive: true\n');
    expect(await loadAcls(path)).toEqual({ source: 'acls.yml', permissive: true, rules: {} });
  });

  it('names a file it cannot read', async () => {
    await expect(loadAcls(join(dir, 'missing.yaml'))).rejects.toThrow(
      /^ACL file .*missing.yaml: cannot be read: ENOENT/,
    );
  });
});
