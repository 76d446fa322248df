/** `waitFor` gave up: the probe never returned a truthy value before the deadline. `cause` is the probe's last error, if it threw. */
export class WaitForTimeoutError extends Error {
  override readonly name = 'WaitForTimeoutError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A server process (redis-server, nats-server) exited or never became ready while starting. The message carries the tail of its output. */
export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
