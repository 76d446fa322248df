import { waitFor } from '@tessera/testkit';
import type { Cluster } from './cluster.js';
import { FrameworkServiceProcess, startFrameworkService } from './framework-service.js';
import { ENTRY } from './service-process.js';

/** A run as `GET /v1/scheduler/job/{name}/runs` lists it (the fields the tests read). */
export interface RunView {
  readonly job: string;
  readonly scheduledAt: string;
  readonly cause: string;
  readonly state: string;
  readonly skippedCount: number;
  readonly lastSkippedAt: string;
  readonly latenessMs: number | null;
  readonly attempts: readonly { attempt: number; taskId: string; taskState: string; exitCode: number | null }[];
}

/**
 * A Chronos process of an end-to-end cluster (real master, Redis and NATS),
 * with a small REST client for its `/v1/scheduler` API.
 */
export class ChronosProcess extends FrameworkServiceProcess {
  /** Starts Chronos against `cluster` and, unless told not to, waits until it leads. */
  static async start(
    cluster: Cluster,
    options: { name?: string; flags?: readonly string[]; waitLeader?: boolean } = {},
  ): Promise<ChronosProcess> {
    const { service, httpPort, grpcPort } = await startFrameworkService(
      cluster,
      options.name ?? 'chronos',
      ENTRY.chronos,
      options.flags,
    );
    const chronos = new ChronosProcess(service, httpPort, grpcPort);
    if (options.waitLeader ?? true) await chronos.waitLeader();
    return chronos;
  }

  /** It answers the job list itself: 200, not forwarded (no leader header), not 503. */
  protected async leads(): Promise<boolean> {
    const answer = await fetch(`${this.baseUrl}/v1/scheduler/jobs`);
    return answer.ok && answer.headers.get('x-chronos-leader') === null;
  }

  /** POSTs a job to `/v1/scheduler/{kind}`; throws unless 204. */
  async addJob(kind: 'iso8601' | 'dependency' | 'cron', job: Record<string, unknown>): Promise<void> {
    const answer = await this.rest('POST', `/v1/scheduler/${kind}`, job);
    if (answer.status !== 204)
      throw new Error(`POST ${kind} ${String(job['name'])}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  async job(name: string): Promise<Record<string, unknown>> {
    const answer = await this.rest<Record<string, unknown>>('GET', `/v1/scheduler/job/${encodeURIComponent(name)}`);
    if (answer.status !== 200) throw new Error(`GET job ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** The job's runs, newest first. */
  async runs(name: string, limit = 1000): Promise<RunView[]> {
    const answer = await this.rest<RunView[]>(
      'GET',
      `/v1/scheduler/job/${encodeURIComponent(name)}/runs?limit=${limit}`,
    );
    if (answer.status !== 200) throw new Error(`GET runs ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Waits until `check` holds for the job's runs (newest first). */
  async waitRuns(
    name: string,
    check: (runs: RunView[]) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<RunView[]> {
    return waitFor(
      async () => {
        const runs = await this.runs(name).catch(() => undefined);
        return runs !== undefined && check(runs) ? runs : undefined;
      },
      { timeoutMs, intervalMs: 200, what },
    );
  }
}
