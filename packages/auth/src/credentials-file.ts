import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Credentials, type Credential } from './credentials.js';
import { CredentialsFileError } from './errors.js';
import { formatPath, isPlainObject, parseDocument } from './file-format.js';
import { PRINCIPAL_KINDS, principalNameProblem } from './principal.js';

const credentialSchema = z.strictObject(
  {
    principal: z.string({ error: 'principal must be a string' }),
    secret: z.string({ error: 'secret must be a string' }),
    kind: z.enum(PRINCIPAL_KINDS, { error: `kind must be one of ${PRINCIPAL_KINDS.join(', ')}` }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (an entry has principal, secret and kind)`
        : undefined,
  },
);

/**
 * The credentials in a credentials file's text, Mesos's JSON shape (or the same in YAML):
 * `{ "credentials": [ { "principal": "ops", "secret": "s3cret", "kind": "operator" } ] }`.
 * `fileName` chooses the syntax (`.json`: JSON, otherwise YAML) and names the file in errors.
 *
 * Throws CredentialsFileError listing every problem, each naming its entry: not a list of entries, unknown
 * keys, an invalid principal name, an empty secret or one with whitespace or non-ASCII characters (it could
 * not be sent as a Bearer token), an unknown kind, a principal given twice, a secret shared by two principals
 * (a Bearer token must name one principal), or no entry at all.
 */
export function parseCredentials(text: string, fileName: string): Credentials {
  const document = parseDocument(text, fileName);
  if (!document.ok) throw new CredentialsFileError(fileName, [document.problem]);
  const raw = document.value;
  if (!isPlainObject(raw) || !Array.isArray(raw['credentials']))
    throw new CredentialsFileError(fileName, ['expected { credentials: [ { principal, secret, kind }, … ] }']);
  const unknownKeys = Object.keys(raw).filter((k) => k !== 'credentials');
  const problems: string[] = unknownKeys.map((k) => `unknown top-level key ${JSON.stringify(k)}`);

  const entries: unknown[] = raw['credentials'];
  if (entries.length === 0) problems.push('lists no credentials');
  const valid: Array<{ index: number; credential: Credential }> = [];
  const byPrincipal = new Map<string, number>();
  entries.forEach((entry, index) => {
    const label = entryLabel(entry, index);
    const principal = isPlainObject(entry) ? entry['principal'] : undefined;
    if (typeof principal === 'string' && principal !== '') {
      const earlier = byPrincipal.get(principal);
      if (earlier !== undefined)
        problems.push(`${label}: principal ${JSON.stringify(principal)} is also credentials[${earlier}]`);
      else byPrincipal.set(principal, index);
    }
    const parsed = credentialSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = formatPath(issue.path);
        problems.push(`${label}: ${path === '' ? '' : `${path}: `}${issue.message}`);
      }
      return;
    }
    const credential = parsed.data;
    const entryProblems = [principalNameProblem(credential.principal), secretProblem(credential.secret)].filter(
      (p): p is string => p !== undefined,
    );
    for (const p of entryProblems) problems.push(`${label}: ${p}`);
    if (entryProblems.length === 0) valid.push({ index, credential });
  });

  const bySecret = new Map<string, { index: number; principal: string }>();
  for (const { index, credential } of valid) {
    const label = entryLabel(credential, index);
    const sharing = bySecret.get(credential.secret);
    if (sharing !== undefined && sharing.principal !== credential.principal)
      problems.push(
        `${label}: has the same secret as credentials[${sharing.index}] (${JSON.stringify(sharing.principal)}); a Bearer token must name one principal`,
      );
    else if (sharing === undefined) bySecret.set(credential.secret, { index, principal: credential.principal });
  }

  if (problems.length > 0) throw new CredentialsFileError(fileName, problems);
  return Credentials.fromValidated(valid.map((v) => v.credential));
}

/** parseCredentials of the file at `path` (errors name the path). */
export async function loadCredentials(path: string): Promise<Credentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CredentialsFileError(
      path,
      [`cannot be read: ${error instanceof Error ? error.message : String(error)}`],
      {
        cause: error,
      },
    );
  }
  return parseCredentials(text, path);
}

/** `credentials[1] ("ops")`, or `credentials[1]` when the entry has no principal string. */
function entryLabel(entry: unknown, index: number): string {
  const principal = isPlainObject(entry) ? entry['principal'] : undefined;
  return typeof principal === 'string' && principal !== ''
    ? `credentials[${index}] (${JSON.stringify(principal)})`
    : `credentials[${index}]`;
}

/** Printable ASCII without spaces: what an Authorization header can carry as a Bearer token. */
const SECRET = /^[\x21-\x7e]+$/;

function secretProblem(secret: string): string | undefined {
  if (secret === '') return 'secret must not be empty';
  if (!SECRET.test(secret))
    return 'secret may only hold printable ASCII characters without spaces (it must fit in an Authorization header)';
  return undefined;
}
