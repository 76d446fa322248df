/**
 * The roles a session keeps suppressed, so that a re-subscription asks for the
 * same suppression as the stream it replaces. Pure.
 */

/** `Suppress` with `roles` (every role of the framework when empty) succeeded. */
export function suppressedAfterSuppress(
  suppressed: ReadonlySet<string>,
  roles: readonly string[],
  frameworkRoles: readonly string[],
): Set<string> {
  return new Set([...suppressed, ...(roles.length === 0 ? frameworkRoles : roles)]);
}

/** `Revive` with `roles` (every role when empty) succeeded. */
export function suppressedAfterRevive(suppressed: ReadonlySet<string>, roles: readonly string[]): Set<string> {
  if (roles.length === 0) return new Set();
  const revived = new Set(roles);
  return new Set([...suppressed].filter((role) => !revived.has(role)));
}
