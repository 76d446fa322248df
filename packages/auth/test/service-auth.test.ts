import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  AnonymousCallerError,
  AuditLog,
  AuthenticationError,
  Authorizer,
  authenticateCaller,
  authenticationRequired,
  authorize,
  CALLER_ERRORS,
  ConflictingCredentialsError,
  openServiceAuth,
  parseAcls,
  parseCredentials,
  PermissionDeniedError,
  type AuditRecord,
  type PresentedCredentials,
  type ServiceAuth,
} from '../src/index.js';

const credentials = parseCredentials(
  `credentials:
  - { principal: ops, secret: ops-secret, kind: operator }
  - { principal: alice, secret: alice-secret, kind: framework }`,
  'credentials.yaml',
);
const acls = parseAcls(
  `view_sandboxes:
  - principals: { values: [ops] }
    framework_principals: { type: ANY }`,
  'acls.yaml',
);

/** The agent's auth with these credentials and ACLs; its audit records go to `records`. */
async function recordingAuth(required: boolean): Promise<{ auth: ServiceAuth; records: AuditRecord[] }> {
  const records: AuditRecord[] = [];
  const audit = await AuditLog.open({ service: 'agent', onRecord: (record) => records.push(record) });
  return { auth: { service: 'agent', credentials, authorizer: Authorizer.fromAcls(acls), required, audit }, records };
}

const grpcCall = (authorization: readonly string[], certificate?: string): PresentedCredentials => ({
  authorization,
  transport: 'grpc',
  ...(certificate === undefined ? {} : { certificate: { name: certificate, kind: 'agent' } }),
});

describe('authenticateCaller', () => {
  it.each<[string, boolean, PresentedCredentials, string]>([
    // [case, required, presented, principal's name ('' anonymous)]
    ['anonymous, not required', false, grpcCall([]), ''],
    ['bearer over gRPC', true, grpcCall(['Bearer ops-secret']), 'ops'],
    ['bearer over HTTP', true, { authorization: 'Bearer alice-secret', transport: 'http' }, 'alice'],
    ['certificate alone', true, grpcCall([], 'node-1'), 'node-1'],
    ['certificate and metadata of the same principal', true, grpcCall(['Bearer ops-secret'], 'ops'), 'ops'],
  ])('%s', async (_case, required, presented, name) => {
    const { auth, records } = await recordingAuth(required);
    expect(authenticateCaller(auth, presented).name).toBe(name);
    expect(records).toEqual([]);
  });

  it.each<[string, PresentedCredentials, new (...args: never[]) => Error, RegExp]>([
    ['anonymous over gRPC', grpcCall([]), AnonymousCallerError, /this agent requires authentication: .*metadata/],
    [
      'anonymous over HTTP',
      { authorization: undefined, transport: 'http' },
      AnonymousCallerError,
      /this agent requires authentication: send an Authorization header/,
    ],
    ['a wrong token', grpcCall(['Bearer nope']), AuthenticationError, /matches no credential/],
    [
      'a certificate and another principal',
      grpcCall(['Bearer ops-secret'], 'node-1'),
      ConflictingCredentialsError,
      /"node-1".*"ops"/,
    ],
  ])('refuses %s, and records the refusal', async (_case, presented, errorClass, message) => {
    const { auth, records } = await recordingAuth(true);
    expect(() => authenticateCaller(auth, presented)).toThrow(errorClass);
    expect(() => authenticateCaller(auth, presented)).toThrow(message);
    expect(records[0]).toMatchObject({ service: 'agent', action: 'authenticate', allowed: false });
  });
});

describe('authorize', () => {
  it('returns the allowing decision, and throws (and records) a refusal naming the rule', async () => {
    const { auth, records } = await recordingAuth(true);
    expect(authorize(auth, { name: 'ops', via: 'token' }, 'view_sandboxes', 'alice').allowed).toBe(true);
    expect(() => authorize(auth, { name: 'alice', via: 'token' }, 'view_sandboxes', 'alice')).toThrow(
      PermissionDeniedError,
    );
    expect(records).toMatchObject([{ principal: 'alice', action: 'view_sandboxes', object: 'alice', allowed: false }]);
  });
});

describe('authenticationRequired', () => {
  it.each<[object, boolean]>([
    [{}, false],
    [{ auditLog: 'a.log' }, false],
    [{ credentials: 'c.yaml' }, true],
    [{ acls: 'a.yaml' }, true],
    [{ tlsCert: 'cert.pem' }, true],
  ])('%j: %s', (config, required) => {
    expect(authenticationRequired(config)).toBe(required);
  });

  it('is off in openServiceAuth', () => {
    expect(openServiceAuth('agent')).toMatchObject({ service: 'agent', required: false });
  });
});

describe('CALLER_ERRORS', () => {
  it('answers both identity refusals UNAUTHENTICATED / 401 (grpc-js status numbers)', () => {
    const lookup = (error: Error) => CALLER_ERRORS.find((row) => error instanceof row.error);
    expect(lookup(new AnonymousCallerError('x'))).toMatchObject({ grpc: status.UNAUTHENTICATED, http: 401 });
    expect(lookup(new ConflictingCredentialsError('x'))).toMatchObject({ grpc: status.UNAUTHENTICATED, http: 401 });
  });
});
