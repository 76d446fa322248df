import { freePort } from '@tessera/testkit';
import type { Cluster } from './cluster.js';
import { ServiceProcess } from './service-process.js';

export interface RestAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** One REST call; the body is sent as JSON (a string is sent as it is); a JSON answer is parsed, other text kept. */
export async function restCall<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RestAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/**
 * Starts a framework service (Marathon, Chronos) as its own process against
 * `cluster`'s master, Redis and NATS, on free HTTP and gRPC ports, with a short
 * leader lease (3 s) so that failover tests are quick.
 */
export async function startFrameworkService(
  cluster: Cluster,
  name: string,
  entry: string,
  flags: readonly string[] = [],
): Promise<{ readonly service: ServiceProcess; readonly httpPort: number; readonly grpcPort: number }> {
  const [httpPort, grpcPort] = await Promise.all([freePort(), freePort()]);
  const service = new ServiceProcess(
    name,
    entry,
    [
      '--master',
      cluster.masterAddress,
      '--http-port',
      String(httpPort),
      '--port',
      String(grpcPort),
      '--redis-url',
      cluster.redis.url,
      '--nats-url',
      cluster.nats.url,
      '--leader-lease-ms',
      '3000',
      ...flags,
    ],
    httpPort,
    cluster.workDir,
  );
  await service.start();
  return { service, httpPort, grpcPort };
}
