#!/usr/bin/env node
import { createLogger, initTelemetry, onShutdown, runMain } from '@tessera/runtime';
import { loadMarathonConfig } from './config.js';
import { startMarathon } from './server.js';

await runMain('tessera-marathon', async () => {
  const config = loadMarathonConfig();
  const telemetry = initTelemetry('tessera-marathon');
  const logger = createLogger('marathon', { level: config.logLevel });
  const running = await startMarathon(config, { logger });
  onShutdown(logger, async () => {
    await running.stop();
    await telemetry.shutdown();
  });
});
