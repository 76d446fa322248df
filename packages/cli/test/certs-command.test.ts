import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { principalFromCertificate } from '@tessera/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certsCommands } from '../src/certs-command.js';

const NOW = new Date('2030-01-01T00:00:00Z');
let dir = '';

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'tessera-certs-test-')), 'certs');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

/** Runs `tessera certs ...args --dir <the test's directory>` in this process at NOW; answers what it printed. */
async function tessera(...args: string[]): Promise<string> {
  const printed: string[] = [];
  // Subcommands inherit both: commander's errors are thrown, not printed.
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
  certsCommands(
    program,
    (text) => printed.push(text),
    () => NOW,
  );
  await program.parseAsync(['certs', ...args, '--dir', dir], { from: 'user' });
  return printed.join('');
}

/** The error `tessera certs ...args` fails with. */
const failure = (...args: string[]): Promise<Error> =>
  tessera(...args).then(
    () => {
      throw new Error('the command succeeded');
    },
    (error: unknown) => error as Error,
  );

const mode = async (file: string) => (await stat(file)).mode & 0o777;
const certificate = async (file: string) => new X509Certificate(await readFile(file));

describe('tessera certs init', () => {
  it('writes a CA certificate and a key only its owner can read, in a directory only its owner can enter', async () => {
    const printed = await tessera('init');
    expect(printed).toContain(
      `wrote ${join(dir, 'ca.pem')} (the CA certificate: give it to every process as --tls-ca)`,
    );
    const ca = await certificate(join(dir, 'ca.pem'));
    expect(ca.ca).toBe(true);
    // 365 days by default.
    expect(new Date(ca.validTo)).toEqual(new Date(NOW.getTime() + 365 * 24 * 60 * 60_000));
    expect(await mode(join(dir, 'ca-key.pem'))).toBe(0o600);
    expect(await mode(join(dir, 'ca.pem'))).toBe(0o644);
    expect(await mode(dir)).toBe(0o700);
  });

  it('refuses to replace a CA unless --force, and says what replacing does', async () => {
    await tessera('init');
    const first = await readFile(join(dir, 'ca.pem'), 'utf8');
    const refused = await failure('init');
    expect(refused.message).toBe(
      `${join(dir, 'ca.pem')} and ${join(dir, 'ca-key.pem')} already exist: give --force to replace ` +
        '(certificates issued by the old CA stop being trusted)',
    );
    expect(await readFile(join(dir, 'ca.pem'), 'utf8')).toBe(first);
    await tessera('init', '--force', '--days', '30');
    expect(await readFile(join(dir, 'ca.pem'), 'utf8')).not.toBe(first);
    expect(await mode(join(dir, 'ca-key.pem'))).toBe(0o600);
  });

  it.each(['0', 'ten', '1.5', '3651'])('refuses --days %s', async (days) => {
    expect((await failure('init', '--days', days)).message).toContain('give a whole number of days from 1 to 3650');
  });
});

describe('tessera certs issue', () => {
  beforeEach(async () => {
    await tessera('init');
  });

  it('writes a certificate signed by the CA, naming the principal and the default hosts, and its key (0600)', async () => {
    const printed = await tessera('issue', 'node-17', '--kind', 'agent');
    const [cert, key] = [join(dir, 'node-17.pem'), join(dir, 'node-17-key.pem')];
    expect(printed).toContain(`wrote ${cert} and ${key}: spiffe://tessera/agent/node-17, hosts localhost, 127.0.0.1`);
    expect(printed).toContain(`use: --tls-cert ${cert} --tls-key ${key} --tls-ca ${join(dir, 'ca.pem')}`);
    const issued = await certificate(cert);
    const ca = await certificate(join(dir, 'ca.pem'));
    expect(issued.checkIssued(ca) && issued.verify(ca.publicKey)).toBe(true);
    expect(issued.subjectAltName).toBe('URI:spiffe://tessera/agent/node-17, DNS:localhost, IP Address:127.0.0.1');
    expect(principalFromCertificate(issued)).toEqual({ kind: 'agent', name: 'node-17' });
    expect(await mode(key)).toBe(0o600);
  });

  it('takes hosts comma-separated or repeated, and a validity in days', async () => {
    await tessera(
      'issue',
      'm1',
      '--kind',
      'master',
      '--host',
      'master-0.internal,10.0.0.7',
      '--host',
      'localhost',
      '--days',
      '7',
    );
    const issued = await certificate(join(dir, 'm1.pem'));
    expect(issued.subjectAltName).toBe(
      'URI:spiffe://tessera/master/m1, DNS:master-0.internal, IP Address:10.0.0.7, DNS:localhost',
    );
    // 7 days from now.
    expect(new Date(issued.validTo)).toEqual(new Date(NOW.getTime() + 7 * 24 * 60 * 60_000));
  });

  it.each([
    [['issue', 'x', '--kind', 'slave'], /argument 'slave' is invalid. Allowed choices are master, allocator, agent/],
    [['issue', 'x'], /required option '--kind <kind>' not specified/],
    [['issue', 'a/b', '--kind', 'agent'], /bad agent name "a\/b"/],
    [['issue', 'ca', '--kind', 'agent'], /cannot name a certificate "ca"/],
    [['issue', 'm1-key', '--kind', 'master'], /cannot name a certificate "m1-key"/],
    [['issue', 'x', '--kind', 'agent', '--host', 'bad host'], /bad host "bad host"/],
    [
      ['issue', 'x', '--kind', 'agent', '--days', '400'],
      /would outlive its CA, which expires on 2031-01-01T00:00:00.000Z/,
    ],
  ])('refuses %j', async (args, message) => {
    expect((await failure(...args)).message).toMatch(message);
  });

  it('refuses to replace a certificate unless --force', async () => {
    await tessera('issue', 'alice', '--kind', 'operator');
    expect((await failure('issue', 'alice', '--kind', 'operator')).message).toMatch(
      /alice.pem and .*alice-key.pem already exist: give --force to replace/,
    );
    await tessera('issue', 'alice', '--kind', 'operator', '--force');
  });
});

it('says to run tessera certs init first when the directory has no CA', async () => {
  expect((await failure('issue', 'm1', '--kind', 'master')).message).toBe(
    `no CA in ${dir} (${join(dir, 'ca.pem')}): run \`tessera certs init --dir ${dir}\` first`,
  );
});
