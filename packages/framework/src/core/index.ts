export * from './constraints.js';
export * from './demand.js';
export * from './known-tasks.js';
export * from './matcher.js';
export * from './offer.js';
export * from './reasons.js';
export * from './request.js';
