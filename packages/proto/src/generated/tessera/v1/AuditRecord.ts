// Original file: proto/tessera/v1/events.proto

/**
 * One decision of a service's authentication, authorisation or identity checks,
 * as written to its audit log (one JSON line with the same fields): every
 * operator action (allowed or not) and every refusal. Published on
 * tessera.audit.<action>.
 */
export interface AuditRecord {
  /**
   * When it was decided, ISO 8601 UTC with milliseconds.
   */
  time?: string;
  /**
   * The deciding service: "master", "marathon", "chronos".
   */
  service?: string;
  /**
   * The caller's principal; "" for the anonymous caller.
   */
  principal?: string;
  /**
   * How the caller proved it: "certificate", "token", "basic", "anonymous".
   */
  via?: string;
  /**
   * An ACL action ("set_quotas", "register_agents") or an identity check
   * ("authenticate", "subscribe_framework", "reregister_agent", ...).
   */
  action?: string;
  /**
   * The object of the action: a role, a host name, a framework's principal, an ID.
   */
  object?: string;
  allowed?: boolean;
  /**
   * What decided: the ACL rule, the default, "no ACLs", or the identity check.
   */
  rule?: string;
  /**
   * What came of an allowed action ("ok", or the error that refused it); "" if not known.
   */
  outcome?: string;
}

/**
 * One decision of a service's authentication, authorisation or identity checks,
 * as written to its audit log (one JSON line with the same fields): every
 * operator action (allowed or not) and every refusal. Published on
 * tessera.audit.<action>.
 */
export interface AuditRecord__Output {
  /**
   * When it was decided, ISO 8601 UTC with milliseconds.
   */
  time: string;
  /**
   * The deciding service: "master", "marathon", "chronos".
   */
  service: string;
  /**
   * The caller's principal; "" for the anonymous caller.
   */
  principal: string;
  /**
   * How the caller proved it: "certificate", "token", "basic", "anonymous".
   */
  via: string;
  /**
   * An ACL action ("set_quotas", "register_agents") or an identity check
   * ("authenticate", "subscribe_framework", "reregister_agent", ...).
   */
  action: string;
  /**
   * The object of the action: a role, a host name, a framework's principal, an ID.
   */
  object: string;
  allowed: boolean;
  /**
   * What decided: the ACL rule, the default, "no ACLs", or the identity check.
   */
  rule: string;
  /**
   * What came of an allowed action ("ok", or the error that refused it); "" if not known.
   */
  outcome: string;
}
