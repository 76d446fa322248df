/** Chronos's pure core: the domain model, job definitions, schedules, the run ledger, the job graph and its dependency state. */
export * from './model.js';
export * from './schedule-parse.js';
export * from './job-graph.js';
export * from './dependency-state.js';
