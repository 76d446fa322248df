import { JsonRecordStore, type Fence, type StateStore } from '@tessera/store';

/**
 * Store collections of Chronos's state. Values are UTF-8 JSON, readable with
 * nothing but a JSON parser: a job record is the ledger's JobState (the
 * normalized definition, its schedule cursor, counters), a run record the
 * ledger's Run with its attempts.
 */
export const CHRONOS_COLLECTIONS = {
  /** Every job's JobState, by job name. */
  jobs: 'chronos.jobs',
  /** Every run kept (active and history), by `runKey` ("job@scheduledAtMs"). */
  runs: 'chronos.runs',
  /** Single records: `frameworkId`, `leader` (its HTTP address), `dependencies` (the dependency state's JSON). */
  meta: 'chronos.meta',
} as const;

export type ChronosCollection = keyof typeof CHRONOS_COLLECTIONS;

/** Chronos's state in the state store: fenced JSON records (see JsonRecordStore). */
export class ChronosStore extends JsonRecordStore<ChronosCollection> {
  constructor(store: StateStore, fence: () => Fence | undefined) {
    super(store, CHRONOS_COLLECTIONS, fence);
  }
}
