import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

type HealthClient = grpc.Client & {
  Check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: { status: string }) => void,
  ): void;
};
let HealthClientConstructor: (new (address: string, credentials: grpc.ChannelCredentials) => HealthClient) | undefined;

/**
 * Asks `address`'s standard health service (grpc.health.v1.Health/Check) about
 * `service` ("" for the process): "SERVING", "NOT_SERVING" or "UNKNOWN".
 * Rejects with the gRPC error when the check itself fails: NOT_FOUND for a
 * service the server does not know, UNAVAILABLE when unreachable,
 * DEADLINE_EXCEEDED after `timeoutMs` (default 5 s).
 */
export async function checkGrpcHealth(
  address: string,
  service = '',
  timeoutMs = 5000,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): Promise<string> {
  if (HealthClientConstructor === undefined) {
    const definition = protoLoader.loadSync(healthProtoPath, { enums: String });
    const pkg = grpc.loadPackageDefinition(definition) as unknown as {
      grpc: { health: { v1: { Health: typeof HealthClientConstructor } } };
    };
    HealthClientConstructor = pkg.grpc.health.v1.Health;
  }
  const client = new (HealthClientConstructor as NonNullable<typeof HealthClientConstructor>)(address, credentials);
  try {
    return await new Promise<string>((resolve, reject) =>
      client.Check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (error, response) =>
        error ? reject(error) : resolve(response?.status ?? 'UNKNOWN'),
      ),
    );
  } finally {
    client.close();
  }
}
