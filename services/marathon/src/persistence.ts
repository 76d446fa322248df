import { JsonRecordStore, type Fence, type StateStore, type StoredRecord } from '@tessera/store';

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

export type { StoredRecord } from '@tessera/store';
export { CorruptRecordError } from '@tessera/store';

export type LoadedMarathonState = Record<MarathonCollection, StoredRecord[]>;

/** The key of one stored app version. */
export const appVersionKey = (appId: string, version: string): string => `${appId}\n${version}`;

/** Marathon's state in the state store: its collections, fenced JSON records (see JsonRecordStore). */
export class MarathonStore extends JsonRecordStore<MarathonCollection> {
  constructor(store: StateStore, fence: () => Fence | undefined) {
    super(store, MARATHON_COLLECTIONS, fence);
  }
}
