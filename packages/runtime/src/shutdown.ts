import type { Logger } from './logging.js';

/**
 * Runs `close` once on SIGTERM or SIGINT, then exits 0 (1 if closing failed or
 * took longer than `timeoutMs`, default 10 s). A second signal exits at once.
 */
export function onShutdown(logger: Logger, close: () => Promise<void>, timeoutMs = 10_000): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/**
 * Runs a service's main: awaits `start`, and on a ConfigError or any failure to
 * start, prints the message to stderr and exits 2 (configuration) or 1.
 */
export async function runMain(name: string, start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    const isConfig = error instanceof Error && error.name === 'ConfigError';
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(isConfig ? 2 : 1);
  }
}
