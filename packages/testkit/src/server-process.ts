import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { trackChild } from './child-registry.js';
import { ServerStartError } from './errors.js';
import { freePort } from './free-port.js';

/** How to run and probe one kind of server. */
export interface ServerSpec {
  /** For messages: "redis-server". */
  what: string;
  /** Absolute path of the executable. */
  binary: string;
  args(port: number): string[];
  /** True once the server on `port` answers. Never throws. */
  isReady(port: number): Promise<boolean>;
}

const startTimeoutMs = 15_000;
const stopGraceMs = 5_000;
const readyProbeIntervalMs = 25;
const outputTailChars = 4_000;
const portAttempts = 3;

/**
 * One server bound to one port, started and stopped any number of times. Not safe for concurrent start/stop calls
 * on the same instance.
 */
export class ServerProcess {
  readonly port: number;
  readonly #spec: ServerSpec;
  #running: RunningChild | undefined;

  private constructor(spec: ServerSpec, port: number) {
    this.#spec = spec;
    this.port = port;
  }

  /**
   * Starts a server on `port`, or on a free port when `port` is undefined (retrying with a new port if another process
   * grabbed the chosen one). Resolves once `spec.isReady` says so; rejects with ServerStartError otherwise.
   */
  static async start(spec: ServerSpec, port: number | undefined): Promise<ServerProcess> {
    let lastError: unknown;
    for (let attempt = 0; attempt < (port === undefined ? portAttempts : 1); attempt += 1) {
      const server = new ServerProcess(spec, port ?? (await freePort()));
      try {
        await server.#start();
        return server;
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  }

  /** Whether the process is currently alive. */
  get running(): boolean {
    return this.#running !== undefined && this.#running.exitStatus === undefined;
  }

  /** Starts the server again on the same port (stopping it first with SIGTERM if it is still running). */
  async restart(): Promise<void> {
    await this.stop();
    await this.#start();
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. Idempotent. */
  async stop(): Promise<void> {
    const running = this.#running;
    if (running === undefined) {
      return;
    }
    running.keepAliveUntilExit();
    running.child.kill('SIGTERM');
    const exited = await Promise.race([
      running.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), stopGraceMs).unref()),
    ]);
    if (!exited) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    this.#running = undefined;
  }

  /**
   * SIGSTOP: the server keeps its connections open but answers nothing (a hung or partitioned server) until `thaw()`.
   * Throws when it is not running.
   */
  freeze(): void {
    this.#signal('SIGSTOP');
  }

  /** SIGCONT after `freeze()`: the server goes on with what was sent to it meanwhile. */
  thaw(): void {
    this.#signal('SIGCONT');
  }

  #signal(signal: NodeJS.Signals): void {
    const running = this.#running;
    if (running === undefined || running.exitStatus !== undefined) {
      throw new Error(`${this.#spec.what} on port ${this.port} is not running`);
    }
    running.child.kill(signal);
  }

  /** SIGKILL; resolves once the process has exited. Idempotent. */
  async kill(): Promise<void> {
    const running = this.#running;
    if (running === undefined) {
      return;
    }
    running.keepAliveUntilExit();
    running.child.kill('SIGKILL');
    await running.exited;
    this.#running = undefined;
  }

  async #start(): Promise<void> {
    const spec = this.#spec;
    const running = new RunningChild(spawn(spec.binary, spec.args(this.port), { stdio: ['ignore', 'pipe', 'pipe'] }));
    this.#running = running;
    const deadline = performance.now() + startTimeoutMs;
    for (;;) {
      if (running.exitStatus !== undefined) {
        this.#running = undefined;
        throw new ServerStartError(
          `${spec.what} on port ${this.port} exited (${running.exitStatus}) before it was ready; output:\n${running.output}`,
          running.spawnError === undefined ? undefined : { cause: running.spawnError },
        );
      }
      if (await spec.isReady(this.port)) {
        return;
      }
      if (performance.now() > deadline) {
        await this.kill();
        throw new ServerStartError(
          `${spec.what} on port ${this.port} was not ready after ${startTimeoutMs} ms; output:\n${running.output}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, readyProbeIntervalMs));
    }
  }
}

class RunningChild {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  exitStatus: string | undefined;
  spawnError: Error | undefined;
  #output = '';

  constructor(child: ChildProcess) {
    this.child = child;
    trackChild(child);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = signal ?? String(code);
        resolve();
      });
      child.once('error', (err) => {
        // Spawn failures (ENOENT) emit 'error' without 'exit'.
        this.spawnError = err;
        if (child.pid === undefined) {
          this.exitStatus = err.message;
          resolve();
        }
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.#output = (this.#output + chunk).slice(-outputTailChars);
      });
    }
    // A forgotten server must not keep the test process alive; the exit hook kills it.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) {
      (stream as { unref?: () => void } | null)?.unref?.();
    }
  }

  /** Keeps the event loop alive until the process exits, so that awaiting its exit cannot end a script early. */
  keepAliveUntilExit(): void {
    this.child.ref();
  }

  get output(): string {
    return this.#output;
  }
}

const fallbackDirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The path of executable `name`: from environment variable `envVar` if set, else the first match on PATH or in the
 * usual system directories (nats-server lives in /usr/sbin on Debian, which is not on every user's PATH).
 */
export function resolveBinary(name: string, envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv !== undefined && fromEnv !== '') {
    return fromEnv;
  }
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== ''), ...fallbackDirs];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) {
      return candidate;
    }
  }
  throw new ServerStartError(`${name} not found on PATH or in ${fallbackDirs.join(', ')}; set ${envVar} to its path`);
}
