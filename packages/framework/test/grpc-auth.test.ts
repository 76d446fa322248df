/**
 * grpcCaller: who calls a framework service's gRPC door. The call is a fake
 * (its metadata and TLS peer certificate); the certificate is a real one of a
 * development CA, as the TLS handshake would have verified it.
 */
import { X509Certificate } from 'node:crypto';
import { Credentials } from '@tessera/auth';
import { createDevCa, issueCertificate, type AuthenticatedCall } from '@tessera/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AnonymousCallerError,
  AuthenticationError,
  ConflictingCredentialsError,
  grpcCaller,
  openServiceAuth,
  type ServiceAuth,
} from '../src/service/index.js';

const credentials = Credentials.fromValidated([
  { principal: 'alice', secret: 'alice-secret' },
  { principal: 'ops', secret: 'ops-secret' },
]);
const OPEN = openServiceAuth('marathon');
const REQUIRED: ServiceAuth = { ...OPEN, credentials, required: true };

/** A call with `authorization` metadata values and, optionally, a peer certificate (DER). */
function call(authorization: readonly string[], certificate?: Buffer): AuthenticatedCall {
  // NOTE: only `get` of grpc-js's Metadata is read (a class with private fields, hence the cast).
  const metadata = { get: (key: string) => (key === 'authorization' ? [...authorization] : []) };
  return {
    metadata: metadata as unknown as AuthenticatedCall['metadata'],
    getAuthContext: () => (certificate === undefined ? null : { sslPeerCertificate: { raw: certificate } }),
  };
}

const refusalOf = (attempt: () => unknown): Error => {
  try {
    attempt();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('the caller was let in');
};

describe('grpcCaller', () => {
  let aliceCertificate: Buffer;
  beforeAll(async () => {
    const now = new Date();
    const ca = await createDevCa({ now });
    const issued = await issueCertificate(ca, { principal: { kind: 'operator', name: 'alice' }, now });
    aliceCertificate = new X509Certificate(issued.certPem).raw;
  });

  it.each([
    // [metadata, certificate?, auth, expected principal (name, via)]
    [[], false, OPEN, ['', 'anonymous']],
    [['Bearer ops-secret'], false, REQUIRED, ['ops', 'token']],
    [[`Basic ${Buffer.from('alice:alice-secret').toString('base64')}`], false, REQUIRED, ['alice', 'basic']],
    [[], true, REQUIRED, ['alice', 'certificate']],
    // The same principal both ways: one identity.
    [['Bearer alice-secret'], true, REQUIRED, ['alice', 'certificate']],
  ] as const)('%j (certificate: %s) → %j', (authorization, withCertificate, auth, [name, via]) => {
    const principal = grpcCaller(call(authorization, withCertificate ? aliceCertificate : undefined), auth);
    expect([principal.name, principal.via]).toEqual([name, via]);
  });

  it.each([
    // [metadata, certificate?, auth, error (the reason of an AuthenticationError), message]
    [[], false, REQUIRED, 'AnonymousCallerError', /^this marathon requires authentication: .*authorization metadata/],
    [['Bearer wrong'], false, REQUIRED, 'invalid-credentials', /matches no credential/],
    // A credential the service cannot check is refused, never read as anonymous.
    [['Bearer ops-secret'], false, OPEN, 'no-credentials', /credential/],
    [['Bearer ops-secret', 'Bearer ops-secret'], false, REQUIRED, 'malformed', /authorization/],
    // A wrong secret beside a good certificate is still refused.
    [['Bearer wrong'], true, REQUIRED, 'invalid-credentials', /matches no credential/],
    [['Bearer ops-secret'], true, REQUIRED, 'ConflictingCredentialsError', /"alice".*"ops".*present one identity/],
  ] as const)('refuses %j (certificate: %s): %s', (authorization, withCertificate, auth, expected, message) => {
    const refusal = refusalOf(() =>
      grpcCaller(call(authorization, withCertificate ? aliceCertificate : undefined), auth),
    );
    if (expected === 'AnonymousCallerError') expect(refusal).toBeInstanceOf(AnonymousCallerError);
    else if (expected === 'ConflictingCredentialsError') expect(refusal).toBeInstanceOf(ConflictingCredentialsError);
    else expect(refusal instanceof AuthenticationError ? refusal.reason : refusal).toBe(expected);
    expect(refusal.message).toMatch(message);
    expect(refusal.message).not.toContain('secret"');
  });
});
