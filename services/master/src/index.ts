export { startMaster, MASTER_VERSION, type RunningMaster, type StartMasterOptions } from './server.js';
export { masterConfigSchema, loadMasterConfig, type MasterConfig } from './config.js';
export { MASTER_ERRORS } from './errors.js';
export * from './core/index.js';
