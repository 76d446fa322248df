import { randomUUID } from 'node:crypto';
import { Redis, ReplyError } from 'ioredis';
import { FencedError, StoreCommandError, StoreUnavailableError } from './errors.js';
import { consoleLogger } from './console-logger.js';
import { acquireLeaseScript, commitScript, releaseLeaseScript, renewLeaseScript } from './redis-scripts.js';
import type { Fence, Lease, LeaseRenewal, StateStore, StoreLogger, StoreWrite } from './state-store.js';
import {
  compareIds,
  requireName,
  requireTtlMs,
  validateFence,
  validateHeldLease,
  validateLease,
  validateWrites,
} from './validation.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** Prepended to every key. Default `tessera:`. */
  keyPrefix?: string;
  /** Connection loss and recovery are logged here. Default: console. */
  logger?: StoreLogger;
  /** A command that gets no reply within this long rejects with StoreUnavailableError. Default 5000 ms. */
  commandTimeoutMs?: number;
  /** How long one connection attempt may take. Default 5000 ms. */
  connectTimeoutMs?: number;
}

/** The Lua scripts, registered with `defineCommand` (EVALSHA, falling back to EVAL after a server restart). */
interface ScriptCommands {
  tesseraCommit(numKeys: number, ...keysAndArgs: Array<string | Buffer>): Promise<number>;
  tesseraAcquireLease(
    leaseKey: string,
    epochKey: string,
    incarnationKey: string,
    holder: string,
    ttlMs: string,
    candidateIncarnation: string,
  ): Promise<[number, number, string] | null>;
  tesseraRenewLease(
    leaseKey: string,
    incarnationKey: string,
    holder: string,
    epoch: string,
    incarnation: string,
    ttlMs: string,
  ): Promise<['store-reset'] | ['lost'] | ['lost', string, string] | ['renewed', number]>;
  tesseraReleaseLease(leaseKey: string, holder: string, epoch: string): Promise<number>;
}

/** Redis errors meaning "not now" rather than "never". */
const transientReplyPrefixes = ['LOADING', 'BUSY', 'MASTERDOWN', 'READONLY', 'TRYAGAIN', 'CLUSTERDOWN', 'NOREPLICAS'];

/**
 * A StateStore in Redis.
 *
 * Layout: collection `c` is the hash `<prefix>c:<c>` (field = id, value = bytes); lease `n` is the hash
 * `<prefix>lease:<n>` {holder, epoch} with a PEXPIRE TTL, and `<prefix>lease-epoch:<n>` is its epoch counter, which
 * never expires. `<prefix>incarnation` is the store's incarnation (a random id written by the first lease acquisition,
 * never expiring). Lease timing is entirely Redis's (PEXPIRE, TIME), never this process's clock. Epochs and the
 * incarnation survive a Redis restart only if Redis persists its data; a renewal after such a loss answers
 * `store-reset`.
 *
 * Failure behaviour: ioredis reconnects forever in the background (backoff up to 1 s), but the offline queue is
 * disabled and `maxRetriesPerRequest` is 0, so a command issued while disconnected rejects immediately, and one in
 * flight when the connection drops rejects as soon as the drop is noticed — both with StoreUnavailableError. Nothing
 * is queued to be replayed later (a write the caller saw fail must not silently apply minutes afterwards). A server
 * that accepts the connection but does not answer is bounded by `commandTimeoutMs`.
 */
export class RedisStateStore implements StateStore {
  readonly #client: Redis;
  readonly #scripts: ScriptCommands;
  readonly #prefix: string;
  readonly #connection: ConnectionWatch;
  #closed = false;

  private constructor(client: Redis, prefix: string, connection: ConnectionWatch) {
    this.#client = client;
    this.#connection = connection;
    this.#scripts = client as unknown as ScriptCommands;
    this.#prefix = prefix;
  }

  /**
   * Connects and resolves once Redis is ready. Rejects with StoreUnavailableError if the first connection attempt
   * fails (no background retrying is left behind); later connection losses are recovered from automatically.
   */
  static async connect(options: RedisStoreOptions): Promise<RedisStateStore> {
    const logger = options.logger ?? consoleLogger;
    const client = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: options.commandTimeoutMs ?? 5000,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    });
    client.defineCommand('tesseraCommit', { lua: commitScript });
    client.defineCommand('tesseraAcquireLease', { numberOfKeys: 3, lua: acquireLeaseScript });
    client.defineCommand('tesseraRenewLease', { numberOfKeys: 2, lua: renewLeaseScript });
    client.defineCommand('tesseraReleaseLease', { numberOfKeys: 1, lua: releaseLeaseScript });
    const connection = watchConnection(client, logger);
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw new StoreUnavailableError(`cannot connect to Redis at ${redactUrl(options.url)}`, { cause: err });
    }
    return new RedisStateStore(client, options.keyPrefix ?? 'tessera:', connection);
  }

  async get(collection: string, id: string): Promise<Uint8Array | undefined> {
    requireName(collection, 'collection');
    requireName(id, 'id');
    const value = await this.#run('get', () => this.#client.hgetBuffer(this.#collectionKey(collection), id));
    return value === null ? undefined : new Uint8Array(value);
  }

  async list(collection: string): Promise<Array<{ id: string; value: Uint8Array }>> {
    requireName(collection, 'collection');
    const entries = await this.#run('list', () => this.#client.hgetallBuffer(this.#collectionKey(collection)));
    return Object.entries(entries)
      .sort(([a], [b]) => compareIds(a, b))
      .map(([id, value]) => ({ id, value: new Uint8Array(value) }));
  }

  async commit(writes: readonly StoreWrite[], fence?: Fence): Promise<void> {
    validateWrites(writes);
    validateFence(fence);
    if (writes.length === 0 && fence === undefined) {
      this.#requireOpen();
      return;
    }
    const keys: string[] = [];
    const args: Array<string | Buffer> = [];
    if (fence === undefined) {
      args.push('0');
    } else {
      keys.push(this.#leaseKey(fence.lease));
      args.push('1', fence.holder, String(fence.epoch));
    }
    for (const write of writes) {
      keys.push(this.#collectionKey(write.collection));
      // Buffer.from copies, so the caller may reuse its array as soon as commit() returns.
      args.push(write.op, write.id, write.op === 'put' ? Buffer.from(write.value) : '');
    }
    const applied = await this.#run('commit', () => this.#scripts.tesseraCommit(keys.length, ...keys, ...args));
    if (applied !== 1) {
      // validateFence ran, so a refused commit always has a fence.
      throw new FencedError(fence as Fence);
    }
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    requireName(name, 'name');
    requireName(holder, 'holder');
    requireTtlMs(ttlMs);
    const reply = await this.#run('acquireLease', () =>
      this.#scripts.tesseraAcquireLease(
        this.#leaseKey(name),
        this.#epochKey(name),
        this.#incarnationKey(),
        holder,
        String(ttlMs),
        randomUUID(),
      ),
    );
    if (reply === null) {
      return undefined;
    }
    return { name, holder, epoch: Number(reply[0]), expiresAtMs: Number(reply[1]), incarnation: reply[2] };
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<LeaseRenewal> {
    validateHeldLease(lease);
    requireTtlMs(ttlMs);
    const reply = await this.#run('renewLease', () =>
      this.#scripts.tesseraRenewLease(
        this.#leaseKey(lease.name),
        this.#incarnationKey(),
        lease.holder,
        String(lease.epoch),
        lease.incarnation,
        String(ttlMs),
      ),
    );
    switch (reply[0]) {
      case 'renewed':
        return { status: 'renewed', lease: { ...lease, expiresAtMs: Number(reply[1]) } };
      case 'lost':
        return reply.length === 3
          ? { status: 'lost', current: { holder: reply[1], epoch: Number(reply[2]) } }
          : { status: 'lost' };
      case 'store-reset':
        return { status: 'store-reset' };
    }
  }

  async releaseLease(lease: Lease): Promise<void> {
    validateLease(lease);
    await this.#run('releaseLease', () =>
      this.#scripts.tesseraReleaseLease(this.#leaseKey(lease.name), lease.holder, String(lease.epoch)),
    );
  }

  async leaseHolder(name: string): Promise<{ holder: string; epoch: number } | undefined> {
    requireName(name, 'name');
    const [holder, epoch] = await this.#run('leaseHolder', () =>
      this.#client.hmget(this.#leaseKey(name), 'holder', 'epoch'),
    );
    return holder === null || holder === undefined ? undefined : { holder, epoch: Number(epoch) };
  }

  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#connection.closing = true;
    try {
      await this.#client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
      this.#client.disconnect();
    }
  }

  #collectionKey(collection: string): string {
    return `${this.#prefix}c:${collection}`;
  }

  #leaseKey(name: string): string {
    return `${this.#prefix}lease:${name}`;
  }

  #epochKey(name: string): string {
    return `${this.#prefix}lease-epoch:${name}`;
  }

  #incarnationKey(): string {
    return `${this.#prefix}incarnation`;
  }

  #requireOpen(): void {
    if (this.#closed) {
      throw new StoreUnavailableError('the Redis store is closed');
    }
  }

  /** Runs one Redis command, translating its failure into StoreUnavailableError or StoreCommandError. */
  async #run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    this.#requireOpen();
    try {
      return await command();
    } catch (err) {
      if (isReplyError(err) && !transientReplyPrefixes.some((prefix) => err.message.startsWith(prefix))) {
        throw new StoreCommandError(`Redis refused ${operation}: ${err.message}`, { cause: err });
      }
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreUnavailableError(`Redis unavailable during ${operation}: ${reason}`, { cause: err });
    }
  }
}

/**
 * Connects to Redis and resolves with a ready store; rejects with StoreUnavailableError if Redis cannot be reached.
 * See RedisStateStore for the layout and failure behaviour.
 */
export function createRedisStore(options: RedisStoreOptions): Promise<RedisStateStore> {
  return RedisStateStore.connect(options);
}

interface ConnectionWatch {
  /** Set by close(): the connection ending is then expected, not worth a warning. */
  closing: boolean;
}

/** Logs the first error and the loss of a ready connection once, and its recovery, instead of every retry. */
function watchConnection(client: Redis, logger: StoreLogger): ConnectionWatch {
  const watch: ConnectionWatch = { closing: false };
  let wasReady = false;
  let lost = false;
  let reportedError = false;
  client.on('ready', () => {
    if (lost) {
      logger.info?.({}, 'redis connection restored');
    }
    wasReady = true;
    lost = false;
    reportedError = false;
  });
  client.on('close', () => {
    if (wasReady && !lost && !watch.closing) {
      lost = true;
      logger.warn({}, 'redis connection lost; reconnecting');
    }
  });
  client.on('error', (err: unknown) => {
    // Before the first ready, connect() reports the failure to the caller.
    if (wasReady && !reportedError && !watch.closing) {
      reportedError = true;
      logger.warn({ err }, 'redis connection error');
    }
  });
  return watch;
}

/** An error reply from the Redis server (ioredis types ReplyError as `any`). */
function isReplyError(err: unknown): err is Error {
  return err instanceof (ReplyError as new () => Error);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
