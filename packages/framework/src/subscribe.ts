import { FrameworkRefusedError } from '@tessera/client';

/** What `subscribeUntilAccepted` logs through. */
export interface SubscribeLogger {
  warn(details: object, message: string): void;
}

/**
 * Subscribes the driver, trying again (250 ms doubling to 5 s) while no master
 * accepts — a master that starts later or fails over is waited for, as Marathon
 * and Chronos wait for Mesos. With several masters each attempt tries every one
 * (see SchedulerSession.subscribe). A refusal (FrameworkRefusedError) is final
 * and rethrown, as is any error once `stopped()` says so. Resolves with the
 * framework ID the master gave. `master` (one address or a list) is for messages.
 */
export async function subscribeUntilAccepted(
  driver: { start(): Promise<string> },
  options: {
    readonly master: string | readonly string[];
    readonly logger: SubscribeLogger;
    readonly stopped: () => boolean;
  },
): Promise<string> {
  const masters = typeof options.master === 'string' ? options.master : options.master.join(',');
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await driver.start();
    } catch (error) {
      if (error instanceof FrameworkRefusedError || options.stopped()) throw error;
      const delayMs = Math.min(5000, 250 * 2 ** attempt);
      options.logger.warn(
        { err: error, master: masters, retryInMs: delayMs },
        `cannot subscribe to the master at ${masters} — is it running? trying again`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
