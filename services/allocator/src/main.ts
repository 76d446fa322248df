#!/usr/bin/env node
/** tessera-allocator: runs the allocator service. Flags: --port, --http-port, --allocation-interval-ms, ... */
import { createLogger, initTelemetry, loadConfig, onShutdown, runMain } from '@tessera/runtime';
import { allocatorConfigSchema } from './config.js';
import { SERVICE_NAME, startAllocator } from './server.js';

await runMain(SERVICE_NAME, async () => {
  const config = loadConfig(allocatorConfigSchema, { name: SERVICE_NAME, envPrefix: 'TESSERA_' });
  const telemetry = initTelemetry(SERVICE_NAME);
  const logger = createLogger(SERVICE_NAME, { level: config.logLevel });
  const running = await startAllocator(config, { logger });
  onShutdown(logger, async () => {
    await running.stop();
    await telemetry.shutdown();
  });
});
