/** Chronos's pure core: the domain model, job definitions, schedules, the run ledger and the job graph. */
export * from './model.js';
export * from './schedule-parse.js';
export * from './job-graph.js';
