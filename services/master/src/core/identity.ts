/**
 * Identity checks on the registry: which principal a framework or an agent ID belongs to, and whether a caller's
 * principal may act for it. They apply whether or not authentication is required: between principals that are
 * known, a framework or an agent stays its first principal's. Principals are names; '' is the anonymous caller.
 */
import { AgentPrincipalMismatchError, FrameworkPrincipalMismatchError } from './errors.js';
import type { AgentRecord, FrameworkRecord } from './model.js';

/**
 * Refuses (FrameworkPrincipalMismatchError) a caller acting for `framework` unless it is the framework's principal.
 * `what` words the call ("subscribe as", "call Accept for").
 */
export function requireFrameworkPrincipal(framework: FrameworkRecord, caller: string, what: string): void {
  if (framework.info.principal !== caller)
    throw new FrameworkPrincipalMismatchError(framework.id, framework.info.principal, caller, what);
}

/**
 * Whether `caller` may re-register `agent` (or name it as its previous boot): the principal that registered it, or
 * anyone when it was recorded without a principal and the caller has one (it is then bound to the caller; see
 * AgentRecord.principal). An anonymous caller may not take over an agent registered by a principal.
 */
export function mayActForAgent(agent: AgentRecord, caller: string): boolean {
  return agent.principal === caller || agent.principal === '';
}

/** mayActForAgent, refusing with AgentPrincipalMismatchError. */
export function requireAgentPrincipal(agent: AgentRecord, caller: string): void {
  if (!mayActForAgent(agent, caller)) throw new AgentPrincipalMismatchError(agent.id, agent.principal, caller);
}
