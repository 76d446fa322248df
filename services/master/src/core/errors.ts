/**
 * One error class per way a command to the master can be refused. A refused
 * command has no effects and leaves the registry as it was. `../errors.ts` maps
 * each class to a gRPC code and an HTTP status, once.
 *
 * Messages quote what the caller sent only through `quote` (cut short), and
 * list at most MAX_LISTED_PROBLEMS problems, so that a refusal costs time and
 * space linear in the input and fits in a gRPC status.
 */
import { MAX_LISTED_PROBLEMS, quote } from './limits.js';

/** Joins problems for a message: the first MAX_LISTED_PROBLEMS, then how many more. */
export function listProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** A framework call without a framework ID, or naming one that has no open Subscribe stream. */
export class FrameworkNotSubscribedError extends Error {
  override readonly name = 'FrameworkNotSubscribedError';
  constructor(readonly frameworkId: string) {
    super(
      frameworkId === ''
        ? 'framework_id is required'
        : `framework ${quote(frameworkId)} is not subscribed; call Subscribe first`,
    );
  }
}

/** Subscribe with an invalid FrameworkInfo (no name, no roles, bad role, ...). */
export class InvalidFrameworkInfoError extends Error {
  override readonly name = 'InvalidFrameworkInfoError';
  constructor(readonly problems: readonly string[]) {
    super(listProblems(problems));
  }
}

/** Re-subscription with the ID of a framework that was removed (torn down, or failed over too late). */
export class FrameworkRemovedError extends Error {
  override readonly name = 'FrameworkRemovedError';
  constructor(readonly frameworkId: string) {
    super(`framework ${quote(frameworkId)} was removed; subscribe without an ID to start anew`);
  }
}

/** Decline or Accept named offers that are not outstanding offers of this framework. */
export class UnknownOfferError extends Error {
  override readonly name = 'UnknownOfferError';
  constructor(readonly offerIds: readonly string[]) {
    super(
      `unknown offers (expired, rescinded, used or not this framework's): ${listProblems(offerIds.map((id) => quote(id)))}`,
    );
  }
}

/** Filters that are not a finite number of seconds >= 0. */
export class InvalidFiltersError extends Error {
  override readonly name = 'InvalidFiltersError';
  constructor(readonly refuseSeconds: number) {
    super(`filters.refuse_seconds must be a finite number >= 0, got ${refuseSeconds}`);
  }
}

/** An Accept that cannot be applied. Its named offers were consumed and each task it named got TASK_ERROR. */
export class AcceptRefusedError extends Error {
  override readonly name = 'AcceptRefusedError';
  constructor(readonly problems: readonly string[]) {
    super(`Accept refused: ${listProblems(problems)}`);
  }
}

/** Suppress or Revive naming roles the framework did not subscribe with. */
export class UnknownRoleError extends Error {
  override readonly name = 'UnknownRoleError';
  constructor(readonly roles: readonly string[]) {
    super(`not roles of this framework: ${listProblems(roles.map((r) => quote(r)))}`);
  }
}

/** A Kill without a task ID or with a bad kill policy. */
export class InvalidKillError extends Error {
  override readonly name = 'InvalidKillError';
}

/** Acknowledgements without task ID or uuid, or naming tasks the master does not know. */
export class InvalidAcknowledgementError extends Error {
  override readonly name = 'InvalidAcknowledgementError';
  constructor(readonly problems: readonly string[]) {
    super(listProblems(problems));
  }
}

/** Register or Reregister that cannot be accepted (no agent_info, no ID to re-register with, ...). */
export class InvalidRegistrationError extends Error {
  override readonly name = 'InvalidRegistrationError';
}

export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
  constructor(readonly agentId: string) {
    super(`agent ${quote(agentId)} is unknown`);
  }
}

/** A call named an agent that is GONE (its machine rebooted): it never comes back; its machine registers anew. */
export class AgentGoneError extends Error {
  override readonly name = 'AgentGoneError';
  constructor(
    readonly agentId: string,
    hint = '',
  ) {
    super(`agent ${quote(agentId)} is gone (its machine rebooted)${hint}`);
  }
}

/** An operator's reserve or unreserve that cannot be made; nothing changed. */
export class InvalidReservationError extends Error {
  override readonly name = 'InvalidReservationError';
}

/** A quota that breaks a rule (see quotaProblems); nothing changed. */
export class InvalidQuotaError extends Error {
  override readonly name = 'InvalidQuotaError';
  constructor(
    readonly role: string,
    readonly problems: readonly string[],
  ) {
    super(`quota for ${quote(role)} refused: ${listProblems(problems)}`);
  }
}

/** Removing the quota of a role that has none. */
export class NoQuotaError extends Error {
  override readonly name = 'NoQuotaError';
  constructor(readonly role: string) {
    super(`role ${quote(role)} has no quota`);
  }
}

/** Weights that are not valid roles with numbers > 0; nothing changed. */
export class InvalidWeightsError extends Error {
  override readonly name = 'InvalidWeightsError';
  constructor(readonly problems: readonly string[]) {
    super(`weights refused: ${listProblems(problems)}`);
  }
}

/** A queue policy for an invalid role, or not DRF, FIFO or PRIORITY. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
  constructor(readonly problems: readonly string[]) {
    super(`policy refused: ${listProblems(problems)}`);
  }
}

/** A drain with a kill policy whose grace period is not a finite number >= 0. */
export class InvalidDrainError extends Error {
  override readonly name = 'InvalidDrainError';
}

/** An input over one of the master's bounds (see limits.ts); the message names the field and the limit. */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
  constructor(
    readonly field: string,
    readonly limit: string,
  ) {
    super(`${field} is over the limit of ${limit}`);
  }
}

/**
 * A call for a framework by a principal other than the one that registered it: Subscribe with its ID (taking over its
 * session), a Scheduler call, or (`frameworkId` '') a FrameworkInfo.principal that is not the caller's own. Names both
 * principals.
 */
export class FrameworkPrincipalMismatchError extends Error {
  override readonly name = 'FrameworkPrincipalMismatchError';
  constructor(
    readonly frameworkId: string,
    readonly frameworkPrincipal: string,
    readonly callerPrincipal: string,
    what: string,
  ) {
    super(
      frameworkId === ''
        ? `principal ${describe(callerPrincipal)} may not subscribe a framework with framework_info.principal ${describe(frameworkPrincipal)}: it must be empty or the caller's own (identity check)`
        : `principal ${describe(callerPrincipal)} may not ${what} framework ${quote(frameworkId)}: it belongs to principal ${describe(frameworkPrincipal)} (identity check)`,
    );
  }
}

/** A Reregister (or a Register naming it as previous_agent_id) of an agent ID bound to another principal. */
export class AgentPrincipalMismatchError extends Error {
  override readonly name = 'AgentPrincipalMismatchError';
  constructor(
    readonly agentId: string,
    readonly agentPrincipal: string,
    readonly callerPrincipal: string,
  ) {
    super(
      `principal ${describe(callerPrincipal)} may not re-register agent ${quote(agentId)}: it was registered by principal ${describe(agentPrincipal)} (identity check)`,
    );
  }
}

/** A principal as refusals name it: "ops" (quoted), or anonymous. */
function describe(principal: string): string {
  return principal === '' ? 'anonymous' : quote(principal);
}

/** An operator call naming a framework the master does not know (never subscribed, or removed). */
export class UnknownFrameworkError extends Error {
  override readonly name = 'UnknownFrameworkError';
  constructor(readonly frameworkId: string) {
    super(frameworkId === '' ? 'framework_id is required' : `unknown framework ${quote(frameworkId)}`);
  }
}
