import { freePort, waitFor } from '@tessera/testkit';
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
 * `cluster`'s masters (the whole list: it follows the leader), Redis and NATS, on free HTTP and gRPC ports, with a short
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
      cluster.masterAddresses,
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

/** A framework service process (Marathon, Chronos) with a small REST client for its API. */
export abstract class FrameworkServiceProcess {
  protected constructor(
    readonly process: ServiceProcess,
    readonly httpPort: number,
    readonly grpcPort: number,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  /** Whether this process answers as the leader now (one request of the service's API). */
  protected abstract leads(): Promise<boolean>;

  /** Waits until this process leads; fails at once if it exited. */
  async waitLeader(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.process.running) throw new Error(`${this.process.name} exited:\n${this.process.tailInfo()}`);
        return this.leads();
      },
      { timeoutMs, intervalMs: 100, what: `${this.process.name} to lead` },
    );
  }

  /** One REST call; the body is sent as JSON (a string is sent as it is). */
  rest<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RestAnswer<T>> {
    return restCall<T>(this.baseUrl, method, path, body, headers);
  }

  stop(): Promise<number | null> {
    return this.process.stop();
  }

  kill(): Promise<void> {
    return this.process.kill();
  }
}
