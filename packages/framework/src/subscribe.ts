import { FrameworkRefusedError } from '@tessera/client';

/** What `subscribeUntilAccepted` logs through. */
export interface SubscribeLogger {
  warn(details: object, message: string): void;
}

/**
 * Subscribes the driver, trying again (250 ms doubling to 5 s) while the master
 * cannot be reached — a master that starts later or fails over is waited for,
 * as Marathon and Chronos wait for Mesos. A refusal (FrameworkRefusedError) is
 * final and rethrown, as is any error once `stopped()` says so. Resolves with
 * the framework ID the master gave.
 */
export async function subscribeUntilAccepted(
  driver: { start(): Promise<string> },
  options: { readonly master: string; readonly logger: SubscribeLogger; readonly stopped: () => boolean },
): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await driver.start();
    } catch (error) {
      if (error instanceof FrameworkRefusedError || options.stopped()) throw error;
      const delayMs = Math.min(5000, 250 * 2 ** attempt);
      options.logger.warn(
        { err: error, master: options.master, retryInMs: delayMs },
        `cannot subscribe to the master at ${options.master} — is it running? trying again`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
