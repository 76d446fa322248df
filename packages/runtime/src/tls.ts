import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { ConfigError, settingNames } from './config.js';

/*
 * Mutual TLS for gRPC, and who is at the other end.
 *
 * Every process that speaks gRPC holds one certificate, signed by the cluster's
 * CA, that names its principal in a URI subject alternative name
 * `spiffe://tessera/<kind>/<name>` (the SPIFFE ID shape, trust domain
 * "tessera"). The same certificate serves both ways: as a server's identity to
 * its clients and as a client's identity to the servers it calls, so it carries
 * the DNS/IP names the process is reached by as well.
 */

/**
 * The kinds of principal, one per kind of process that speaks gRPC:
 *
 * - `master`, `allocator`, `agent`: the services of level one, each instance its own name;
 * - `marathon`, `chronos`: the first-party frameworks' services (to the master they are
 *   frameworks; the kind says which service a process is, e.g. for their own gRPC servers);
 * - `framework`: any other framework's scheduler (`tessera run`, a user's framework);
 * - `operator`: a person or tool using the Operator API and the CLI.
 */
export const PRINCIPAL_KINDS = [
  'master',
  'allocator',
  'agent',
  'marathon',
  'chronos',
  'framework',
  'operator',
] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/** Who a certificate speaks for: a kind and a name unique within the kind (e.g. agent "node-17"). */
export interface Principal {
  readonly kind: PrincipalKind;
  readonly name: string;
}

/** The SPIFFE trust domain of Tessera's principals. */
export const TRUST_DOMAIN = 'tessera';

/**
 * A principal's name: 1 to 64 characters of letters, digits, ".", "_" and "-",
 * starting with a letter or digit. NOTE: it is also a file name (`tessera certs`
 * writes NAME.pem) and a URI path segment, so nothing that needs escaping in either.
 */
export const PRINCIPAL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A principal's kind or name was not one Tessera knows. */
export class InvalidPrincipalError extends Error {
  override readonly name = 'InvalidPrincipalError';
}

export const isPrincipalKind = (kind: string): kind is PrincipalKind =>
  (PRINCIPAL_KINDS as readonly string[]).includes(kind);

/** Checks a kind and name; throws InvalidPrincipalError saying what is wrong and what is allowed. */
export function principal(kind: string, name: string): Principal {
  if (!isPrincipalKind(kind))
    throw new InvalidPrincipalError(`unknown principal kind "${kind}" (known: ${PRINCIPAL_KINDS.join(', ')})`);
  if (!PRINCIPAL_NAME_PATTERN.test(name))
    throw new InvalidPrincipalError(
      `bad ${kind} name "${name}": use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  return { kind, name };
}

/** The URI SAN that names `principal`: `spiffe://tessera/<kind>/<name>`. */
export const principalUri = (principal: Principal): string =>
  `spiffe://${TRUST_DOMAIN}/${principal.kind}/${principal.name}`;

const PRINCIPAL_URI = /^spiffe:\/\/tessera\/([a-z]+)\/([^/]+)$/;

/** The principal a URI names, or undefined when it is not a Tessera principal URI of a known kind and a valid name. */
export function principalFromUri(uri: string): Principal | undefined {
  const match = PRINCIPAL_URI.exec(uri);
  if (match === null) return undefined;
  const [, kind = '', name = ''] = match;
  return isPrincipalKind(kind) && PRINCIPAL_NAME_PATTERN.test(name) ? { kind, name } : undefined;
}

/**
 * The URIs among a certificate's subject alternative names. Node writes them as
 * `URI:value`, comma-separated, and quotes (JSON) a value holding a comma or quote.
 */
function uriNames(subjectAltName: string): string[] {
  const uris: string[] = [];
  const entry = /(?:^|, )URI:(?:("(?:[^"\\]|\\.)*")|([^,]*))/g;
  for (const match of subjectAltName.matchAll(entry)) {
    const quoted = match[1];
    uris.push(quoted !== undefined ? (JSON.parse(quoted) as string) : (match[2] ?? ''));
  }
  return uris;
}

/**
 * The principal a certificate names in its `spiffe://tessera/...` URI SAN.
 * Undefined when it names none, or more than one (an ambiguous certificate
 * speaks for nobody). Accepts PEM (the first certificate), DER, or a parsed
 * certificate; throws when the bytes are not a certificate. Does not check the
 * signature or validity: the TLS handshake did, for a peer's certificate.
 */
export function principalFromCertificate(certificate: string | Buffer | X509Certificate): Principal | undefined {
  const parsed = certificate instanceof X509Certificate ? certificate : new X509Certificate(certificate);
  const named = uriNames(parsed.subjectAltName ?? '')
    .map(principalFromUri)
    .filter((p): p is Principal => p !== undefined);
  return named.length === 1 ? named[0] : undefined;
}

/** A gRPC server call of any kind (unary, streaming): what `peerPrincipal` reads. */
export interface CallWithAuthContext {
  getAuthContext(): { sslPeerCertificate?: { raw?: Buffer } } | null;
}

/**
 * The principal of the client of a server call: from the certificate it
 * presented, which the handshake verified against the server's CA. Undefined
 * on a plaintext server, and for a certificate that names no principal.
 */
export function peerPrincipal(call: CallWithAuthContext): Principal | undefined {
  const raw = call.getAuthContext()?.sslPeerCertificate?.raw;
  return raw === undefined ? undefined : principalFromCertificate(raw);
}

/**
 * The TLS settings every service's configuration schema spreads in:
 * `z.object({ ...tlsConfigFields, ... })`. File paths (PEM): `tlsCert` the
 * process's certificate (`--tls-cert`, `TESSERA_TLS_CERT`), optionally followed by
 * intermediates; `tlsKey` its private key (`--tls-key`, `TESSERA_TLS_KEY`);
 * `tlsCa` the CA certificates that peers' certificates must chain to
 * (`--tls-ca`, `TESSERA_TLS_CA`). All three or none: none is plaintext, the
 * development default. `loadTls` checks them together and reads the files.
 */
export const tlsConfigFields = {
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  tlsCa: z.string().min(1).optional(),
};

export interface TlsConfig {
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly tlsCa?: string | undefined;
}

/** What a process needs for mutual TLS on gRPC, read from the files once. */
export interface GrpcTls {
  /** PEM: the CA certificates a peer's certificate must chain to. */
  readonly ca: Buffer;
  /** PEM: this process's certificate (and any intermediates after it). */
  readonly cert: Buffer;
  /** PEM: this process's private key. */
  readonly key: Buffer;
  /** Who this process is, as its certificate names it (undefined when it names no Tessera principal). */
  readonly principal: Principal | undefined;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM file, in order; throws when there are none or one does not parse. */
function pemCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error('holds no PEM certificate');
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (cause) {
      throw new Error(`certificate ${index + 1} does not parse: ${(cause as Error).message}`, { cause });
    }
  });
}

/** Whether `chain[0]` chains, through `chain`'s other certificates, to one of `roots` (issuer names and signatures). */
function chainsTo(chain: readonly X509Certificate[], roots: readonly X509Certificate[]): boolean {
  let current = chain[0];
  for (let step = 0; current !== undefined && step <= chain.length; step++) {
    const child: X509Certificate = current;
    if (roots.some((root) => child.checkIssued(root) && child.verify(root.publicKey))) return true;
    current = chain.find((c) => c !== child && child.checkIssued(c) && child.verify(c.publicKey));
  }
  return false;
}

/**
 * Checks the TLS settings and reads their files, once (a renewed certificate
 * takes a restart). Undefined when none is set: plaintext. Throws ConfigError
 * (for `service`) naming every problem at once: only some of the three set
 * ("--tls-cert, --tls-key and --tls-ca go together"); a file that cannot be
 * read or holds no certificate or key; a key that does not match the
 * certificate; a certificate that does not chain to the CA, or that is not
 * valid at `now` (default: the current time).
 */
export function loadTls(config: TlsConfig, service: string, now: Date = new Date()): GrpcTls | undefined {
  const fields = ['tlsCert', 'tlsKey', 'tlsCa'] as const;
  const given = fields.filter((field) => config[field] !== undefined);
  if (given.length === 0) return undefined;
  const flag = (field: (typeof fields)[number]) => settingNames(field).flag;
  const label = (field: (typeof fields)[number]) => settingNames(field).flag.slice(2);
  if (given.length < fields.length) {
    const missing = fields.filter((field) => config[field] === undefined);
    const list = (names: string[]) => names.join(' and ');
    throw new ConfigError(service, [
      `--tls-cert, --tls-key and --tls-ca go together: ${list(given.map(flag))} ${given.length === 1 ? 'is' : 'are'} set, ` +
        `${list(missing.map(flag))} not (give ${list(missing.map((field) => `${flag(field)} (${settingNames(field).env})`))}, or none of the three for plaintext)`,
    ]);
  }
  const problems: string[] = [];
  const read = (field: (typeof fields)[number]): Buffer | undefined => {
    const file = config[field] ?? '';
    try {
      return readFileSync(file);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      problems.push(
        `${label(field)}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (cause as Error).message}`,
      );
      return undefined;
    }
  };
  const parse = <T>(field: (typeof fields)[number], bytes: Buffer | undefined, how: (pem: string) => T) => {
    if (bytes === undefined) return undefined;
    try {
      return how(bytes.toString('utf8'));
    } catch (cause) {
      problems.push(`${label(field)}: ${config[field]} ${(cause as Error).message}`);
      return undefined;
    }
  };
  const cert = read('tlsCert');
  const key = read('tlsKey');
  const ca = read('tlsCa');
  const chain = parse('tlsCert', cert, pemCertificates);
  const roots = parse('tlsCa', ca, pemCertificates);
  const privateKey = parse('tlsKey', key, (pem): KeyObject => {
    try {
      return createPrivateKey(pem);
    } catch (cause) {
      throw new Error('holds no PEM private key', { cause });
    }
  });
  const leaf = chain?.[0];
  if (leaf !== undefined) {
    const [notBefore, notAfter] = [new Date(leaf.validFrom), new Date(leaf.validTo)];
    if (now < notBefore) problems.push(`tls-cert: ${config.tlsCert} is not valid before ${notBefore.toISOString()}`);
    if (now > notAfter) problems.push(`tls-cert: ${config.tlsCert} expired on ${notAfter.toISOString()}`);
    if (privateKey !== undefined && !leaf.checkPrivateKey(privateKey))
      problems.push(`tls-key: ${config.tlsKey} is not the key of the certificate in ${config.tlsCert}`);
    if (roots !== undefined && !chainsTo(chain ?? [], roots))
      problems.push(`tls-cert: ${config.tlsCert} is not signed by the CA in ${config.tlsCa}`);
  }
  if (problems.length > 0 || cert === undefined || key === undefined || ca === undefined || leaf === undefined)
    throw new ConfigError(service, problems);
  return { ca, cert, key, principal: principalFromCertificate(leaf) };
}

/**
 * Server credentials: with `tls`, TLS that requires and verifies a client
 * certificate against `tls.ca` (mutual TLS); without, plaintext.
 */
export function serverCredentials(tls?: GrpcTls): grpc.ServerCredentials {
  if (tls === undefined) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], true);
}

/**
 * The kind of principal that serves each gRPC service of Tessera's. A client of one of these services accepts only a
 * server certificate naming a principal of this kind, so that no other certificate of the cluster's CA (an agent's,
 * say, on a stolen address) can pose as a master or an allocator.
 */
export const SERVER_KINDS: Readonly<Record<string, PrincipalKind>> = {
  'tessera.v1.Scheduler': 'master',
  'tessera.v1.AgentRegistry': 'master',
  'tessera.v1.Operator': 'master',
  'tessera.v1.Allocator': 'allocator',
  'tessera.v1.Agent': 'agent',
  'tessera.v1.Marathon': 'marathon',
  'tessera.v1.Chronos': 'chronos',
};

/**
 * The server check of a client that expects a server of `kind`: the host name or IP address (Node's own check),
 * then the principal the certificate names. Answers the error that fails the handshake, or undefined.
 */
export function serverIdentityCheck(
  kind: PrincipalKind,
): (host: string, certificate: PeerCertificate) => Error | undefined {
  return (host, certificate) => {
    const hostProblem = checkServerIdentity(host, certificate);
    if (hostProblem !== undefined) return hostProblem;
    const named = certificate.raw === undefined ? undefined : principalFromCertificate(certificate.raw);
    if (named?.kind === kind) return undefined;
    return new Error(
      `the server at ${host} is not a ${kind}: its certificate names ${named === undefined ? 'no Tessera principal' : `${named.kind} "${named.name}"`}`,
    );
  };
}

/**
 * Channel credentials: with `tls`, TLS that presents `tls.cert` and verifies the
 * server's certificate against `tls.ca` and the host name or IP address of the
 * target (so a server's certificate must name, in its DNS/IP SANs, the address
 * clients dial), and, with `serverKind`, that it names a principal of that kind;
 * without `tls`, plaintext.
 */
export function channelCredentials(tls?: GrpcTls, serverKind?: PrincipalKind): grpc.ChannelCredentials {
  if (tls === undefined) return grpc.credentials.createInsecure();
  quietIpServerNameWarning();
  return grpc.credentials.createSsl(
    tls.ca,
    tls.key,
    tls.cert,
    serverKind === undefined ? {} : { checkServerIdentity: serverIdentityCheck(serverKind) },
  );
}

let quieted = false;
/**
 * Drops Node's DEP0123 warning ("Setting the TLS ServerName to an IP address is
 * not permitted by RFC 6066"), once per process, and no other warning. NOTE:
 * grpc-js sends the target's host as SNI even when it is an IP address
 * (127.0.0.1:5050), which Node warns about on stderr; nothing depends on SNI
 * here (the server's certificate is checked against the IP SANs), and the
 * warning would end up in every CLI command's output.
 */
function quietIpServerNameWarning(): void {
  if (quieted) return;
  quieted = true;
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const first = rest[0];
    const code =
      typeof first === 'object' && first !== null ? (first as { code?: unknown }).code : (rest[1] as unknown);
    if (code === 'DEP0123') return;
    (emitWarning as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** A server call of any kind (unary, streaming) whose caller is authenticated: its TLS peer and its metadata. */
export type AuthenticatedCall = CallWithAuthContext & { readonly metadata: grpc.Metadata };

/** The metadata key of `Bearer <secret>` / `Basic base64(principal:secret)` credentials. */
export const AUTHORIZATION_METADATA = 'authorization';

/**
 * What the caller of a gRPC server call presented, in the shape @tessera/auth's `authenticateCaller` checks: the
 * principal of its verified client certificate (none on plaintext) and its `authorization` metadata values.
 */
export function presentedCredentials(call: AuthenticatedCall): {
  readonly certificate: Principal | undefined;
  readonly authorization: readonly (string | Buffer)[];
  readonly transport: 'grpc';
} {
  return {
    certificate: peerPrincipal(call),
    authorization: call.metadata.get(AUTHORIZATION_METADATA),
    transport: 'grpc',
  };
}
