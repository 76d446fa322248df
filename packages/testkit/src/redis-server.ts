import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeAtExit } from './child-registry.js';
import { readFirstLine } from './tcp-probe.js';
import { resolveBinary, ServerProcess } from './server-process.js';

export interface StartRedisOptions {
  /** Listen on this port instead of a free one. */
  port?: number;
  /**
   * Keep data across `restart()` (and `kill()`): append-only file with `appendfsync always` in a directory kept for
   * the life of the test process. Default false: no persistence at all, a restart starts empty.
   */
  persistent?: boolean;
  /**
   * With `persistent`: when the append-only file is fsynced. `always` (default): before every write is acknowledged;
   * `everysec`: once a second (what the README recommends for production; a kill -9 of Redis loses nothing, since
   * the file is written before the answer, but a crash of the machine may lose the last second).
   */
  appendfsync?: 'always' | 'everysec';
}

/** A redis-server child process listening on 127.0.0.1. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
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
  /** Starts it again on the same port (stopping it first if it is running); resolves once it answers PING. */
  restart(): Promise<void>;
}

/**
 * Starts `redis-server` (from $TESSERA_REDIS_SERVER, PATH or the system dirs) on a free port (or `options.port`) with a
 * fresh data directory; resolves once it answers PING. Rejects with ServerStartError if it exits or is not ready
 * within 15 s. The process is SIGKILLed when the test process exits.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-redis-'));
  removeAtExit(dir);
  const persistence = options.persistent
    ? ['--appendonly', 'yes', '--appendfsync', options.appendfsync ?? 'always']
    : ['--appendonly', 'no'];
  const server = await ServerProcess.start(
    {
      what: 'redis-server',
      binary: resolveBinary('redis-server', 'TESSERA_REDIS_SERVER'),
      args: (port) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir],
      isReady: async (port) => (await readFirstLine(port, 'PING\r\n')) === '+PONG',
    },
    options.port,
  );
  return {
    url: `redis://127.0.0.1:${server.port}`,
    port: server.port,
    stop: () => server.stop(),
    kill: () => server.kill(),
    freeze: () => server.freeze(),
    thaw: () => server.thaw(),
    restart: () => server.restart(),
  };
}
