/** The master's pure core: registry model, steps, effects, errors and bounds. */
export * from './accept.js';
export * from './effects.js';
export * from './errors.js';
export * from './limits.js';
export * from './model.js';
export * from './quota.js';
export * from './status.js';
export { mayActForAgent, requireAgentPrincipal, requireFrameworkPrincipal } from './identity.js';
export { MasterCore } from './master-core.js';
export { Registry } from './registry.js';
export type { CoreOptions, IdSource } from './context.js';
export type { RegisterCommand, ReportedTask, ReregisterCommand } from './agents.js';
export type { SubscribeCommand } from './frameworks.js';
export type { DeclineCommand } from './offers.js';
export type { RoleView } from './roles.js';
export type { Acknowledgement, KillCommand, ReconcileTask, StatusUpdateCommand, StatusUpdateOutcome } from './tasks.js';
