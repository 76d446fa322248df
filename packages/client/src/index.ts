export * from './clients.js';
export * from './scheduler-session.js';
