#!/usr/bin/env node
/** tessera-agent: runs one agent. Flags: --master, --work-dir, --resources, --attributes, --executor, ... */
import { createLogger, initTelemetry, loadConfig, onShutdown, runMain } from '@tessera/runtime';
import { agentConfigSchema } from './config.js';
import { SERVICE_NAME, startAgent, type RunningAgent } from './index.js';

await runMain(SERVICE_NAME, async () => {
  const config = loadConfig(agentConfigSchema, { name: SERVICE_NAME, envPrefix: 'TESSERA_' });
  const telemetry = initTelemetry(SERVICE_NAME);
  const logger = createLogger(SERVICE_NAME, { level: config.logLevel });
  const started: { agent?: RunningAgent } = {};
  const stop = async () => {
    await started.agent?.stop();
    await telemetry.shutdown();
  };
  started.agent = await startAgent(config, {
    logger,
    // As Mesos's agent does when its master shuts it down: stop (killing its tasks) and exit.
    onRefused: () => {
      stop().then(
        () => process.exit(1),
        () => process.exit(1),
      );
    },
  });
  onShutdown(logger, stop);
});
