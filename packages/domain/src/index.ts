export * from './resources.js';
export * from './tasks.js';
