/** @tessera/marathon: an orchestrator for long-running services, an ordinary framework on Tessera's Scheduler API. */
export * from './core/index.js';
export * from './api.js';
export { marathonConfigSchema, loadMarathonConfig, type MarathonConfig } from './config.js';
export { startMarathon, type RunningMarathon, type StartMarathonOptions } from './server.js';
export { Marathon, MARATHON_VERSION } from './marathon.js';
export { registerMarathonRoutes, type MarathonRoutesOptions } from './rest/routes.js';
