/** Marathon's pure core: the domain model, app definitions, groups, deployment planning, instances and the launch queue. */
export * from './model.js';
export * from './paths.js';
export * from './problems.js';
export * from './errors.js';
export * from './app-definition.js';
export * from './equality.js';
export * from './versions.js';
export * from './group-tree.js';
export * from './task-ids.js';
export * from './task-status.js';
export * from './instance-effects.js';
export * from './health-checks.js';
export * from './instance-tracker.js';
export * from './launch-queue.js';
export * from './offer-matching.js';
export * from './framework-matcher.js';
