export * from './accept.js';
export * from './status.js';
export * from './quota.js';
