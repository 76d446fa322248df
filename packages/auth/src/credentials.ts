import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from './errors.js';
import { ANONYMOUS, type Principal, type PrincipalKind } from './principal.js';

/** One entry of a credentials file: a principal, its secret, and optionally what kind of principal it is. */
export interface Credential {
  readonly principal: string;
  readonly secret: string;
  readonly kind?: PrincipalKind;
}

interface StoredCredential {
  readonly principal: string;
  readonly kind?: PrincipalKind;
  /** SHA-256 of the secret: secrets are compared as equal-length digests, in constant time. */
  readonly digest: Buffer;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
/** Compared against when Basic names an unknown principal, so that its timing says nothing. */
const NO_SUCH_SECRET = sha256('\u0000no such principal\u0000');
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** `<scheme> <credentials>`: an RFC 7235 token, whitespace, one token68-like word. */
const AUTHORIZATION = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:[ \t]+(\S+))?$/;

/**
 * The principals a service accepts and their secrets (from `--credentials FILE`), and the check of what a
 * caller presents. Only SHA-256 digests of the secrets are kept. Immutable; safe to share.
 */
export class Credentials {
  // NOTE: #private, so that neither JSON.stringify nor util.inspect shows the digests (a weak secret's
  // digest, once logged, can be guessed offline).
  readonly #entries: readonly StoredCredential[];
  readonly #byPrincipal: ReadonlyMap<string, StoredCredential>;

  private constructor(entries: readonly StoredCredential[]) {
    this.#entries = entries;
    this.#byPrincipal = new Map(entries.map((e) => [e.principal, e]));
  }

  /** No credentials file: callers without a credential are anonymous; any presented credential is refused. */
  static none(): Credentials {
    return new Credentials([]);
  }

  /**
   * Credentials from entries already validated (as parseCredentials does): unique principals, unique
   * non-empty secrets. Use parseCredentials or loadCredentials for a file.
   */
  static fromValidated(credentials: readonly Credential[]): Credentials {
    const entries = credentials.map((c): StoredCredential => ({
      principal: c.principal,
      ...(c.kind !== undefined ? { kind: c.kind } : {}),
      digest: sha256(c.secret),
    }));
    return new Credentials(entries);
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The principals' names, in file order. */
  get principals(): readonly string[] {
    return this.#entries.map((e) => e.principal);
  }

  /**
   * Who an HTTP `Authorization` header (or gRPC `authorization` metadata value) proves the caller is:
   * - absent (undefined): the anonymous caller (the service's policy decides whether it is let in);
   * - `Bearer <secret>`: the principal whose secret it is (via 'token');
   * - `Basic base64(<principal>:<secret>)`: that principal, if the secret is its own (via 'basic').
   * Scheme names are case-insensitive. Anything else presented, including an empty value, a wrong secret,
   * an unknown principal or any credential when there are no credentials, is an AuthenticationError:
   * presenting a credential never falls back to anonymous. Secrets are compared in constant time.
   */
  authenticate(authorization: string | undefined): Principal | AuthenticationError {
    if (authorization === undefined) return ANONYMOUS;
    const match = AUTHORIZATION.exec(authorization.trim());
    if (match === null) return malformed('the authorization value is not "<scheme> <credentials>"');
    const [, scheme = '', presented] = match;
    // NOTE: a lone word may be a secret sent without its scheme: it is never repeated in the refusal.
    if (presented === undefined) return malformed('the authorization value is not "<scheme> <credentials>"');
    const kind = scheme.toLowerCase();
    if (kind !== 'bearer' && kind !== 'basic')
      return new AuthenticationError(
        'unsupported-scheme',
        `authorization scheme ${JSON.stringify(scheme)} is not supported; use Bearer or Basic`,
      );
    if (this.#entries.length === 0)
      return new AuthenticationError(
        'no-credentials',
        'a credential was presented, but this service has no credentials to check it against (no --credentials file)',
      );
    return kind === 'bearer' ? this.bearer(presented) : this.basic(presented);
  }

  /**
   * `authenticate` for the values of gRPC metadata key `authorization` (`metadata.get('authorization')`):
   * none is anonymous, one is authenticated, several (or a binary value) are refused as malformed.
   */
  authenticateMetadata(values: readonly (string | Buffer)[]): Principal | AuthenticationError {
    if (values.length === 0) return ANONYMOUS;
    const [value] = values;
    if (values.length > 1) return malformed(`${values.length} authorization values were sent; send one`);
    if (typeof value !== 'string') return malformed('the authorization value is binary; send text');
    return this.authenticate(value);
  }

  private bearer(secret: string): Principal | AuthenticationError {
    const digest = sha256(secret);
    let found: StoredCredential | undefined;
    // NOTE: every entry is compared, with no early exit, so the time taken says nothing about which matched.
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry;
    }
    if (found === undefined)
      return new AuthenticationError('invalid-credentials', 'the bearer token matches no credential');
    return principalOf(found, 'token');
  }

  private basic(encoded: string): Principal | AuthenticationError {
    if (!BASE64.test(encoded)) return malformed('the Basic credentials are not base64');
    let decoded: string;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
    } catch (error) {
      return malformed('the Basic credentials are not UTF-8', error);
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) return malformed('the Basic credentials are not "<principal>:<secret>"');
    const name = decoded.slice(0, colon);
    const entry = this.#byPrincipal.get(name);
    const equal = timingSafeEqual(entry?.digest ?? NO_SUCH_SECRET, sha256(decoded.slice(colon + 1)));
    if (entry === undefined || !equal)
      // NOTE: one answer for an unknown principal and a wrong secret, so that principals cannot be probed.
      return new AuthenticationError(
        'invalid-credentials',
        `unknown principal or wrong secret for principal ${JSON.stringify(name)}`,
      );
    return principalOf(entry, 'basic');
  }
}

function principalOf(entry: StoredCredential, via: 'token' | 'basic'): Principal {
  return entry.kind === undefined ? { name: entry.principal, via } : { name: entry.principal, kind: entry.kind, via };
}

function malformed(message: string, cause?: unknown): AuthenticationError {
  return new AuthenticationError('malformed', message, cause === undefined ? undefined : { cause });
}
