import { request as httpRequest } from 'node:http';
import { waitFor } from '@tessera/testkit';
import type { Cluster } from './cluster.js';
import { FrameworkServiceProcess, startFrameworkService } from './framework-service.js';
import { ENTRY } from './service-process.js';

export type { RestAnswer } from './framework-service.js';

/** One event read from `/v2/events`. */
export interface SseEvent {
  readonly eventType: string;
  readonly data: Record<string, unknown>;
  /** When the test process read it (epoch ms), for measuring delays against the test's own clock. */
  readonly receivedAtMs?: number;
}

/**
 * A Marathon process of an end-to-end cluster (real master, Redis and NATS),
 * with a small REST client for its `/v2` API.
 */
export class MarathonProcess extends FrameworkServiceProcess {
  /** Starts Marathon against `cluster` and waits until it leads (its `/v2/info` answers 200). */
  static async start(
    cluster: Cluster,
    options: { name?: string; flags?: readonly string[]; waitLeader?: boolean } = {},
  ): Promise<MarathonProcess> {
    const { service, httpPort, grpcPort } = await startFrameworkService(
      cluster,
      options.name ?? 'marathon',
      ENTRY.marathon,
      options.flags,
    );
    const marathon = new MarathonProcess(service, httpPort, grpcPort);
    if (options.waitLeader ?? true) await marathon.waitLeader();
    return marathon;
  }

  protected async leads(): Promise<boolean> {
    return (await fetch(`${this.baseUrl}/v2/info`)).ok;
  }

  /** GET /v2/apps/{id} → the app (throws on anything but 200). */
  async app(id: string): Promise<Record<string, unknown> & { tasks: Record<string, unknown>[] }> {
    const answer = await this.rest<{ app: Record<string, unknown> & { tasks: Record<string, unknown>[] } }>(
      'GET',
      `/v2/apps${id}`,
    );
    if (answer.status !== 200) throw new Error(`GET /v2/apps${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.app;
  }

  /** Waits until `check(app)` holds for the app. */
  async waitApp(
    id: string,
    check: (app: Record<string, unknown> & { tasks: Record<string, unknown>[] }) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<Record<string, unknown> & { tasks: Record<string, unknown>[] }> {
    return waitFor(
      async () => {
        const app = await this.app(id).catch(() => undefined);
        return app !== undefined && check(app) ? app : undefined;
      },
      { timeoutMs, intervalMs: 200, what },
    );
  }

  /** Waits until no deployment runs. */
  async waitNoDeployments(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        const answer = await this.rest<unknown[]>('GET', '/v2/deployments');
        return answer.status === 200 && Array.isArray(answer.body) && answer.body.length === 0;
      },
      { timeoutMs, intervalMs: 200, what: 'no running deployment' },
    );
  }

  /**
   * Opens `/v2/events` (as a plain HTTP client would) and collects the events;
   * `close()` ends the connection.
   */
  events(eventTypes: readonly string[] = []): { readonly received: SseEvent[]; close(): void; opened: Promise<void> } {
    const received: SseEvent[] = [];
    const query = eventTypes.map((type) => `event_type=${encodeURIComponent(type)}`).join('&');
    let buffer = '';
    let opened!: () => void;
    const openedPromise = new Promise<void>((resolve) => (opened = resolve));
    const request = httpRequest(
      `${this.baseUrl}/v2/events${query === '' ? '' : `?${query}`}`,
      { headers: { accept: 'text/event-stream' } },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let eventType = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) eventType = line.slice(6).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trim();
            }
            if (data === '') continue;
            const parsed = JSON.parse(data) as Record<string, unknown>;
            received.push({ eventType, data: parsed, receivedAtMs: Date.now() });
            if (eventType === 'event_stream_attached') opened();
          }
        });
        response.on('error', () => undefined);
      },
    );
    request.on('error', () => undefined);
    request.end();
    return { received, close: () => request.destroy(), opened: openedPromise };
  }
}
