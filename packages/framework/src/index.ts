// The public surface of @tessera/framework: the pure core (matching, constraints,
// requests, the demand and reconciliation rules) and the shell over the wire
// (offer conversion, launch building, the driver over SchedulerSession).
export {
  CONSTRAINT_OPERATORS,
  constraintHolds,
  constraintProblems,
  fieldValue,
  formatConstraint,
  parseConstraint,
  parseConstraints,
  renderAttribute,
  unmetConstraints,
  validateConstraint,
  type Constraint,
  type ConstraintOperator,
  type ParsedConstraint,
  type PlacementContext,
} from './core/constraints.js';
export { demandCall, type DemandCall, type DemandState } from './core/demand.js';
export { KnownTasks, MAX_TASKS_PER_RECONCILE } from './core/known-tasks.js';
export {
  InvalidTaskRequestError,
  matchOffer,
  packCopies,
  packOffer,
  type Match,
  type MatchOptions,
  type MatchResult,
  type Mismatch,
  type PackedLaunch,
  type PackOptions,
  type PackResult,
} from './core/matcher.js';
export type { AgentFields, OfferView } from './core/offer.js';
export { NO_MATCH_REASONS, type NoMatchReason, type Rejection } from './core/reasons.js';
export { taskRequestFromResources, validateTaskRequest, type TaskRequest } from './core/request.js';
export {
  FrameworkDriver,
  type DriverSession,
  type FrameworkDriverEvents,
  type FrameworkDriverOptions,
} from './framework-driver.js';
export {
  buildTaskInfo,
  InvalidLaunchSpecError,
  type CommandSpec,
  type HealthCheckSpec,
  type HealthCheckTiming,
  type LaunchSpec,
  type MatchedResources,
  type UriSpec,
} from './launch.js';
export { offerFromProto } from './offer-convert.js';
export { subscribeUntilAccepted, type SubscribeLogger } from './subscribe.js';
