// The public surface of @tessera/chronos: its pure core (for now).
export * from './core/index.js';
export { chronosConfigSchema, loadChronosConfig, type ChronosConfig } from './config.js';
export { startChronos, type RunningChronos, type StartChronosOptions } from './server.js';
