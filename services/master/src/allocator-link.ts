import type * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { createGrpcClient, LeaderEndpoints, type GrpcTls, type Logger } from '@tessera/runtime';
import type { AllocatorPort } from './master.js';

type AllocatorClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Allocator']>;

export interface AllocatorLinkOptions {
  /** One allocator's address, or several ("a:5051,b:5051"): the link uses one at a time, the next when it breaks. */
  address: string;
  logger: Logger;
  /** Mutual TLS to the allocators (see `loadTls`). Default: plaintext. */
  tls?: GrpcTls | undefined;
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
 * The master's end of the allocator stream. Keeps one Connect stream open to
 * one allocator; when it breaks, reconnects — to the next allocator when
 * several are given, after a pause that starts at 250 ms and doubles to 5 s
 * once every one of them has failed in a row. On every connect it sends a full
 * snapshot, then deltas. While disconnected, deltas are dropped: the next
 * snapshot carries the same state. Allocators keep no state of their own, so
 * any of them can take over from a snapshot.
 */
export class AllocatorLink implements AllocatorPort {
  private readonly endpoints: LeaderEndpoints;
  private readonly clients = new Map<string, AllocatorClient>();
  /** Streams broken in a row without the allocator taking the snapshot. */
  private failuresInARow = 0;
  private stream: grpc.ClientDuplexStream<v1.AllocatorRequest, v1.AllocatorResponse__Output> | undefined;
  private ready = false;
  private stopped = false;
  private backoffMs = 250;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: AllocatorLinkOptions) {
    this.endpoints = new LeaderEndpoints(options.address);
    this.clock = options.clock ?? Date.now;
  }

  /** The allocator in use (or to be tried next). */
  get address(): string {
    return this.endpoints.current;
  }

  private get client(): AllocatorClient {
    const address = this.endpoints.current;
    let client = this.clients.get(address);
    if (client === undefined) {
      client = createGrpcClient(tesseraGrpc().tessera.v1.Allocator, address, { tls: this.options.tls });
      this.clients.set(address, client);
    }
    return client;
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
        this.failuresInARow = 0;
        this.options.logger.info(
          { allocator: this.address, ...response.snapshotApplied },
          'allocator has the snapshot',
        );
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
      const lost = this.address;
      const next = this.endpoints.failed(error);
      this.failuresInARow += 1;
      // With several allocators the next one is tried at once; only a round of failures pauses.
      const delayMs = this.failuresInARow < this.endpoints.all.length ? 0 : this.backoffMs;
      if (delayMs > 0) {
        this.failuresInARow = 0;
        this.backoffMs = Math.min(this.backoffMs * 2, 5000);
      }
      this.options.logger.warn(
        { allocator: lost, next, err: error?.message, retryMs: delayMs },
        'allocator stream lost; reconnecting',
      );
      this.retryTimer = setTimeout(() => this.open(), delayMs);
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
    for (const client of this.clients.values()) client.close();
  }
}
