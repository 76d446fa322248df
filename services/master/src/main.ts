#!/usr/bin/env node
import { initTelemetry, onShutdown, runMain, createLogger } from '@tessera/runtime';
import { loadMasterConfig } from './config.js';
import { startMaster } from './server.js';

await runMain('tessera-master', async () => {
  const config = loadMasterConfig();
  const telemetry = initTelemetry('tessera-master');
  const logger = createLogger('master', { level: config.logLevel });
  const running = await startMaster(config, { logger });
  onShutdown(logger, async () => {
    await running.stop();
    await telemetry.shutdown();
  });
});
