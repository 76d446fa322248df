import type * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { createGrpcClient, type Logger } from '@tessera/runtime';
import type { AllocatorPort } from './master.js';

type AllocatorClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Allocator']>;

export interface AllocatorLinkOptions {
  address: string;
  logger: Logger;
  /** The full model, sent first on every (re)connect. */
  snapshot: () => v1.AllocatorSnapshot;
  onAllocations: (allocations: v1.Allocation__Output[]) => void;
  /** Lent resources the allocator takes back. */
  onRevocations: (revocations: v1.Revocation__Output[]) => void;
  onConnectionChange?: (connected: boolean) => void;
  /** Milliseconds since the epoch, stamped on every request. */
  clock?: () => number;
}

/**
 * The master's end of the allocator stream. Keeps one Connect stream open,
 * reconnecting with backoff (250 ms doubling to 5 s) when it breaks; on every
 * connect it sends a full snapshot, then deltas. While disconnected, deltas are
 * dropped: the next snapshot carries the same state.
 */
export class AllocatorLink implements AllocatorPort {
  private readonly client: AllocatorClient;
  private stream: grpc.ClientDuplexStream<v1.AllocatorRequest, v1.AllocatorResponse__Output> | undefined;
  private ready = false;
  private stopped = false;
  private backoffMs = 250;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: AllocatorLinkOptions) {
    const Allocator = tesseraGrpc().tessera.v1.Allocator;
    this.client = createGrpcClient(Allocator, options.address);
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    this.open();
  }

  connected(): boolean {
    return this.ready;
  }

  send(request: v1.AllocatorRequest): void {
    if (!this.ready || this.stream === undefined) return;
    this.stream.write({ ...request, now: this.clock() / 1000 });
  }

  /** Why a framework or role gets no offers, answered by the allocator. */
  explain(request: v1.ExplainRequest): Promise<v1.ExplainResponse__Output> {
    return new Promise((resolve, reject) => {
      this.client.Explain(request, { deadline: new Date(Date.now() + 5000) }, (error, response) =>
        error || response === undefined ? reject(error ?? new Error('no response')) : resolve(response),
      );
    });
  }

  private open(): void {
    if (this.stopped) return;
    const stream = this.client.Connect();
    this.stream = stream;
    stream.on('data', (response: v1.AllocatorResponse__Output) => {
      if (response.snapshotApplied) {
        this.backoffMs = 250;
        this.options.logger.info({ ...response.snapshotApplied }, 'allocator has the snapshot');
      } else if (response.allocations) {
        this.options.onAllocations(response.allocations.allocations);
      } else if (response.revocations) {
        this.options.onRevocations(response.revocations.revocations);
      }
    });
    const broken = (error?: Error) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      const wasReady = this.ready;
      this.ready = false;
      if (wasReady) this.options.onConnectionChange?.(false);
      if (this.stopped) return;
      this.options.logger.warn({ err: error?.message, retryMs: this.backoffMs }, 'allocator stream lost; reconnecting');
      this.retryTimer = setTimeout(() => this.open(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 5000);
    };
    stream.on('error', (error: Error) => broken(error));
    stream.on('end', () => broken());
    // Calls on a channel that is not connected yet are queued by grpc-js; if the
    // allocator is unreachable the stream fails and we try again with backoff.
    this.ready = true;
    stream.write({ snapshot: this.options.snapshot(), now: this.clock() / 1000 });
    this.options.onConnectionChange?.(true);
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stream?.cancel();
    this.stream = undefined;
    this.ready = false;
    this.client.close();
  }
}
