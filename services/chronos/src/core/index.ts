/** Chronos's pure core: the domain model, job definitions, schedules, the run ledger, the job graph and its dependency state. */
export * from './model.js';
export * from './schedule-parse.js';
export * from './schedule.js';
export { PROTO_KEY, UNKNOWN_FIELD, type JobProblem } from './job-problems.js';
export * from './job-definition.js';
export * from './job-graph.js';
export * from './dependency-state.js';
export * from './run-ledger.js';
export * from './limits.js';
