import { Worker } from 'node:worker_threads';
import type { Lease } from '@tessera/store';
import type { CampaignOptions } from './campaign.js';
import { CampaignAbortedError, ElectionWorkerError } from './errors.js';
import type { Leadership } from './leadership.js';
import { Tenure } from './tenure.js';
import type { ElectionWorkerData, WorkerCommand, WorkerEvent } from './worker-protocol.js';

export interface WorkerCampaignOptions extends Omit<CampaignOptions, 'store' | 'clock'> {
  /** The Redis the lease lives in; the worker opens its own connection to it. */
  redis: { url: string; keyPrefix?: string; commandTimeoutMs?: number };
}

/**
 * `campaign()` in a worker thread with its own event loop and its own Redis connection: the lease is won and then
 * renewed there, so renewal keeps its rhythm even while this thread is busy for longer than the TTL with synchronous
 * work (loading protobuf definitions, building services) — which on a loaded machine a start-up can be. Same contract
 * as `campaign()`: resolves once the lease is won; `onDeposed` is called once (from this thread's event loop, so
 * possibly late if this thread is busy — the fence still refuses stale writes meanwhile); logs are forwarded to
 * `logger` with errors reduced to their name and message. If the worker dies while leading, the leader is deposed
 * (`unrenewed`). Only for a Redis store: an in-process store cannot be shared with another thread.
 */
export function campaignInWorker(options: WorkerCampaignOptions): Promise<Leadership> {
  const data: ElectionWorkerData = {
    leaseName: options.leaseName,
    holder: options.holder,
    ttlMs: options.ttlMs,
    ...(options.campaignIntervalMs === undefined ? {} : { campaignIntervalMs: options.campaignIntervalMs }),
    redisUrl: options.redis.url,
    ...(options.redis.keyPrefix === undefined ? {} : { keyPrefix: options.redis.keyPrefix }),
    ...(options.redis.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.redis.commandTimeoutMs }),
  };
  const worker = new Worker(new URL('./election-worker.js', import.meta.url), { workerData: data });
  const command = (message: WorkerCommand): void => worker.postMessage(message);
  return new Promise((resolve, reject) => {
    let leadership: WorkerLeadership | undefined;
    const onAbort = (): void => command({ kind: 'release' });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted === true) {
      onAbort();
    }
    worker.on('message', (event: WorkerEvent) => {
      switch (event.kind) {
        case 'log':
          options.logger[event.level](event.obj, event.msg);
          return;
        case 'won':
          options.signal?.removeEventListener('abort', onAbort);
          // Leading: the worker must not keep the process alive on its own (as renewal timers do not).
          worker.unref();
          leadership = new WorkerLeadership(event.lease, options, command, worker);
          resolve(leadership);
          return;
        case 'stopped':
          reject(
            event.aborted
              ? new CampaignAbortedError(options.leaseName, { cause: options.signal?.reason })
              : new ElectionWorkerError(`campaign for lease "${options.leaseName}" failed: ${event.message ?? ''}`),
          );
          return;
        default:
          leadership?.handle(event);
      }
    });
    worker.on('error', (error) => {
      if (leadership === undefined) {
        reject(
          new ElectionWorkerError(`the election worker for lease "${options.leaseName}" failed`, { cause: error }),
        );
      }
    });
    worker.on('exit', () => {
      if (leadership === undefined) {
        reject(new ElectionWorkerError(`the election worker for lease "${options.leaseName}" exited before winning`));
      }
      leadership?.workerExited();
    });
  });
}

/** The main thread's view of a leadership held by the election worker. */
class WorkerLeadership extends Tenure {
  #lastRenewedAtMs = performance.now();
  #released: Promise<void> | undefined;
  #resolveReleased: (() => void) | undefined;
  #workerGone = false;
  readonly #options: WorkerCampaignOptions;
  readonly #command: (message: WorkerCommand) => void;
  readonly #worker: Worker;

  constructor(lease: Lease, options: WorkerCampaignOptions, command: (message: WorkerCommand) => void, worker: Worker) {
    super(lease, options.onDeposed, options.logger);
    this.#options = options;
    this.#command = command;
    this.#worker = worker;
  }

  isLeader(): boolean {
    return this.state === 'leading';
  }

  release(): Promise<void> {
    this.#released ??= new Promise<void>((resolve) => {
      if (this.state === 'leading') {
        this.state = 'released';
      }
      if (this.#workerGone) {
        resolve();
        return;
      }
      this.#resolveReleased = resolve;
      this.#command({ kind: 'release' });
    }).finally(() => this.#worker.terminate());
    return this.#released;
  }

  handle(event: WorkerEvent): void {
    if (event.kind === 'renewed' && this.state === 'leading') {
      this.current = event.lease;
      this.#lastRenewedAtMs = performance.now();
      this.#options.onRenewed?.(this.lease);
    } else if (event.kind === 'deposed') {
      this.depose(event.reason);
    } else if (event.kind === 'released') {
      this.#resolveReleased?.();
    }
  }

  /** The worker is gone: nothing renews any more. */
  workerExited(): void {
    this.#workerGone = true;
    this.depose({ kind: 'unrenewed', sinceRenewalMs: performance.now() - this.#lastRenewedAtMs });
    this.#resolveReleased?.();
  }
}
