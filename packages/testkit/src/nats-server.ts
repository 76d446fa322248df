import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeAtExit } from './child-registry.js';
import { readFirstLine } from './tcp-probe.js';
import { resolveBinary, ServerProcess } from './server-process.js';

export interface StartNatsOptions {
  /** Listen on this port instead of a free one. */
  port?: number;
  /** Enable JetStream, storing in a directory kept (across restarts) for the life of the test process. Default false. */
  jetstream?: boolean;
}

/** A nats-server child process listening on 127.0.0.1. */
export interface NatsServer {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** SIGTERM (SIGKILL after 5 s); resolves once the process exited. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL; resolves once the process exited. Idempotent. */
  kill(): Promise<void>;
  /** SIGSTOP: connections stay open, nothing is answered (a hung or partitioned server), until `thaw()`. */
  freeze(): void;
  /** SIGCONT after `freeze()`. */
  thaw(): void;
  /** Starts it again on the same port (stopping it first if it is running); resolves once it sends INFO. */
  restart(): Promise<void>;
}

/**
 * Starts `nats-server` (from $TESSERA_NATS_SERVER, PATH or the system dirs) on a free port (or `options.port`);
 * resolves once a TCP client receives the server's INFO line. Rejects with ServerStartError if it exits or is not
 * ready within 15 s. The process is SIGKILLed when the test process exits.
 */
export async function startNats(options: StartNatsOptions = {}): Promise<NatsServer> {
  const jetstream: string[] = [];
  if (options.jetstream) {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-nats-'));
    removeAtExit(dir);
    jetstream.push('-js', '-sd', dir);
  }
  const server = await ServerProcess.start(
    {
      what: 'nats-server',
      binary: resolveBinary('nats-server', 'TESSERA_NATS_SERVER'),
      args: (port) => ['-a', '127.0.0.1', '-p', String(port), ...jetstream],
      isReady: async (port) => (await readFirstLine(port))?.startsWith('INFO ') ?? false,
    },
    options.port,
  );
  return {
    url: `nats://127.0.0.1:${server.port}`,
    port: server.port,
    stop: () => server.stop(),
    kill: () => server.kill(),
    freeze: () => server.freeze(),
    thaw: () => server.thaw(),
    restart: () => server.restart(),
  };
}
