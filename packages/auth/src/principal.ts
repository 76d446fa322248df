/** What a principal is in the cluster. Informational: ACLs match principals by name only. */
export const PRINCIPAL_KINDS = [
  'master',
  'agent',
  'framework',
  'operator',
  'allocator',
  'marathon',
  'chronos',
] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/**
 * How a caller proved who it is: a client certificate's SPIFFE ID, `Authorization: Bearer <secret>`,
 * `Authorization: Basic base64(principal:secret)`, or nothing at all.
 */
export type PrincipalVia = 'certificate' | 'token' | 'basic' | 'anonymous';

/**
 * An authenticated identity (or the anonymous caller), as ACLs see it.
 *
 * Names are one namespace across kinds: an ACL value "ops" matches the principal named "ops" whatever its
 * kind, so a credentials file and a certificate authority must not give one name to two identities.
 */
export interface Principal {
  /** The principal's name; '' for the anonymous caller only. */
  readonly name: string;
  readonly kind?: PrincipalKind;
  readonly via: PrincipalVia;
}

/**
 * The caller that presented no credential. In ACLs it is matched like Mesos's request without a principal:
 * by a `principals` entity of type ANY (which allows) or NONE (which denies), never by a `values` list.
 * Whether an anonymous caller is let in at all is the service's authentication policy, decided before ACLs.
 */
export const ANONYMOUS: Principal = Object.freeze({ name: '', via: 'anonymous' });

/** Whether `principal` is the anonymous caller (no credential presented). */
export function isAnonymous(principal: Principal): boolean {
  return principal.via === 'anonymous' || principal.name === '';
}

export function isPrincipalKind(value: string): value is PrincipalKind {
  return (PRINCIPAL_KINDS as readonly string[]).includes(value);
}

/** Longest principal name accepted, in characters. */
export const MAX_PRINCIPAL_NAME_LENGTH = 256;

/**
 * Letters, digits and `. _ @ + = -`, starting with a letter or digit: no ':' (it ends the principal in
 * Basic credentials), no '/' (it separates a SPIFFE ID's segments), no whitespace (names appear in logs).
 */
const PRINCIPAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+=-]*$/;

/** What is wrong with `name` as a principal name, or undefined when it is a valid one. */
export function principalNameProblem(name: string): string | undefined {
  if (name === '') return 'a principal name must not be empty';
  if (name.length > MAX_PRINCIPAL_NAME_LENGTH)
    return `a principal name has at most ${MAX_PRINCIPAL_NAME_LENGTH} characters (this one has ${name.length})`;
  if (!PRINCIPAL_NAME.test(name))
    return `principal name ${JSON.stringify(name)} may only hold letters, digits and . _ @ + = - (starting with a letter or digit)`;
  return undefined;
}

/** The principal as refusal messages and logs name it: `"ops"`, or `anonymous`. */
export function describePrincipal(principal: Principal | string): string {
  const name = typeof principal === 'string' ? principal : isAnonymous(principal) ? '' : principal.name;
  return name === '' ? 'anonymous' : JSON.stringify(name);
}
