export * from './backoff.js';
export * from './suppression.js';
export * from './verdicts.js';
