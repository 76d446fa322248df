export * from './clients.js';
export * from './errors.js';
export * from './scheduler-session.js';
export * from './leader-calls.js';
export { DEFAULT_RESUBSCRIBE_BACKOFF, resubscribeDelayMs, type ResubscribeBackoff } from './core/index.js';
