export type { Fence, Lease, LeaseRenewal, StateStore, StoreLogger, StoreWrite } from './state-store.js';
export { FencedError, InvalidStoreArgumentError, StoreCommandError, StoreUnavailableError } from './errors.js';
export { createMemoryStore, MemoryStateStore, type MemoryStoreOptions } from './memory-store.js';
export { createRedisStore, RedisStateStore, type RedisStoreOptions } from './redis-store.js';
export { CorruptRecordError, JsonRecordStore, type StoredRecord } from './json-records.js';
export { GroupCommitPipeline, type GroupCommitOptions } from './group-commit.js';
