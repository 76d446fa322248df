import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createDevCa,
  createGrpcClient,
  issueCertificate,
  type PemCredentials,
  createLogger,
  InvalidPrincipalError,
  loadConfig,
  loadTls,
  peerPrincipal,
  principal,
  principalFromCertificate,
  principalFromUri,
  startGrpcServer,
  tlsConfigFields,
  unary,
  z,
  type GrpcTls,
  type RunningGrpcServer,
} from '../src/index.js';

const logger = createLogger('test', { level: 'silent' });
const NOW = new Date();
const dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));

/** Writes credentials as NAME.pem and NAME-key.pem in the test's directory; answers their paths. */
function writeCredentials(name: string, credentials: PemCredentials): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  writeFileSync(cert, credentials.certPem);
  writeFileSync(key, credentials.keyPem);
  return { cert, key };
}

let ca: PemCredentials;
let otherCa: PemCredentials;
let caFile = '';
let otherCaFile = '';
let master: { cert: string; key: string };
let agent: { cert: string; key: string };
let stranger: { cert: string; key: string };
let operator: { cert: string; key: string };
beforeAll(async () => {
  [ca, otherCa] = await Promise.all([createDevCa({ now: NOW }), createDevCa({ now: NOW })]);
  caFile = writeCredentials('ca', ca).cert;
  otherCaFile = writeCredentials('other-ca', otherCa).cert;
  master = writeCredentials('m1', await issueCertificate(ca, { principal: principal('master', 'm1'), now: NOW }));
  agent = writeCredentials('node-1', await issueCertificate(ca, { principal: principal('agent', 'node-1'), now: NOW }));
  operator = writeCredentials(
    'alice',
    await issueCertificate(ca, { principal: principal('operator', 'alice'), now: NOW }),
  );
  stranger = writeCredentials(
    'stranger',
    await issueCertificate(otherCa, { principal: principal('agent', 'node-1'), now: NOW }),
  );
});

describe('principals', () => {
  it.each([
    ['spiffe://tessera/agent/node-1', { kind: 'agent', name: 'node-1' }],
    ['spiffe://tessera/operator/alice.smith_2', { kind: 'operator', name: 'alice.smith_2' }],
    ['spiffe://tessera/pod/x', undefined], // not a kind of Tessera's
    ['spiffe://other/agent/node-1', undefined], // another trust domain
    ['spiffe://tessera/agent/node-1/extra', undefined],
    ['spiffe://tessera/agent/-x', undefined], // names start with a letter or digit
    ['https://tessera/agent/node-1', undefined],
  ])('%s names %j', (uri, expected) => {
    expect(principalFromUri(uri)).toEqual(expected);
  });

  it('refuses an unknown kind or a bad name, saying what is allowed', () => {
    expect(() => principal('slave', 'a')).toThrow(InvalidPrincipalError);
    expect(() => principal('slave', 'a')).toThrow(
      'unknown principal kind "slave" (known: master, allocator, agent, marathon, chronos, framework, operator)',
    );
    expect(() => principal('agent', 'a/b')).toThrow(/bad agent name "a\/b"/);
    expect(() => principal('agent', 'x'.repeat(65))).toThrow(InvalidPrincipalError);
  });

  it('reads the principal of a certificate given as PEM, DER or parsed; a CA certificate names none', async () => {
    const pem = (await import('node:fs')).readFileSync(agent.cert, 'utf8');
    const parsed = new X509Certificate(pem);
    for (const given of [pem, parsed.raw, parsed]) {
      expect(principalFromCertificate(given)).toEqual({ kind: 'agent', name: 'node-1' });
    }
    expect(principalFromCertificate(ca.certPem)).toBeUndefined();
  });
});

const schema = z.object({ ...tlsConfigFields, port: z.coerce.number().default(1) });
/** Loads the test schema from `argv` and reads its TLS settings, as a service does at start-up. */
const tlsFrom = (argv: string[], env: Record<string, string> = {}, now = NOW): GrpcTls | undefined =>
  loadTls(loadConfig(schema, { name: 'test', argv, env }), 'test', now);
/** The problems of the ConfigError that `run` throws. */
function problems(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('no ConfigError');
}

describe('loadTls', () => {
  it('is plaintext (undefined) when none of the three is set', () => {
    expect(tlsFrom([])).toBeUndefined();
  });

  it('reads the files named by flags or environment, and the principal of the certificate', () => {
    const fromFlags = tlsFrom(['--tls-cert', master.cert, '--tls-key', master.key, '--tls-ca', caFile]);
    expect(fromFlags?.principal).toEqual({ kind: 'master', name: 'm1' });
    expect(fromFlags?.ca.toString()).toBe(ca.certPem);
    const fromEnv = tlsFrom([], { TESSERA_TLS_CERT: master.cert, TESSERA_TLS_KEY: master.key, TESSERA_TLS_CA: caFile });
    expect(fromEnv).toEqual(fromFlags);
  });

  it('refuses two of the three, naming those given and the one missing', () => {
    expect(problems(() => tlsFrom(['--tls-cert', master.cert, '--tls-key', master.key]))).toBe(
      '--tls-cert, --tls-key and --tls-ca go together: --tls-cert and --tls-key are set, --tls-ca not ' +
        '(give --tls-ca (TESSERA_TLS_CA), or none of the three for plaintext)',
    );
    expect(problems(() => tlsFrom([], { TESSERA_TLS_CA: caFile }))).toContain(
      '--tls-ca is set, --tls-cert and --tls-key not',
    );
  });

  it('names a missing file, and every other bad file at once', () => {
    const missing = join(dir, 'nowhere.pem');
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a pem file');
    const said = problems(() => tlsFrom(['--tls-cert', missing, '--tls-key', garbage, '--tls-ca', garbage]));
    expect(said).toContain(`tls-cert: cannot read ${missing}: no such file`);
    expect(said).toContain(`tls-key: ${garbage} holds no PEM private key`);
    expect(said).toContain(`tls-ca: ${garbage} holds no PEM certificate`);
  });

  it.each([
    [
      'a key of another certificate',
      () => [master.cert, agent.key, caFile],
      /tls-key: .* is not the key of the certificate/,
    ],
    [
      'a certificate of another CA',
      () => [stranger.cert, stranger.key, caFile],
      /tls-cert: .* is not signed by the CA in/,
    ],
  ])('refuses %s', (_what, files, message) => {
    const [cert = '', key = '', caPath = ''] = files();
    expect(problems(() => tlsFrom(['--tls-cert', cert, '--tls-key', key, '--tls-ca', caPath]))).toMatch(message);
  });

  it('refuses a certificate that has expired', () => {
    const later = new Date(NOW.getTime() + 400 * 24 * 60 * 60_000);
    expect(
      problems(() => tlsFrom(['--tls-cert', master.cert, '--tls-key', master.key, '--tls-ca', caFile], {}, later)),
    ).toMatch(/tls-cert: .* expired on/);
  });
});

describe('gRPC over mutual TLS', () => {
  let server: RunningGrpcServer;
  let plaintextServer: RunningGrpcServer;
  /** Serves whoAmI with an agent's certificate (a server that is not a master). */
  let impostor: RunningGrpcServer;
  /** Serves whoAmI to operators only. */
  let operatorsOnly: RunningGrpcServer;
  let serverTls: GrpcTls;
  let clientTls: GrpcTls;
  let operatorTls: GrpcTls;
  let strangerTls: GrpcTls;
  const Operator = tesseraGrpc().tessera.v1.Operator;
  /** An Operator service whose GetWeights answers one weight, for role "<kind>/<name>" of the caller ("nobody" for none). */
  const whoAmI = {
    name: 'tessera.v1.Operator',
    definition: Operator.service,
    implementation: {
      GetWeights: unary<v1.GetWeightsRequest__Output, v1.GetWeightsResponse>([], logger, (_request, call) => {
        const caller = peerPrincipal(call);
        return { weights: [{ role: caller === undefined ? 'nobody' : `${caller.kind}/${caller.name}`, weight: 1 }] };
      }),
    },
  };

  beforeAll(async () => {
    const tls = (files: { cert: string; key: string }, caPath: string) => {
      const loaded = loadTls({ tlsCert: files.cert, tlsKey: files.key, tlsCa: caPath }, 'test');
      if (loaded === undefined) throw new Error('no TLS');
      return loaded;
    };
    serverTls = tls(master, caFile);
    clientTls = tls(agent, caFile);
    strangerTls = tls(stranger, otherCaFile);
    operatorTls = tls(operator, caFile);
    server = await startGrpcServer({ host: '127.0.0.1', port: 0, logger, services: [whoAmI], tls: serverTls });
    plaintextServer = await startGrpcServer({ host: '127.0.0.1', port: 0, logger, services: [whoAmI] });
    impostor = await startGrpcServer({ host: '127.0.0.1', port: 0, logger, services: [whoAmI], tls: clientTls });
    operatorsOnly = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      services: [{ ...whoAmI, callerKinds: ['operator'] }],
      tls: serverTls,
    });
  });
  afterAll(async () => {
    await Promise.all([
      server?.shutdown(),
      plaintextServer?.shutdown(),
      impostor?.shutdown(),
      operatorsOnly?.shutdown(),
    ]);
  });

  /** Calls GetWeights with a 5 s deadline; answers the caller's name as the server saw it, or the error. */
  function whoAmIAt(client: InstanceType<typeof Operator>): Promise<string | grpc.ServiceError> {
    return new Promise((resolve) =>
      client.GetWeights({}, { deadline: Date.now() + 5000 }, (error, response) => {
        client.close();
        resolve(error ?? response?.weights?.[0]?.role ?? '');
      }),
    );
  }

  it('completes a call, and the server sees the principal of the client certificate', async () => {
    expect(await whoAmIAt(createGrpcClient(Operator, server.address, { tls: clientTls }))).toBe('agent/node-1');
  });

  it('verifies the server by the DNS name in its certificate too', async () => {
    const address = `localhost:${server.port}`;
    expect(await whoAmIAt(createGrpcClient(Operator, address, { tls: clientTls }))).toBe('agent/node-1');
  });

  it.each([
    ['a client without a certificate', () => grpc.credentials.createSsl(serverTls.ca)],
    [
      'a client with a certificate of another CA',
      () => grpc.credentials.createSsl(serverTls.ca, strangerTls.key, strangerTls.cert),
    ],
    ['a plaintext client', () => grpc.credentials.createInsecure()],
  ])('refuses %s', async (_who, credentials) => {
    const refusal = await whoAmIAt(new Operator(server.address, credentials()));
    expect(refusal).toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('is refused by a client that does not trust the server certificate', async () => {
    const refusal = await whoAmIAt(createGrpcClient(Operator, server.address, { tls: strangerTls }));
    expect(refusal).toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('knows no principal on a plaintext server', async () => {
    expect(await whoAmIAt(createGrpcClient(Operator, plaintextServer.address))).toBe('nobody');
  });

  it('is refused by a client when the server certificate names another kind than the service is served by', async () => {
    // tessera.v1.Operator is served by masters (SERVER_KINDS); this server holds an agent's certificate of the same CA.
    const refusal = await whoAmIAt(createGrpcClient(Operator, impostor.address, { tls: operatorTls }));
    expect(refusal).toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect((refusal as grpc.ServiceError).details).toContain('is not a master: its certificate names agent "node-1"');
  });

  it('serves a service with callerKinds only to certificates of those kinds, refusing others before the handler', async () => {
    expect(await whoAmIAt(createGrpcClient(Operator, operatorsOnly.address, { tls: operatorTls }))).toBe(
      'operator/alice',
    );
    const refusal = await whoAmIAt(createGrpcClient(Operator, operatorsOnly.address, { tls: clientTls }));
    expect(refusal).toMatchObject({ code: grpc.status.PERMISSION_DENIED });
    expect((refusal as grpc.ServiceError).details).toBe(
      'tessera.v1.Operator serves only principals of kind operator; the client certificate names agent "node-1"',
    );
    expect((refusal as grpc.ServiceError).metadata.get('tessera-error')).toEqual(['CallerKindError']);
  });
});
