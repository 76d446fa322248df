import { X509Certificate, createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDevCa,
  DEFAULT_HOSTS,
  InvalidHostError,
  InvalidValidityError,
  issueCertificate,
  OutlivesCaError,
  UnusableCaError,
  type PemCredentials,
  principal,
  principalFromCertificate,
} from '../src/index.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const DAY_MS = 24 * 60 * 60_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

let ca: PemCredentials;
let otherCa: PemCredentials;
let leaf: PemCredentials;
beforeAll(async () => {
  [ca, otherCa] = await Promise.all([createDevCa({ now: NOW }), createDevCa({ now: NOW })]);
  leaf = await issueCertificate(ca, { principal: principal('agent', 'leaf'), now: NOW });
});

describe('createDevCa', () => {
  it('makes a self-signed CA certificate of a P-256 key, valid from just before now for 365 days', () => {
    const certificate = new X509Certificate(ca.certPem);
    expect(certificate.ca).toBe(true);
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.subject).toMatch(/^CN=Tessera development CA [0-9a-f]{8}\nO=Tessera$/);
    // Backdated 5 minutes against clock skew; 365 days after now.
    expect(new Date(certificate.validFrom)).toEqual(new Date(NOW.getTime() - 5 * 60_000));
    expect(new Date(certificate.validTo)).toEqual(new Date(NOW.getTime() + 365 * DAY_MS));
    const key = createPrivateKey(ca.keyPem);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(certificate.checkPrivateKey(key)).toBe(true);
    expect(ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('names each CA apart', () => {
    expect(new X509Certificate(ca.certPem).subject).not.toBe(new X509Certificate(otherCa.certPem).subject);
  });

  it.each([0, -1, 1.5, 3651, Number.NaN])('refuses a validity of %s days', async (days) => {
    await expect(createDevCa({ now: NOW, days })).rejects.toBeInstanceOf(InvalidValidityError);
  });
});

describe('issueCertificate', () => {
  it('issues a certificate that verifies against the CA, names the principal and the hosts, and serves both sides of TLS', async () => {
    const issued = await issueCertificate(ca, { principal: principal('agent', 'node-17'), now: NOW, days: 30 });
    const certificate = new X509Certificate(issued.certPem);
    const authority = new X509Certificate(ca.certPem);
    expect(certificate.checkIssued(authority)).toBe(true);
    expect(certificate.verify(authority.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.subjectAltName).toBe('URI:spiffe://tessera/agent/node-17, DNS:localhost, IP Address:127.0.0.1');
    expect(DEFAULT_HOSTS).toEqual(['localhost', '127.0.0.1']);
    expect(principalFromCertificate(certificate)).toEqual({ kind: 'agent', name: 'node-17' });
    expect(certificate.keyUsage).toEqual([SERVER_AUTH, CLIENT_AUTH]);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkPrivateKey(createPrivateKey(issued.keyPem))).toBe(true);
    // 30 days from now.
    expect(new Date(certificate.validTo)).toEqual(new Date(NOW.getTime() + 30 * DAY_MS));
  });

  it('does not verify against another CA', async () => {
    const issued = await issueCertificate(ca, { principal: principal('master', 'm1'), now: NOW });
    const certificate = new X509Certificate(issued.certPem);
    const other = new X509Certificate(otherCa.certPem);
    expect(certificate.checkIssued(other) && certificate.verify(other.publicKey)).toBe(false);
  });

  it('writes each host as a DNS or IP SAN', async () => {
    const issued = await issueCertificate(ca, {
      principal: principal('master', 'm1'),
      hosts: ['master-0.tessera.internal', '*.masters.tessera.internal', '10.0.0.7', '::1'],
      now: NOW,
    });
    expect(new X509Certificate(issued.certPem).subjectAltName).toBe(
      'URI:spiffe://tessera/master/m1, DNS:master-0.tessera.internal, DNS:*.masters.tessera.internal, ' +
        'IP Address:10.0.0.7, IP Address:0:0:0:0:0:0:0:1',
    );
  });

  it.each(['', 'bad host', '-lead.example', 'a..b', 'http://x', '1.2.3.4:5050'])(
    'refuses the host %j',
    async (host) => {
      await expect(
        issueCertificate(ca, { principal: principal('master', 'm1'), hosts: [host], now: NOW }),
      ).rejects.toBeInstanceOf(InvalidHostError);
    },
  );

  it('lasts 365 days by default, cut short to the CA expiry; an explicit validity past it is refused', async () => {
    const later = new Date(NOW.getTime() + 300 * DAY_MS);
    const caNotAfter = new Date(NOW.getTime() + 365 * DAY_MS);
    const issued = await issueCertificate(ca, { principal: principal('operator', 'alice'), now: later });
    // The CA has 65 days left: the certificate gets 65, not 365.
    expect(new Date(new X509Certificate(issued.certPem).validTo)).toEqual(caNotAfter);
    const refused = issueCertificate(ca, { principal: principal('operator', 'alice'), now: later, days: 66 });
    await expect(refused).rejects.toBeInstanceOf(OutlivesCaError);
    await expect(refused).rejects.toThrow(`expires on ${caNotAfter.toISOString()}`);
  });

  it.each([
    ['has expired', () => ca, new Date(NOW.getTime() + 366 * DAY_MS), /the CA expired on/],
    ['is not a CA', () => leaf, NOW, /is not a CA certificate/],
    ['has another key', () => ({ certPem: ca.certPem, keyPem: otherCa.keyPem }), NOW, /not the key of the CA/],
    ['does not parse', () => ({ certPem: 'nonsense', keyPem: ca.keyPem }), NOW, /does not parse/],
  ])('refuses a CA that %s', async (_what, given, now, message) => {
    await expect(issueCertificate(given(), { principal: principal('agent', 'a'), now })).rejects.toThrow(
      expect.objectContaining({ name: 'UnusableCaError', message: expect.stringMatching(message) as string }),
    );
    await expect(issueCertificate(given(), { principal: principal('agent', 'a'), now })).rejects.toBeInstanceOf(
      UnusableCaError,
    );
  });
});
