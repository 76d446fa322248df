import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  AUTH_ERRORS,
  AuthenticationError,
  describePrincipal,
  PermissionDeniedError,
  principalFromSpiffe,
  principalNameProblem,
  type Principal,
} from '../src/index.js';

describe('principalFromSpiffe', () => {
  it.each<[string, Principal]>([
    ['spiffe://tessera/agent/agent-1', { name: 'agent-1', kind: 'agent', via: 'certificate' }],
    ['spiffe://tessera/framework/marathon', { name: 'marathon', kind: 'framework', via: 'certificate' }],
    ['spiffe://tessera/operator/ops@example.com', { name: 'ops@example.com', kind: 'operator', via: 'certificate' }],
    // trust domains are case-insensitive in SPIFFE; the path is not
    ['spiffe://TESSERA/master/m1', { name: 'm1', kind: 'master', via: 'certificate' }],
  ])('%s names %j', (uri, principal) => {
    expect(principalFromSpiffe(uri)).toEqual(principal);
  });

  it.each([
    // [uri, what the refusal says]
    ['spiffe://other/agent/a1', 'trust domain "other"'],
    ['spiffe://tessera/slave/a1', 'kind "slave"'], // Mesos's old word is not a kind
    ['spiffe://tessera/Agent/a1', 'kind "Agent"'],
    ['spiffe://tessera/agent', 'is not of the form'],
    ['spiffe://tessera/agent/a1/extra', 'is not of the form'],
    ['spiffe://tessera/agent/', 'must not be empty'],
    ['spiffe://tessera/agent/a%20b', 'may only hold'],
    ['https://tessera/agent/a1', 'is not of the form'],
    ['', 'is not of the form'],
  ])('%j is refused: %s', (uri, why) => {
    const result = principalFromSpiffe(uri);
    expect(result).toBeInstanceOf(AuthenticationError);
    expect((result as AuthenticationError).reason).toBe('invalid-certificate');
    expect((result as AuthenticationError).message).toContain(why);
  });

  it('takes another trust domain when asked', () => {
    expect(principalFromSpiffe('spiffe://prod.example/agent/a1', 'prod.example')).toEqual({
      name: 'a1',
      kind: 'agent',
      via: 'certificate',
    });
  });
});

describe('principal names', () => {
  it.each([
    ['ops', undefined],
    ['ops@example.com', undefined],
    ['a.b_c+d=e-f', undefined],
    ['', 'must not be empty'],
    ['ops:1', 'may only hold'], // ':' would end the principal in Basic credentials
    ['team/ops', 'may only hold'], // '/' separates SPIFFE segments
    [' ops', 'may only hold'],
    ['-ops', 'may only hold'],
    ['x'.repeat(257), 'at most 256'],
  ])('%j: %s', (name, problem) => {
    const found = principalNameProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it('describes the anonymous caller as "anonymous" and others quoted', () => {
    expect(describePrincipal(ANONYMOUS)).toBe('anonymous');
    expect(describePrincipal({ name: 'ops', via: 'basic' })).toBe('"ops"');
    expect(describePrincipal('')).toBe('anonymous');
  });
});

describe('AUTH_ERRORS', () => {
  it('maps AuthenticationError to UNAUTHENTICATED / 401 and PermissionDeniedError to PERMISSION_DENIED / 403', () => {
    // The rows' grpc numbers must be grpc-js's status codes: the services merge them into their ErrorTable.
    const rows: ReadonlyArray<{ grpc: status; http: number }> = AUTH_ERRORS;
    const authn = new AuthenticationError('invalid-credentials', 'no');
    const authz = new PermissionDeniedError({
      allowed: false,
      principal: 'p',
      action: 'run_tasks',
      object: 'u',
      rule: 'r',
    });
    const lookup = (error: Error) => AUTH_ERRORS.find((row) => error instanceof row.error);
    expect(lookup(authn)).toMatchObject({ grpc: status.UNAUTHENTICATED, http: 401 });
    expect(lookup(authz)).toMatchObject({ grpc: status.PERMISSION_DENIED, http: 403 });
    expect(rows).toHaveLength(2);
    expect(authn.name).toBe('AuthenticationError');
    expect(authz.name).toBe('PermissionDeniedError');
    expect(authz.message).toBe('principal "p" may not run_tasks "u": refused by r');
  });
});
