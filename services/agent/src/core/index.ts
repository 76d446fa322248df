export * from './types.js';
export * from './resources.js';
export * from './status-updates.js';
export * from './task-tracker.js';
export * from './backoff.js';
export * from './health.js';
export * from './journal-records.js';
export * from './journal-replay.js';
