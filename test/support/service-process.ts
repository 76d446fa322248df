import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@tessera/testkit';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built entry point of a service or the CLI. */
export const ENTRY = {
  master: join(ROOT, 'services/master/dist/main.js'),
  allocator: join(ROOT, 'services/allocator/dist/main.js'),
  agent: join(ROOT, 'services/agent/dist/main.js'),
  marathon: join(ROOT, 'services/marathon/dist/main.js'),
  chronos: join(ROOT, 'services/chronos/dist/main.js'),
  cli: join(ROOT, 'packages/cli/dist/main.js'),
} as const;

const running = new Set<ChildProcess>();

/** How many service processes started by this test file are still running. */
export function runningServiceProcesses(): number {
  return running.size;
}
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * One Tessera service as a real OS process (`node dist/main.js --flags`), its
 * output in `<logDir>/<name>.log`. Readiness is its /healthz answering 200.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exitPromise: Promise<number | null> = Promise.resolve(null);
  /** Flags of the next start: the constructor's until `restart` is given others. */
  private currentArgs: readonly string[];
  readonly logFile: string;

  constructor(
    readonly name: string,
    private readonly entry: string,
    args: readonly string[],
    /** Its /healthz, /metrics (and, for an agent, /files) port. */
    readonly httpPort: number,
    logDir: string,
    private readonly env: Record<string, string> = {},
    /**
     * When a started process counts as ready, from its /healthz answer (200 or not) and JSON body. Default: 200.
     * A master that must lead before the test goes on waits for `role: leader`.
     */
    private readonly ready: (ok: boolean, body: Record<string, unknown>) => boolean = (ok) => ok,
    /**
     * Where it runs: `netns` runs it inside that network namespace (`ip netns exec NAME node …`, root only);
     * `httpHost` is where its /healthz is reached from the test (default 127.0.0.1).
     */
    private readonly placement: { readonly netns?: string; readonly httpHost?: string } = {},
  ) {
    this.logFile = join(logDir, `${name}.log`);
    this.currentArgs = args;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The flags of the latest start (those given to the constructor, or to `restart`). */
  get flags(): readonly string[] {
    return this.currentArgs;
  }

  /** The exit code of the latest start's process once it has exited (null: killed by a signal; undefined: running). */
  get exitCode(): number | null | undefined {
    if (this.child === undefined || this.running) return undefined;
    return this.child.exitCode;
  }

  /** Whether the process of the latest start is still running. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the process again once the previous one has ended (after `kill()` or
   * `stop()`), with the same flags or with `flags`, which are kept for later
   * restarts; resolves once /healthz answers 200. Its output is appended to the same log.
   */
  async restart(options: { flags?: readonly string[]; waitHealthy?: boolean } = {}): Promise<void> {
    if (this.running) throw new Error(`${this.name} (pid ${this.pid}) is still running: kill or stop it first`);
    if (options.flags !== undefined) this.currentArgs = options.flags;
    await this.start(options.waitHealthy === undefined ? {} : { waitHealthy: options.waitHealthy });
  }

  /** Starts the process and resolves once it is ready (by default: /healthz answers 200). */
  async start(options: { waitHealthy?: boolean } = {}): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const argv = [this.entry, ...this.currentArgs];
    const child = spawn(
      this.placement.netns === undefined ? process.execPath : 'ip',
      this.placement.netns === undefined ? argv : ['netns', 'exec', this.placement.netns, process.execPath, ...argv],
      {
        env: { ...process.env, TESSERA_LOG_LEVEL: 'debug', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    running.add(child);
    this.child = child;
    this.exitPromise = new Promise((resolve) =>
      child.on('exit', (code) => {
        running.delete(child);
        resolve(code);
      }),
    );
    if (options.waitHealthy ?? true) {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.tail()}`);
          const response = await fetch(`http://${this.placement.httpHost ?? '127.0.0.1'}:${this.httpPort}/healthz`);
          const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
          return this.ready(response.ok, body);
        },
        { timeoutMs: 30_000, intervalMs: 50, what: `${this.name} to be ready` },
      );
    }
  }

  /**
   * Resolves once the process of the latest start has exited (at once if it
   * has), with its exit code (null when a signal ended it) and that signal.
   */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (child === undefined) return Promise.resolve({ code: null, signal: null });
    return this.exitPromise.then(() => ({ code: child.exitCode, signal: child.signalCode }));
  }

  /** SIGSTOP: the process stops where it is (connections stay open, nothing is answered) until `thaw()`. */
  freeze(): void {
    if (this.running) this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after `freeze()`. */
  thaw(): void {
    if (this.running) this.child?.kill('SIGCONT');
  }

  /** SIGKILL, like a crash; resolves when the process is gone. */
  async kill(): Promise<void> {
    if (this.child === undefined || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exitPromise;
  }

  /**
   * SIGTERM (graceful); resolves with the exit code. An agent leaves its tasks
   * running on SIGTERM (for recovery): stop it with SIGUSR1 to kill them too.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child === undefined || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    return this.exitPromise;
  }

  /** The last `lines` lines of the log above debug level (JSON lines at debug or trace left out), for failure messages. */
  tailInfo(lines = 60): string {
    try {
      return readFileSync(this.logFile, 'utf8')
        .split('\n')
        .filter((line) => !/^\{"level":"(debug|trace)"/.test(line))
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }

  /** The last lines of the log, for failure messages. */
  tail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}
