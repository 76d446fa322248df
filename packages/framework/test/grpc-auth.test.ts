/**
 * grpcCaller: who calls a framework service's gRPC door. The call is a fake
 * (its metadata and TLS peer certificate); the certificate is a real one of a
 * development CA, as the TLS handshake would have verified it.
 */
import { X509Certificate } from 'node:crypto';
import { AuthenticationError, Credentials } from '@tessera/auth';
import { createDevCa, issueCertificate } from '@tessera/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { grpcCaller, OPEN_SERVICE_AUTH, type AuthenticatedCall, type ServiceAuth } from '../src/service/index.js';

const credentials = Credentials.fromValidated([
  { principal: 'alice', secret: 'alice-secret' },
  { principal: 'ops', secret: 'ops-secret' },
]);
const REQUIRED: ServiceAuth = { ...OPEN_SERVICE_AUTH, credentials, required: true };

/** A call with `authorization` metadata values and, optionally, a peer certificate (DER). */
function call(authorization: readonly string[], certificate?: Buffer): AuthenticatedCall {
  return {
    metadata: { get: (key) => (key === 'authorization' ? [...authorization] : []) },
    getAuthContext: () => (certificate === undefined ? null : { sslPeerCertificate: { raw: certificate } }),
  };
}

const refusalOf = (attempt: () => unknown): AuthenticationError => {
  try {
    attempt();
  } catch (error) {
    if (error instanceof AuthenticationError) return error;
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
    [[], false, OPEN_SERVICE_AUTH, ['', 'anonymous']],
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
    // [metadata, certificate?, auth, reason]
    [[], false, REQUIRED, 'missing'],
    [['Bearer wrong'], false, REQUIRED, 'invalid-credentials'],
    // A credential the service cannot check is refused, never read as anonymous.
    [['Bearer ops-secret'], false, OPEN_SERVICE_AUTH, 'no-credentials'],
    [['Bearer ops-secret', 'Bearer ops-secret'], false, REQUIRED, 'malformed'],
    // A wrong secret beside a good certificate is still refused.
    [['Bearer wrong'], true, REQUIRED, 'invalid-credentials'],
    [['Bearer ops-secret'], true, REQUIRED, 'conflicting'],
  ] as const)('refuses %j (certificate: %s): %s', (authorization, withCertificate, auth, reason) => {
    const refusal = refusalOf(() =>
      grpcCaller(call(authorization, withCertificate ? aliceCertificate : undefined), auth),
    );
    expect(refusal.reason).toBe(reason);
    expect(refusal.message).not.toContain('secret"');
  });
});
