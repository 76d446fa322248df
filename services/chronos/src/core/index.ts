/** Chronos's pure core: the domain model, job definitions, schedules, the run ledger and the job graph. */
export * from './model.js';
export * from './schedule-parse.js';
export * from './schedule.js';
export { PROTO_KEY, UNKNOWN_FIELD, type JobProblem } from './job-problems.js';
export * from './job-definition.js';
export * from './run-ledger.js';
