/**
 * The master's bounds on what a caller may send. Every input is checked against
 * them before anything is decided, so that no single call can cost the master
 * more than time linear in a bounded input, and every answer (errors included)
 * stays small. A value over a bound is refused with LimitExceededError naming
 * the field and the bound.
 */

/** Framework, agent, task and offer IDs, in characters. */
export const MAX_ID_LENGTH = 255;
/** Framework and task names, host names, principals, in characters. */
export const MAX_NAME_LENGTH = 1024;
/** Roles a framework may subscribe with. */
export const MAX_ROLES_PER_FRAMEWORK = 64;
/** Capabilities a framework may name. */
export const MAX_CAPABILITIES = 32;
/** Offers one Accept or Decline may name. */
export const MAX_OFFERS_PER_CALL = 1000;
/** Operations in one Accept. */
export const MAX_OPERATIONS_PER_ACCEPT = 1000;
/** Tasks launched by one Accept. */
export const MAX_TASKS_PER_ACCEPT = 10_000;
/** Resource entries of one task, agent, reservation or quota. */
export const MAX_RESOURCES_PER_ITEM = 1000;
/** Labels of one task. */
export const MAX_LABELS = 128;
/** Environment variables of one task. */
export const MAX_ENVIRONMENT_VARIABLES = 1024;
/** Bytes of a task's command line, arguments, environment and labels together. */
export const MAX_TASK_TEXT_BYTES = 256 * 1024;
/** URIs fetched for one task. */
export const MAX_URIS = 128;
/** Acknowledgements in one AcknowledgeBatch; tasks named in one Reconcile. */
export const MAX_BATCH_ITEMS = 100_000;
/** Characters of a status message the master keeps and forwards; longer ones are cut. */
export const MAX_STATUS_MESSAGE_LENGTH = 4096;
/** Problems an error message lists before saying how many more there are. */
export const MAX_LISTED_PROBLEMS = 10;
/** Characters of a caller's value quoted in an error message. */
export const MAX_QUOTED_LENGTH = 80;

/** `value` as JSON, cut to MAX_QUOTED_LENGTH characters, for error messages. */
export function quote(value: string): string {
  if (value.length <= MAX_QUOTED_LENGTH) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, MAX_QUOTED_LENGTH))}… (${value.length} characters)`;
}

/** `text` cut to at most `max` characters, saying so. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
