import { describePrincipal } from './principal.js';

/**
 * The answer to one authorization request. `rule` names what decided it, in either case: the ACL rule
 * (`acls.yaml: teardown_frameworks[2] (principals ANY, framework_principals NONE)`, index 0-based), the
 * default (`acls.yaml: no teardown_frameworks rule matched and permissive is false`), or the absence of
 * ACLs (`no ACLs: everything is allowed`). Audit records carry it.
 */
export type Decision = Allowed | Denied;

export interface Allowed {
  readonly allowed: true;
  readonly rule: string;
}

export interface Denied {
  readonly allowed: false;
  /** The principal's name; '' for the anonymous caller. */
  readonly principal: string;
  readonly action: string;
  readonly object: string;
  readonly rule: string;
}

/**
 * The one line every refusal says: which principal, which action on which object, which ACL refused.
 * For example `principal "ci" may not teardown_frameworks "marathon": refused by acls.yaml:
 * teardown_frameworks[2] (principals ANY, framework_principals NONE)` (on one line).
 */
export function refusalMessage(decision: Denied): string {
  const object = decision.object === '' ? '(unnamed)' : JSON.stringify(decision.object);
  return `principal ${describePrincipal(decision.principal)} may not ${decision.action} ${object}: refused by ${decision.rule}`;
}
