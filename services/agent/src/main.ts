#!/usr/bin/env node
/**
 * tessera-agent: runs one agent. Flags: --master, --work-dir, --resources, --attributes, --executor, ...
 * SIGTERM stops the agent and leaves its tasks running (a restarted agent recovers them); SIGUSR1 kills them first.
 */
import { createLogger, initTelemetry, loadConfig, onShutdown, runMain } from '@tessera/runtime';
import { agentConfigSchema } from './config.js';
import { SERVICE_NAME, startAgent, type RunningAgent } from './server.js';

await runMain(SERVICE_NAME, async () => {
  const config = loadConfig(agentConfigSchema, { name: SERVICE_NAME, envPrefix: 'TESSERA_' });
  const telemetry = initTelemetry(SERVICE_NAME);
  const logger = createLogger(SERVICE_NAME, { level: config.logLevel });
  const started: { agent?: RunningAgent } = {};
  /** Tasks survive an agent restart when it checkpoints (the next agent process recovers them). */
  const keepTasks = config.checkpoint && config.executor === 'process';
  const stop = async (options: { keepTasks: boolean } = { keepTasks }) => {
    await started.agent?.stop(options);
    await telemetry.shutdown();
  };
  started.agent = await startAgent(config, {
    logger,
    // As Mesos's agent does when its master shuts it down: stop (killing its tasks) and exit.
    onRefused: () => {
      stop({ keepTasks: false }).then(
        () => process.exit(1),
        () => process.exit(1),
      );
    },
  });
  // SIGTERM/SIGINT: stop, leaving tasks running for recovery. SIGUSR1 (as Mesos): kill every task, then exit.
  onShutdown(logger, () => stop());
  process.once('SIGUSR1', () => {
    logger.info({ signal: 'SIGUSR1' }, 'shutting down and killing every task');
    stop({ keepTasks: false }).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
});
