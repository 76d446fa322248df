import { AuthenticationError } from './errors.js';
import { isPrincipalKind, PRINCIPAL_KINDS, principalNameProblem, type Principal } from './principal.js';

/** The SPIFFE trust domain of Tessera's certificates. */
export const TESSERA_TRUST_DOMAIN = 'tessera';

/**
 * The principal named by a client certificate's SPIFFE ID, `spiffe://tessera/<kind>/<name>`: kind one of
 * PRINCIPAL_KINDS, name a valid principal name. Anything else (another trust domain, another shape, an
 * unknown kind) is an AuthenticationError: a certificate that names no Tessera principal proves nothing.
 * The TLS layer must have verified the certificate chain before calling this.
 */
export function principalFromSpiffe(
  uri: string,
  trustDomain: string = TESSERA_TRUST_DOMAIN,
): Principal | AuthenticationError {
  const refuse = (why: string) =>
    new AuthenticationError('invalid-certificate', `certificate SPIFFE ID ${JSON.stringify(uri)} ${why}`);
  const match = /^spiffe:\/\/([^/]*)\/([^/]*)\/([^/]*)$/i.exec(uri);
  if (match === null) return refuse(`is not of the form spiffe://${trustDomain}/<kind>/<name>`);
  const [, domain = '', kind = '', name = ''] = match;
  // NOTE: SPIFFE trust domains are case-insensitive; path segments are not.
  if (domain.toLowerCase() !== trustDomain.toLowerCase())
    return refuse(`is of trust domain ${JSON.stringify(domain)}, not ${JSON.stringify(trustDomain)}`);
  if (!isPrincipalKind(kind)) return refuse(`names kind ${JSON.stringify(kind)}; known: ${PRINCIPAL_KINDS.join(', ')}`);
  const problem = principalNameProblem(name);
  if (problem !== undefined) return refuse(`names no valid principal: ${problem}`);
  return { name, kind, via: 'certificate' };
}
