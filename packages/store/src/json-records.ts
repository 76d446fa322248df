import type { Fence, StateStore, StoreWrite } from './state-store.js';

/** A record of one collection, as stored (parsed JSON). */
export interface StoredRecord {
  readonly id: string;
  readonly value: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A service's state as JSON records in named collections of the state store
 * (`collections` maps the service's names to the store's collection names,
 * e.g. `{ apps: 'marathon.apps' }`). Values are UTF-8 JSON, so that an operator
 * or a tool in any language can read them with nothing but a JSON parser.
 *
 * Every write carries the leader's fence, so a deposed leader cannot overwrite
 * its successor's state (the store refuses it with FencedError). Writes are
 * built here and committed together: one change is all or nothing.
 */
export class JsonRecordStore<C extends string> {
  constructor(
    private readonly store: StateStore,
    private readonly collections: Readonly<Record<C, string>>,
    private readonly fence: () => Fence | undefined,
  ) {}

  /** Everything, for a new leader. A value that is not JSON is reported (CorruptRecordError) by the id it was under. */
  async load(): Promise<Record<C, StoredRecord[]>> {
    const names = Object.keys(this.collections) as C[];
    const lists = await Promise.all(names.map((name) => this.list(name)));
    const loaded = {} as Record<C, StoredRecord[]>;
    names.forEach((name, index) => {
      loaded[name] = lists[index] ?? [];
    });
    return loaded;
  }

  /** One record, or undefined. */
  async get(collection: C, id: string): Promise<unknown> {
    const bytes = await this.store.get(this.collections[collection], id);
    return bytes === undefined ? undefined : parseStored(this.collections[collection], id, bytes);
  }

  /** Every record of one collection. */
  async list(collection: C): Promise<StoredRecord[]> {
    const entries = await this.store.list(this.collections[collection]);
    return entries.map((e) => ({ id: e.id, value: parseStored(this.collections[collection], e.id, e.value) }));
  }

  put(collection: C, id: string, value: unknown): StoreWrite {
    return { op: 'put', collection: this.collections[collection], id, value: encoder.encode(JSON.stringify(value)) };
  }

  delete(collection: C, id: string): StoreWrite {
    return { op: 'delete', collection: this.collections[collection], id };
  }

  /** Commits `writes` atomically under the leader's fence. Rejects with FencedError once deposed. */
  commit(writes: readonly StoreWrite[]): Promise<void> {
    return this.store.commit(writes, this.fence());
  }
}

/** A stored value that is not JSON: the store was written by something else. */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
  constructor(
    readonly collection: string,
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super(`the record ${JSON.stringify(id)} of ${collection} is not JSON`, options);
  }
}

function parseStored(collection: string, id: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } catch (error) {
    throw new CorruptRecordError(collection, id, { cause: error });
  }
}
