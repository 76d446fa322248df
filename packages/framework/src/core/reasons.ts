/**
 * Why an offer does not fit a task: a closed set, with Marathon's names
 * (`NoOfferMatchReason`) so that Marathon's `/v2/queue` can show them as they are.
 * Each says how the caller reacts:
 * - `UnfulfilledRole`: the offer's role, or the reservations of everything it
 *   holds, are not ones the task may use; another role's offer may fit.
 * - `UnfulfilledConstraint`: a placement constraint rules the agent out; another
 *   agent may fit (or none will, until instances are placed elsewhere).
 * - `DeclinedScarceResources`: the agent has GPUs and the task wants none; GPU
 *   agents are kept for GPU tasks (Marathon's `--gpu_scheduling_behavior restricted`).
 * - `Insufficient*`: the offer holds too little of one kind; a larger offer, or
 *   this agent once tasks end, may fit.
 */
export const NO_MATCH_REASONS = [
  'UnfulfilledRole',
  'UnfulfilledConstraint',
  'DeclinedScarceResources',
  'InsufficientCpus',
  'InsufficientMemory',
  'InsufficientDisk',
  'InsufficientGpus',
  'InsufficientPorts',
] as const;

export type NoMatchReason = (typeof NO_MATCH_REASONS)[number];

/** One reason an offer does not fit, with a sentence saying what was wanted and what was there. */
export interface Rejection {
  readonly reason: NoMatchReason;
  readonly message: string;
}
