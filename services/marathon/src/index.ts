/** @tessera/marathon: an orchestrator for long-running services, an ordinary framework on Tessera's Scheduler API. */
export * from './core/index.js';
