#!/usr/bin/env node
import { createLogger, initTelemetry, onShutdown, runMain } from '@tessera/runtime';
import { loadChronosConfig } from './config.js';
import { startChronos } from './server.js';

await runMain('tessera-chronos', async () => {
  const config = loadChronosConfig();
  const telemetry = initTelemetry('tessera-chronos');
  const logger = createLogger('chronos', { level: config.logLevel });
  const running = await startChronos(config, { logger });
  onShutdown(logger, async () => {
    await running.stop();
    await telemetry.shutdown();
  });
});
