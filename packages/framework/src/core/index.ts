export * from './constraints.js';
export * from './matcher.js';
export * from './offer.js';
export * from './reasons.js';
export * from './request.js';
