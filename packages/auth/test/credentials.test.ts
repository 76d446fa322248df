import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  AuthenticationError,
  Credentials,
  parseCredentials,
  type AuthenticationFailure,
} from '../src/index.js';

const credentials = parseCredentials(
  JSON.stringify({
    credentials: [
      { principal: 'ops', secret: 's3cret', kind: 'operator' },
      { principal: 'marathon', secret: 'm4rathon' },
      { principal: 'agent-1', secret: 'colon:in:secret', kind: 'agent' },
    ],
  }),
  'credentials.json',
);

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('Credentials.authenticate', () => {
  it.each([
    // [header, principal it proves]
    [undefined, ANONYMOUS], // no credential: anonymous (the service decides whether that is let in)
    ['Bearer s3cret', { name: 'ops', kind: 'operator', via: 'token' }],
    ['bearer s3cret', { name: 'ops', kind: 'operator', via: 'token' }], // schemes are case-insensitive
    ['BEARER   m4rathon  ', { name: 'marathon', via: 'token' }], // no kind in the file: none on the principal
    [basic('ops:s3cret'), { name: 'ops', kind: 'operator', via: 'basic' }],
    // the principal ends at the first ':'; the secret may hold more
    [basic('agent-1:colon:in:secret'), { name: 'agent-1', kind: 'agent', via: 'basic' }],
    [`basic ${Buffer.from('marathon:m4rathon').toString('base64')}`, { name: 'marathon', via: 'basic' }],
  ])('%j proves %j', (header, principal) => {
    expect(credentials.authenticate(header)).toEqual(principal);
  });

  it.each<[string, AuthenticationFailure]>([
    // a presented credential never falls back to anonymous
    ['Bearer wrong', 'invalid-credentials'],
    ['Bearer S3CRET', 'invalid-credentials'], // secrets are case-sensitive
    [basic('ops:wrong'), 'invalid-credentials'],
    [basic('ops:m4rathon'), 'invalid-credentials'], // another principal's secret
    [basic('nobody:s3cret'), 'invalid-credentials'], // unknown principal: the same answer as a wrong secret
    [basic('ops'), 'malformed'], // no ':'
    ['Basic not*base64', 'malformed'],
    [`Basic ${Buffer.from([0x6f, 0x3a, 0xff]).toString('base64')}`, 'malformed'], // not UTF-8
    ['Bearer', 'malformed'],
    ['Bearer a b', 'malformed'],
    ['', 'malformed'],
    ['   ', 'malformed'],
    ['s3cret', 'malformed'], // a secret without its scheme: malformed, and not repeated
    ['Digest username="ops"', 'unsupported-scheme'],
    ['Negotiate abc', 'unsupported-scheme'],
  ])('%j is refused (%s)', (header, reason) => {
    const result = credentials.authenticate(header);
    expect(result).toBeInstanceOf(AuthenticationError);
    expect((result as AuthenticationError).reason).toBe(reason);
  });

  it('never puts a secret in a refusal', () => {
    for (const header of ['Bearer s3cretX', basic('ops:s3cretX'), 'Digest s3cretX', 's3cretX']) {
      const result = credentials.authenticate(header) as AuthenticationError;
      expect(result.message).not.toContain('s3cret');
    }
  });

  it('says the same for an unknown principal and a wrong secret', () => {
    const unknown = credentials.authenticate(basic('nobody:x')) as AuthenticationError;
    const wrong = credentials.authenticate(basic('ops:x')) as AuthenticationError;
    expect(unknown.message.replace('nobody', 'ops')).toBe(wrong.message);
  });

  it('without credentials, refuses every presented credential and lets the absent one be anonymous', () => {
    const none = Credentials.none();
    expect(none.authenticate(undefined)).toBe(ANONYMOUS);
    expect((none.authenticate('Bearer s3cret') as AuthenticationError).reason).toBe('no-credentials');
    expect((none.authenticate(basic('ops:s3cret')) as AuthenticationError).reason).toBe('no-credentials');
    // a malformed value is still called malformed
    expect((none.authenticate('Bearer') as AuthenticationError).reason).toBe('malformed');
  });

  it('lists its principals and keeps no secret', () => {
    expect(credentials.principals).toEqual(['ops', 'marathon', 'agent-1']);
    expect(credentials.size).toBe(3);
    expect(JSON.stringify(credentials)).toBe('{}');
    expect(inspect(credentials, { showHidden: true, depth: 5 })).not.toMatch(/digest|s3cret/);
  });
});

describe('Credentials.authenticateMetadata (gRPC `authorization` values)', () => {
  it.each<[ReadonlyArray<string | Buffer>, string]>([
    [[], 'anonymous'],
    [['Bearer s3cret'], 'ops'],
    [[basic('marathon:m4rathon')], 'marathon'],
  ])('%j proves %s', (values, name) => {
    const principal = credentials.authenticateMetadata(values);
    expect(principal).not.toBeInstanceOf(AuthenticationError);
    expect(principal).toMatchObject({ name: name === 'anonymous' ? '' : name });
  });

  it.each<[ReadonlyArray<string | Buffer>, AuthenticationFailure]>([
    [['Bearer s3cret', 'Bearer m4rathon'], 'malformed'], // two values: which one?
    [[Buffer.from('Bearer s3cret')], 'malformed'],
    [['Bearer nope'], 'invalid-credentials'],
  ])('%j is refused (%s)', (values, reason) => {
    expect((credentials.authenticateMetadata(values) as AuthenticationError).reason).toBe(reason);
  });
});
