import type * as X509 from '@peculiar/x509';
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { principalUri, type Principal } from './tls.js';

/*
 * A development certificate authority: the pure part of `tessera certs`. It
 * makes keys and certificates in memory and hands them back as PEM; writing
 * them anywhere is the caller's business. Keys are ECDSA P-256, signatures
 * ECDSA with SHA-256, certificates X.509 v3 built by @peculiar/x509 over
 * Node's WebCrypto.
 */

const crypto = webcrypto;

let loading: Promise<typeof X509> | undefined;
/**
 * @peculiar/x509, loaded on first use. NOTE: it resolves its algorithms through
 * tsyringe, which needs the Reflect metadata polyfill (a global) loaded first;
 * loading both lazily keeps them, and their ~0.4 s of start-up, out of every
 * process that imports the runtime but never makes a certificate.
 */
function x509Library(): Promise<typeof X509> {
  loading ??= (async () => {
    await import('reflect-metadata');
    const library = await import('@peculiar/x509');
    library.cryptoProvider.set(crypto);
    return library;
  })();
  return loading;
}

const EC_KEY: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

/** A certificate and its private key, PEM (the key PKCS#8, unencrypted). */
export interface PemCredentials {
  readonly certPem: string;
  readonly keyPem: string;
}

/** How long a development CA is valid by default: 365 days. */
export const DEFAULT_CA_DAYS = 365;
/** How long an issued certificate is valid by default: 365 days, or until its CA expires if sooner. */
export const DEFAULT_CERTIFICATE_DAYS = 365;
/** The names a certificate is issued for when none are given: this machine, by name and by IPv4 loopback. */
export const DEFAULT_HOSTS: readonly string[] = ['localhost', '127.0.0.1'];
/** The longest validity accepted, in days (10 years). */
export const MAX_DAYS = 3650;

/**
 * NOTE: certificates start being valid this long before `now`, so that a
 * machine whose clock is a little behind the issuer's accepts them at once.
 */
const BACKDATE_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** A validity in days that is not a whole number from 1 to MAX_DAYS. */
export class InvalidValidityError extends Error {
  override readonly name = 'InvalidValidityError';
  constructor(readonly days: number) {
    super(`bad validity ${days} days: give a whole number of days from 1 to ${MAX_DAYS}`);
  }
}

/** A host that is neither an IP address nor a DNS name (letters, digits, "-", dots; "*." allowed first). */
export class InvalidHostError extends Error {
  override readonly name = 'InvalidHostError';
  constructor(readonly host: string) {
    super(`bad host "${host}": give a DNS name (e.g. master-0.tessera.internal) or an IP address (e.g. 10.0.0.7)`);
  }
}

/** The CA given to `issueCertificate` cannot sign: why is in the message. */
export class UnusableCaError extends Error {
  override readonly name = 'UnusableCaError';
}

/** A certificate asked to be valid after its CA expires (peers would refuse it from then on). */
export class OutlivesCaError extends Error {
  override readonly name = 'OutlivesCaError';
  constructor(
    readonly days: number,
    readonly caNotAfter: Date,
  ) {
    super(
      `a certificate valid for ${days} days would outlive its CA, which expires on ${caNotAfter.toISOString()}: ` +
        'give fewer days, or make a new CA',
    );
  }
}

function checkDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new InvalidValidityError(days);
  return days;
}

const DNS_NAME = /^(\*\.)?(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/;

/** The SAN entry for a host: an IP address (v4 or v6) or a DNS name; throws InvalidHostError otherwise. */
function hostName(host: string): X509.JsonGeneralName {
  if (isIP(host) !== 0) return { type: 'ip', value: host };
  if (host.length <= 253 && DNS_NAME.test(host)) return { type: 'dns', value: host };
  throw new InvalidHostError(host);
}

async function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  const x509 = await x509Library();
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

const randomHex = (bytes: number): string => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');

export interface CreateDevCaOptions {
  /** The current time: the CA is valid from (a few minutes before) it. */
  readonly now: Date;
  /** Validity in days, 1 to MAX_DAYS. Default DEFAULT_CA_DAYS. */
  readonly days?: number | undefined;
}

/**
 * Makes a development CA: a new P-256 key and a self-signed certificate that
 * may sign end-entity certificates only (basic constraints CA, path length 0;
 * key usage keyCertSign and cRLSign). Its common name is "Tessera development
 * CA" and a random suffix, so that two CAs are told apart. Throws
 * InvalidValidityError for bad `days`.
 */
export async function createDevCa(options: CreateDevCaOptions): Promise<PemCredentials> {
  const days = checkDays(options.days ?? DEFAULT_CA_DAYS);
  const x509 = await x509Library();
  const keys = await newKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=Tessera development CA ${randomHex(4)}, O=Tessera`,
    keys,
    signingAlgorithm: SIGNING,
    notBefore: new Date(options.now.getTime() - BACKDATE_MS),
    notAfter: new Date(options.now.getTime() + days * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

export interface IssueCertificateOptions {
  /** Who the certificate speaks for: written as the URI SAN `spiffe://tessera/<kind>/<name>`. */
  readonly principal: Principal;
  /** DNS names and IP addresses the holder is reached at (DNS/IP SANs). Default DEFAULT_HOSTS. */
  readonly hosts?: readonly string[] | undefined;
  /** The current time: the certificate is valid from (a few minutes before) it. */
  readonly now: Date;
  /**
   * Validity in days, 1 to MAX_DAYS; it may not reach past the CA's expiry
   * (OutlivesCaError). Default DEFAULT_CERTIFICATE_DAYS, cut short to the CA's expiry.
   */
  readonly days?: number | undefined;
}

/** The CA's certificate and signing key, checked: a CA certificate, valid at `now`, whose key is this P-256 key. */
async function signingCa(
  ca: PemCredentials,
  now: Date,
): Promise<{ certificate: X509.X509Certificate; key: webcrypto.CryptoKey }> {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(ca.certPem);
  } catch (cause) {
    throw new UnusableCaError(`the CA certificate does not parse: ${(cause as Error).message}`, { cause });
  }
  if (!certificate.ca) throw new UnusableCaError(`the CA certificate (${certificate.subject}) is not a CA certificate`);
  const notAfter = new Date(certificate.validTo);
  if (now > notAfter)
    throw new UnusableCaError(`the CA expired on ${notAfter.toISOString()}: make a new one (and new certificates)`);
  let privateKey;
  try {
    privateKey = createPrivateKey(ca.keyPem);
  } catch (cause) {
    throw new UnusableCaError(`the CA key does not parse: ${(cause as Error).message}`, { cause });
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new UnusableCaError('the CA key is not an ECDSA P-256 key');
  if (!certificate.checkPrivateKey(privateKey))
    throw new UnusableCaError('the CA key is not the key of the CA certificate');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, EC_KEY, false, ['sign']);
  const x509 = await x509Library();
  return { certificate: new x509.X509Certificate(certificate.raw), key };
}

/**
 * Issues a certificate for `principal`, signed by `ca` (as made by
 * `createDevCa`): a new P-256 key; subject "CN=<name>, OU=<kind>, O=Tessera";
 * SANs the principal's URI and `hosts`; extended key usage serverAuth and
 * clientAuth (one certificate for both sides of mutual TLS); not a CA. Throws
 * InvalidHostError, InvalidValidityError, OutlivesCaError, or UnusableCaError
 * (the CA does not parse, is not a CA, has expired, or its key is not its own
 * P-256 key).
 */
export async function issueCertificate(ca: PemCredentials, options: IssueCertificateOptions): Promise<PemCredentials> {
  const hostNames = (options.hosts ?? DEFAULT_HOSTS).map(hostName);
  if (options.days !== undefined) checkDays(options.days);
  const issuer = await signingCa(ca, options.now);
  const caNotAfter = issuer.certificate.notAfter;
  let notAfter = new Date(options.now.getTime() + (options.days ?? DEFAULT_CERTIFICATE_DAYS) * DAY_MS);
  if (notAfter > caNotAfter) {
    if (options.days !== undefined) throw new OutlivesCaError(options.days, caNotAfter);
    notAfter = caNotAfter;
  }
  const x509 = await x509Library();
  const keys = await newKeyPair();
  const { kind, name } = options.principal;
  const certificate = await x509.X509CertificateGenerator.create({
    subject: `CN=${name}, OU=${kind}, O=Tessera`,
    issuer: issuer.certificate.subject,
    publicKey: keys.publicKey,
    signingKey: issuer.key,
    signingAlgorithm: SIGNING,
    notBefore: new Date(options.now.getTime() - BACKDATE_MS),
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: principalUri(options.principal) }, ...hostNames]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}
