export * from './resources.js';
export * from './tasks.js';
export * from './fairness.js';
export * from './json-keys.js';
