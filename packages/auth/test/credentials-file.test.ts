import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsFileError, loadCredentials, parseCredentials } from '../src/index.js';

function problemsOf(text: string, fileName = 'credentials.yaml'): readonly string[] {
  try {
    parseCredentials(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsFileError);
    return (error as CredentialsFileError).problems;
  }
  throw new Error('expected a CredentialsFileError');
}

describe('parseCredentials', () => {
  it('reads YAML and JSON alike (JSON for .json, YAML otherwise)', () => {
    const yaml = parseCredentials(
      'credentials:\n  - principal: ops\n    secret: s3cret\n    kind: operator\n  - { principal: marathon, secret: m4rathon }\n',
      'credentials.yaml',
    );
    const json = parseCredentials(
      '{"credentials":[{"principal":"ops","secret":"s3cret","kind":"operator"},{"principal":"marathon","secret":"m4rathon"}]}',
      'credentials.json',
    );
    for (const credentials of [yaml, json]) {
      expect(credentials.principals).toEqual(['ops', 'marathon']);
      expect(credentials.authenticate('Bearer s3cret')).toEqual({ name: 'ops', kind: 'operator', via: 'token' });
    }
  });

  it.each([
    // [file text, the problems it reports, each naming its entry]
    ['credentials:\n  - { principal: ops, secret: "" }\n', ['credentials[0] ("ops"): secret must not be empty']],
    [
      'credentials:\n  - { principal: ops, secret: a }\n  - { principal: ops, secret: b }\n',
      ['credentials[1] ("ops"): principal "ops" is also credentials[0]'],
    ],
    [
      // a Bearer token could not say which of the two it is
      'credentials:\n  - { principal: a, secret: same }\n  - { principal: b, secret: same }\n',
      ['credentials[1] ("b"): has the same secret as credentials[0] ("a"); a Bearer token must name one principal'],
    ],
    [
      'credentials:\n  - { principal: ops, secret: s, kind: admin }\n',
      [
        'credentials[0] ("ops"): kind: kind must be one of master, agent, framework, operator, allocator, marathon, chronos',
      ],
    ],
    [
      'credentials:\n  - { principal: ops, secret: s, role: x }\n',
      ['credentials[0] ("ops"): unknown key "role" (an entry has principal, secret and kind)'],
    ],
    ['credentials:\n  - { secret: s }\n', ['credentials[0]: principal: principal must be a string']],
    [
      'credentials:\n  - { principal: "a:b", secret: s }\n',
      [
        'credentials[0] ("a:b"): principal name "a:b" may only hold letters, digits and . _ @ + = - (starting with a letter or digit)',
      ],
    ],
    [
      'credentials:\n  - { principal: ops, secret: "two words" }\n',
      [
        'credentials[0] ("ops"): secret may only hold printable ASCII characters without spaces (it must fit in an Authorization header)',
      ],
    ],
    [
      'credentials:\n  - { principal: ops, secret: 1234 }\n',
      ['credentials[0] ("ops"): secret: secret must be a string'],
    ],
    ['credentials: []\n', ['lists no credentials']],
    ['principal: ops\n', ['expected { credentials: [ { principal, secret, kind }, … ] }']],
    ['', ['expected { credentials: [ { principal, secret, kind }, … ] }']],
    ['credentials: []\nextra: 1\n', ['unknown top-level key "extra"', 'lists no credentials']],
  ])('%j: %j', (text, problems) => {
    expect(problemsOf(text)).toEqual(problems);
  });

  it('reports every problem at once, in file order', () => {
    const problems = problemsOf(
      'credentials:\n  - { principal: a, secret: "" }\n  - { principal: b, secret: s, kind: x }\n  - { principal: a, secret: t }\n',
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('credentials[0] ("a")');
    expect(problems[1]).toContain('credentials[1] ("b")');
    expect(problems[2]).toContain('credentials[2] ("a")');
  });

  it('names the file and never a secret in the message', () => {
    const text = 'credentials:\n  - { principal: a, secret: topsecret }\n  - { principal: b, secret: topsecret }\n';
    try {
      parseCredentials(text, '/etc/tessera/credentials.yaml');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^credentials file \/etc\/tessera\/credentials.yaml: credentials\[1\]/);
      expect((error as Error).message).not.toContain('topsecret');
    }
  });

  it('names the syntax error and its place', () => {
    const [yamlProblem] = problemsOf('credentials: [\n');
    expect(yamlProblem).toMatch(/^is not valid YAML: .*line/);
    const [jsonProblem] = problemsOf('{"credentials": ', 'c.json');
    expect(jsonProblem).toMatch(/^is not valid JSON: /);
  });
});

describe('loadCredentials', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-auth-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the file', async () => {
    const path = join(dir, 'credentials.yaml');
    await writeFile(path, 'credentials:\n  - { principal: ops, secret: s3cret }\n');
    const credentials = await loadCredentials(path);
    expect(credentials.authenticate('Bearer s3cret')).toEqual({ name: 'ops', via: 'token' });
  });

  it('names a file it cannot read', async () => {
    const path = join(dir, 'missing.yaml');
    await expect(loadCredentials(path)).rejects.toThrow(
      new RegExp(`^credentials file ${path}: cannot be read: ENOENT`),
    );
  });
});
