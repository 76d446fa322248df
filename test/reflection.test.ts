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
  errorResponse?: { errorCode: number; errorMessage: string };
}

/** One request of server reflection v1 (e.g. `{ listServices: '' }`) and its answer. */
function reflect(address: string, request: Record<string, string>): Promise<ReflectionResponse> {
  const definition = protoLoader.loadSync(reflectionProto, { keepCase: false, defaults: true, oneofs: true });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const client = new pkg.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.on('data', (response: ReflectionResponse) => {
      resolve(response);
      stream.end();
      client.close();
    });
    stream.on('error', reject);
    stream.write(request);
  });
}

/** What `grpcurl -plaintext ADDRESS list` asks: the services, through server reflection v1. */
async function listServices(address: string): Promise<string[]> {
  const response = await reflect(address, { listServices: '' });
  return (response.listServicesResponse?.service ?? []).map((s) => s.name).sort();
}

/** google.protobuf.FileDescriptorProto (the descriptor's own fields in protobufjs's camelCase). */
interface FileDescriptor {
  name: string;
  dependency: string[];
  messageType: { name: string; field: { name: string; typeName: string }[] }[];
  service: { name: string }[];
}

const fileDescriptorType = protoLoader.loadSync('google/protobuf/descriptor.proto', { defaults: true })[
  'google.protobuf.FileDescriptorProto'
] as protoLoader.MessageTypeDefinition<object, FileDescriptor>;

/** The file descriptors a reflection answer holds, decoded; the first is the file asked for. */
function fileDescriptors(response: ReflectionResponse): FileDescriptor[] {
  expect(response.errorResponse, response.errorResponse?.errorMessage).toBeUndefined();
  return (response.fileDescriptorResponse?.fileDescriptorProto ?? []).map((bytes) =>
    fileDescriptorType.deserialize(bytes),
  );
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

  it('describes each service with its .proto file as written: real file names, snake_case fields, resolvable imports', async () => {
    // What `grpcurl describe tessera.v1.Scheduler` asks first: the file that defines the symbol, and its imports.
    const [scheduler, ...imported] = fileDescriptors(
      await reflect(cluster.masterAddress, { fileContainingSymbol: 'tessera.v1.Scheduler' }),
    );
    expect(scheduler?.name).toBe('tessera/v1/scheduler.proto');
    expect(scheduler?.dependency).toEqual(['tessera/v1/common.proto']);
    expect(scheduler?.service.map((s) => s.name)).toEqual(['Scheduler']);
    const fields = (message: string) =>
      scheduler?.messageType.find((m) => m.name === message)?.field.map((f) => f.name) ?? [];
    expect(fields('SubscribeRequest')).toContain('framework_info');
    expect(fields('AcceptRequest')).toContain('offer_ids');
    expect(fields('AcceptRequest')).not.toContain('offerIds');
    // Type references are fully qualified, as protoc writes them.
    const frameworkInfo = scheduler?.messageType
      .find((m) => m.name === 'SubscribeRequest')
      ?.field.find((f) => f.name === 'framework_info');
    expect(frameworkInfo?.typeName).toBe('.tessera.v1.FrameworkInfo');
    expect(imported.map((file) => file.name)).toEqual(['tessera/v1/common.proto']);

    // Every dependency of every file the master serves can be fetched by its name.
    const operator = fileDescriptors(
      await reflect(cluster.masterAddress, { fileContainingSymbol: 'tessera.v1.Operator' }),
    );
    expect(operator[0]?.name).toBe('tessera/v1/operator.proto');
    const dependencies = new Set([...(scheduler?.dependency ?? []), ...operator.flatMap((file) => file.dependency)]);
    expect([...dependencies].sort()).toEqual(['tessera/v1/allocator.proto', 'tessera/v1/common.proto']);
    for (const name of dependencies) {
      const [file] = fileDescriptors(await reflect(cluster.masterAddress, { fileByFilename: name }));
      expect(file?.name).toBe(name);
    }
    const [health] = fileDescriptors(
      await reflect(cluster.masterAddress, { fileContainingSymbol: 'grpc.health.v1.Health' }),
    );
    expect(health?.name).toBe('grpc/health/v1/health.proto');
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
