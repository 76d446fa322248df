import type { Fence, StateStore, StoreWrite } from '@tessera/store';

/**
 * Store collections of Marathon's state. Values are UTF-8 JSON: apps and groups
 * in Marathon's own JSON shape (what `GET /v2/apps/{id}` shows for the
 * definition), so that an operator or a tool in any language can read them
 * with nothing but a JSON parser.
 */
export const MARATHON_COLLECTIONS = {
  /** The current definition of every app, by app id. */
  apps: 'marathon.apps',
  /** Every version of every app, by `<app id>\n<version>`, for `/v2/apps/{id}/versions` and rollback. */
  appVersions: 'marathon.app-versions',
  /** Every group (id, dependencies, version — not its apps), by group id. */
  groups: 'marathon.groups',
  /** Running deployments, by deployment id. */
  deployments: 'marathon.deployments',
  /** Every instance, by instance id. */
  instances: 'marathon.instances',
  /** Single records: the framework ID, the root group's version. */
  meta: 'marathon.meta',
} as const;

export type MarathonCollection = keyof typeof MARATHON_COLLECTIONS;

/** A record of one collection, as stored (parsed JSON). */
export interface StoredRecord {
  readonly id: string;
  readonly value: unknown;
}

export type LoadedMarathonState = Record<MarathonCollection, StoredRecord[]>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The key of one stored app version. */
export const appVersionKey = (appId: string, version: string): string => `${appId}\n${version}`;

/**
 * Marathon's state in the state store. Every write carries the leader's fence,
 * so a deposed Marathon cannot overwrite its successor's state (the store
 * refuses it with FencedError). Writes are built here and committed together,
 * so that one change (an app and its deployment) is all or nothing.
 */
export class MarathonStore {
  constructor(
    private readonly store: StateStore,
    private readonly fence: () => Fence | undefined,
  ) {}

  /** Everything, for a new leader. A value that is not JSON is reported by the id it was under. */
  async load(): Promise<LoadedMarathonState> {
    const names = Object.keys(MARATHON_COLLECTIONS) as MarathonCollection[];
    const lists = await Promise.all(names.map((name) => this.store.list(MARATHON_COLLECTIONS[name])));
    const loaded = {} as LoadedMarathonState;
    names.forEach((name, index) => {
      loaded[name] = (lists[index] ?? []).map((entry) => ({
        id: entry.id,
        value: parseStored(MARATHON_COLLECTIONS[name], entry.id, entry.value),
      }));
    });
    return loaded;
  }

  /** One record, or undefined. */
  async get(collection: MarathonCollection, id: string): Promise<unknown> {
    const bytes = await this.store.get(MARATHON_COLLECTIONS[collection], id);
    return bytes === undefined ? undefined : parseStored(MARATHON_COLLECTIONS[collection], id, bytes);
  }

  /** Every record of one collection (e.g. an app's versions, filtered by the caller). */
  async list(collection: MarathonCollection): Promise<StoredRecord[]> {
    const entries = await this.store.list(MARATHON_COLLECTIONS[collection]);
    return entries.map((e) => ({ id: e.id, value: parseStored(MARATHON_COLLECTIONS[collection], e.id, e.value) }));
  }

  put(collection: MarathonCollection, id: string, value: unknown): StoreWrite {
    return {
      op: 'put',
      collection: MARATHON_COLLECTIONS[collection],
      id,
      value: encoder.encode(JSON.stringify(value)),
    };
  }

  delete(collection: MarathonCollection, id: string): StoreWrite {
    return { op: 'delete', collection: MARATHON_COLLECTIONS[collection], id };
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
