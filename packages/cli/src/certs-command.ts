import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  PRINCIPAL_KINDS,
  principal,
  principalUri,
  createDevCa,
  DEFAULT_CA_DAYS,
  DEFAULT_CERTIFICATE_DAYS,
  DEFAULT_HOSTS,
  issueCertificate,
  MAX_DAYS,
  type PemCredentials,
} from '@tessera/runtime';

/*
 * `tessera certs`: a development CA and certificates for mutual TLS, as files
 * in one directory:
 *
 *   DIR/ca.pem         the CA certificate: every process's --tls-ca
 *   DIR/ca-key.pem     the CA key: only `tessera certs issue` reads it
 *   DIR/NAME.pem       a process's certificate: its --tls-cert
 *   DIR/NAME-key.pem   its key: its --tls-key
 *
 * Keys are written readable by their owner only (0600), the directory is made
 * 0700. The certificates themselves are made by the runtime's development CA
 * (`createDevCa`, `issueCertificate`).
 */

/** Where certificates go by default: `./tessera-certs`, or TESSERA_CERTS_DIR. */
export const DEFAULT_CERTS_DIR = process.env['TESSERA_CERTS_DIR'] ?? 'tessera-certs';

const KEY_MODE = 0o600;
const CERT_MODE = 0o644;

/** The paths of a directory's files: the CA's, and those of a certificate named `name`. */
export const certFiles = (dir: string, name = 'ca') => ({
  cert: join(dir, `${name}.pem`),
  key: join(dir, `${name}-key.pem`),
});

/** `tessera certs issue` found no CA in the directory. */
export class NoCaError extends Error {
  override readonly name = 'NoCaError';
  constructor(
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    const init = dir === DEFAULT_CERTS_DIR ? 'tessera certs init' : `tessera certs init --dir ${dir}`;
    super(`no CA in ${dir} (${certFiles(dir).cert}): run \`${init}\` first`, options);
  }
}

/** A file a command would write is there already, and --force was not given. */
export class CertificateFileExistsError extends Error {
  override readonly name = 'CertificateFileExistsError';
  constructor(
    readonly paths: readonly string[],
    consequence: string,
  ) {
    super(
      `${paths.join(' and ')} already ${paths.length === 1 ? 'exists' : 'exist'}: give --force to replace (${consequence})`,
    );
  }
}

/** A certificate name whose files would be taken for the CA's or another certificate's key. */
export class ReservedCertificateNameError extends Error {
  override readonly name = 'ReservedCertificateNameError';
  constructor(readonly certificateName: string) {
    super(
      `cannot name a certificate "${certificateName}": "ca" is the CA's, and a name ending in "-key" would ` +
        "be taken for another certificate's key file",
    );
  }
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
  );

/** Refuses (CertificateFileExistsError) when one of `paths` exists; `consequence` says what replacing it would do. */
async function refuseExisting(paths: { cert: string; key: string }, consequence: string): Promise<void> {
  const present = [];
  for (const path of [paths.cert, paths.key]) if (await exists(path)) present.push(path);
  if (present.length > 0) throw new CertificateFileExistsError(present, consequence);
}

/**
 * Writes a certificate and its key (key 0600, certificate 0644) into `dir`,
 * making it (0700) if needed. Without `force`, fails on a file that exists
 * (callers check first with `refuseExisting`, to say why).
 */
async function writeCredentials(
  paths: { cert: string; key: string },
  dir: string,
  credentials: PemCredentials,
  force: boolean,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // NOTE: 'wx' refuses a file that appeared since the check; `mode` applies to new files only, hence chmod.
  const flag = force ? 'w' : 'wx';
  await writeFile(paths.key, credentials.keyPem, { mode: KEY_MODE, flag });
  await chmod(paths.key, KEY_MODE);
  await writeFile(paths.cert, credentials.certPem, { mode: CERT_MODE, flag });
  await chmod(paths.cert, CERT_MODE);
}

export interface InitCaOptions {
  readonly dir: string;
  readonly days?: number | undefined;
  readonly force?: boolean | undefined;
  readonly now: Date;
}

/**
 * `tessera certs init`: a new development CA in `dir`. Refuses to replace an
 * existing one unless `force` (CertificateFileExistsError): every certificate
 * the old CA issued stops being trusted. Answers the paths written.
 */
export async function initCa(options: InitCaOptions): Promise<{ cert: string; key: string }> {
  const paths = certFiles(options.dir);
  const force = options.force ?? false;
  if (!force) await refuseExisting(paths, 'certificates issued by the old CA stop being trusted');
  const ca = await createDevCa({ now: options.now, days: options.days });
  await writeCredentials(paths, options.dir, ca, force);
  return paths;
}

export interface IssueToDirOptions {
  readonly dir: string;
  readonly name: string;
  readonly kind: string;
  readonly hosts?: readonly string[] | undefined;
  readonly days?: number | undefined;
  readonly force?: boolean | undefined;
  readonly now: Date;
}

/**
 * `tessera certs issue`: a certificate for principal `kind`/`name`, signed by
 * the CA in `dir`, written as NAME.pem and NAME-key.pem. Refuses an unknown
 * kind or bad name (InvalidPrincipalError), a reserved name, a directory
 * without a CA (NoCaError), and replacing the files unless `force`. Answers
 * the paths written and when the certificate expires.
 */
export async function issueToDir(options: IssueToDirOptions): Promise<{ cert: string; key: string; notAfter: Date }> {
  const who = principal(options.kind, options.name);
  if (who.name === 'ca' || who.name.endsWith('-key')) throw new ReservedCertificateNameError(who.name);
  const caFiles = certFiles(options.dir);
  let ca: PemCredentials;
  try {
    ca = { certPem: await readFile(caFiles.cert, 'utf8'), keyPem: await readFile(caFiles.key, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NoCaError(options.dir, { cause: error });
    throw error;
  }
  const paths = certFiles(options.dir, who.name);
  const force = options.force ?? false;
  if (!force) await refuseExisting(paths, 'the old key and certificate are lost');
  const issued = await issueCertificate(ca, {
    principal: who,
    hosts: options.hosts,
    days: options.days,
    now: options.now,
  });
  await writeCredentials(paths, options.dir, issued, force);
  return { ...paths, notAfter: new Date(new X509Certificate(issued.certPem).validTo) };
}

/** The TLS settings of one process: its certificate, its key, and the CA. */
export interface TlsFiles {
  readonly tlsCert: string;
  readonly tlsKey: string;
  readonly tlsCa: string;
}

/** The principals of `tessera up --tls-dir`: one per service of the dev cluster, and `dev`, the operator of the CLI. */
export const DEV_CLUSTER_PRINCIPALS = [
  ['master', 'master'],
  ['allocator', 'allocator'],
  ['agent', 'agent'],
  ['marathon', 'marathon'],
  ['chronos', 'chronos'],
  ['dev', 'operator'],
] as const;

/**
 * The certificates of `tessera up --tls-dir DIR`: a CA in `dir` (made when there is none) and one certificate per
 * principal of DEV_CLUSTER_PRINCIPALS for `hosts` (each issued when missing; existing files are kept, so that a
 * CLI configured with `dev`'s files keeps working across restarts). Answers each principal's TLS settings by name.
 */
export async function devClusterCertificates(
  dir: string,
  hosts: readonly string[],
  now: Date,
): Promise<Record<(typeof DEV_CLUSTER_PRINCIPALS)[number][0], TlsFiles>> {
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  const ca = certFiles(dir);
  if (!(await exists(ca.cert))) await initCa({ dir, now });
  const files: Partial<Record<(typeof DEV_CLUSTER_PRINCIPALS)[number][0], TlsFiles>> = {};
  for (const [name, kind] of DEV_CLUSTER_PRINCIPALS) {
    const paths = certFiles(dir, name);
    if (!(await exists(paths.cert))) await issueToDir({ dir, name, kind, hosts, now });
    files[name] = { tlsCert: paths.cert, tlsKey: paths.key, tlsCa: ca.cert };
  }
  return files as Record<(typeof DEV_CLUSTER_PRINCIPALS)[number][0], TlsFiles>;
}

/** Commander's parser for --days: a whole number from 1 to MAX_DAYS. */
function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > MAX_DAYS)
    throw new InvalidArgumentError(`give a whole number of days from 1 to ${MAX_DAYS}`);
  return days;
}

/** Commander's parser for --host: comma-separated, and the flag may be repeated. */
const collectHosts = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value
    .split(',')
    .map((host) => host.trim())
    .filter((host) => host !== ''),
];

/** Adds `tessera certs init` and `tessera certs issue`. `now` is the clock (tests fix it). */
export function certsCommands(
  program: Command,
  out: (text: string) => void = (text) => void process.stdout.write(text),
  now: () => Date = () => new Date(),
): void {
  const dirOption = () =>
    new Option('--dir <dir>', 'the directory of the CA and certificates (env TESSERA_CERTS_DIR)').default(
      DEFAULT_CERTS_DIR,
    );
  const certs = program
    .command('certs')
    .description(
      'Development certificates for mutual TLS between Tessera processes: a CA, and one certificate per process ' +
        '(its --tls-cert, --tls-key, with the CA as --tls-ca).',
    );

  certs
    .command('init')
    .description("Make a development CA: DIR/ca.pem (every process's --tls-ca) and DIR/ca-key.pem (kept private).")
    .addOption(dirOption())
    .addOption(new Option('--days <n>', 'how long the CA is valid').argParser(parseDays).default(DEFAULT_CA_DAYS))
    .option('--force', 'replace an existing CA (certificates it issued stop being trusted)', false)
    .action(async (options: { dir: string; days: number; force: boolean }) => {
      const paths = await initCa({ ...options, now: now() });
      out(`wrote ${paths.cert} (the CA certificate: give it to every process as --tls-ca)\n`);
      out(`wrote ${paths.key} (the CA key: keep it private; only \`tessera certs issue\` reads it)\n`);
    });

  certs
    .command('issue')
    .description(
      'Issue a certificate and key for one process, signed by the CA: DIR/NAME.pem and DIR/NAME-key.pem. ' +
        'It names the principal (spiffe://tessera/KIND/NAME) and the hosts the process is reached at, ' +
        'and serves as both TLS server and client.',
    )
    .argument('<name>', 'the principal name, e.g. m1, node-17, alice (letters, digits, ".", "_", "-")')
    .addOption(new Option('--kind <kind>', 'what the process is').choices(PRINCIPAL_KINDS).makeOptionMandatory())
    .addOption(dirOption())
    .addOption(
      new Option(
        '--host <names>',
        `DNS names and IP addresses the process is reached at, comma-separated (default: ${DEFAULT_HOSTS.join(',')})`,
      ).argParser(collectHosts),
    )
    .addOption(
      new Option(
        '--days <n>',
        `how long it is valid (default: ${DEFAULT_CERTIFICATE_DAYS}, or until the CA expires)`,
      ).argParser(parseDays),
    )
    .option('--force', 'replace an existing certificate and key of that name', false)
    .action(
      async (name: string, options: { kind: string; dir: string; host?: string[]; days?: number; force: boolean }) => {
        const hosts = options.host ?? DEFAULT_HOSTS;
        const written = await issueToDir({ ...options, name, hosts, now: now() });
        const uri = principalUri(principal(options.kind, name));
        out(
          `wrote ${written.cert} and ${written.key}: ${uri}, hosts ${hosts.join(', ')}, ` +
            `valid until ${written.notAfter.toISOString()}\n`,
        );
        out(`use: --tls-cert ${written.cert} --tls-key ${written.key} --tls-ca ${certFiles(options.dir).cert}\n`);
      },
    );
}
