import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';

const require = createRequire(import.meta.url);
const reflectionProto = join(
  dirname(require.resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
}

/** What `grpcurl -plaintext ADDRESS list` asks: the services, through server reflection v1. */
function listServices(address: string): Promise<string[]> {
  const definition = protoLoader.loadSync(reflectionProto, { keepCase: false, defaults: true, oneofs: true });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const client = new pkg.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.on('data', (response: ReflectionResponse) => {
      resolve((response.listServicesResponse?.service ?? []).map((s) => s.name).sort());
      stream.end();
      client.close();
    });
    stream.on('error', reject);
    stream.write({ listServices: '' });
  });
}

function healthCheck(address: string, service: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(healthProtoPath, { enums: String })) as any;
  const client = new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) =>
    client.Check({ service }, (error: Error | null, response: { status: string }) => {
      client.close();
      if (error) reject(error);
      else resolve(response.status);
    }),
  );
}

describe('discovery: server reflection and the health service on every gRPC server', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await Cluster.start();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('the master lists the tessera.v1 services through reflection, as grpcurl list does', async () => {
    const services = await listServices(cluster.masterAddress);
    expect(services).toEqual(
      expect.arrayContaining([
        'tessera.v1.AgentRegistry',
        'tessera.v1.Operator',
        'tessera.v1.Scheduler',
        'grpc.health.v1.Health',
      ]),
    );
  });

  it('the agent lists tessera.v1.Agent', async () => {
    expect(await listServices(cluster.agentAddress)).toContain('tessera.v1.Agent');
  });

  it('health answers SERVING for the server and for each service', async () => {
    expect(await healthCheck(cluster.masterAddress, '')).toBe('SERVING');
    expect(await healthCheck(cluster.masterAddress, 'tessera.v1.Scheduler')).toBe('SERVING');
    expect(await healthCheck(cluster.agentAddress, 'tessera.v1.Agent')).toBe('SERVING');
  });
});
