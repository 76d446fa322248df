/**
 * One error class per way the master's request can be refused. Every refusal
 * leaves the model untouched. The service maps these to gRPC status codes.
 */

export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
  constructor(readonly agentId: string) {
    super(`unknown agent ${JSON.stringify(agentId)}`);
  }
}

export class UnknownFrameworkError extends Error {
  override readonly name = 'UnknownFrameworkError';
  constructor(readonly frameworkId: string) {
    super(`unknown framework ${JSON.stringify(frameworkId)}`);
  }
}

export class DuplicateAgentError extends Error {
  override readonly name = 'DuplicateAgentError';
  constructor(readonly agentId: string) {
    super(`agent ${JSON.stringify(agentId)} is already known`);
  }
}

export class DuplicateFrameworkError extends Error {
  override readonly name = 'DuplicateFrameworkError';
  constructor(readonly frameworkId: string) {
    super(`framework ${JSON.stringify(frameworkId)} is already known`);
  }
}

/** A role path that is not valid where it was given (e.g. "*" as a subscription role, "a//b"). */
export class InvalidRoleError extends Error {
  override readonly name = 'InvalidRoleError';
  constructor(
    readonly role: string,
    readonly where: string,
  ) {
    super(`${where}: invalid role ${JSON.stringify(role)}`);
  }
}

/** A required identifier was empty, or a framework has no roles. */
export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError';
}

export class InvalidWeightError extends Error {
  override readonly name = 'InvalidWeightError';
  constructor(
    readonly role: string,
    readonly weight: number,
  ) {
    super(`weight of role ${JSON.stringify(role)} must be a finite number > 0, got ${weight}`);
  }
}

export class InvalidFilterError extends Error {
  override readonly name = 'InvalidFilterError';
  constructor(readonly refuseSeconds: number) {
    super(`refuse_seconds must be a finite number >= 0, got ${refuseSeconds}`);
  }
}

/** An UpdateAllocation whose `from` is not allocated, or whose `to` is reserved outside the allocation's role. */
export class InvalidAllocationUpdateError extends Error {
  override readonly name = 'InvalidAllocationUpdateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A quota the allocator cannot enforce: a resource that is not an unreserved,
 * non-revocable scalar, a negative or non-finite amount, a limit below the
 * guarantee, or a guarantee above the limit of the role or of an ancestor.
 */
export class InvalidQuotaError extends Error {
  override readonly name = 'InvalidQuotaError';
  constructor(
    readonly role: string,
    readonly problem: string,
  ) {
    super(`quota of role ${JSON.stringify(role)}: ${problem}`);
  }
}
