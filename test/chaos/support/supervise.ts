import type { ServiceProcess } from '../../support/service-process.js';

/** One exit of a supervised process. */
export interface SupervisedExit {
  readonly name: string;
  /** The exit code; null when a signal ended it (kill -9). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** performance.now() when the exit was seen. */
  readonly atMs: number;
}

export interface SuperviseOptions {
  /** Pause between an exit and the restart, ms (a supervisor's restart delay, as systemd's RestartSec). Default 100. */
  restartDelayMs?: number;
}

/**
 * The tests' process supervisor: every time a supervised process exits (a
 * master deposed with code 3, a process the test killed) it is started again
 * with the same flags, without waiting for it to be ready (a restarted master
 * is a follower, which the harness's "leads" readiness would refuse). Stop it
 * before stopping the processes, or it restarts them.
 */
export class Supervisor {
  /** Every exit seen, in order. */
  readonly exits: SupervisedExit[] = [];
  /** Restarts that failed to spawn, with the error (the supervisor tries again after the delay). */
  readonly failures: { name: string; error: unknown }[] = [];
  private stopped = false;
  private stop$!: () => void;
  private readonly stopping = new Promise<void>((resolve) => (this.stop$ = resolve));
  private readonly loops: Promise<void>[];

  constructor(
    processes: readonly ServiceProcess[],
    private readonly options: SuperviseOptions = {},
  ) {
    this.loops = processes.map((p) => this.watch(p));
  }

  /** How many times `process` (all processes, without it) exited while supervised. */
  exitsOf(process?: ServiceProcess): SupervisedExit[] {
    return process === undefined ? this.exits : this.exits.filter((e) => e.name === process.name);
  }

  /** The exits so far as `name:code` (a signal when killed), e.g. `master-1:3,master-2:SIGKILL`; `none` without. */
  summary(): string {
    return this.exits.map((e) => `${e.name}:${e.code ?? e.signal ?? '?'}`).join(',') || 'none';
  }

  private async watch(process: ServiceProcess): Promise<void> {
    while (!this.stopped) {
      const exit = await Promise.race([process.exited(), this.stopping.then(() => undefined)]);
      if (exit === undefined || this.stopped) return;
      this.exits.push({ name: process.name, code: exit.code, signal: exit.signal, atMs: performance.now() });
      const restarted = await this.restartAfterDelay(process);
      if (!restarted) return;
    }
  }

  /** Restarts `process` after the delay, until it spawns or the supervisor stops; false when stopped. */
  private async restartAfterDelay(process: ServiceProcess): Promise<boolean> {
    for (;;) {
      await Promise.race([
        new Promise((resolve) => setTimeout(resolve, this.options.restartDelayMs ?? 100)),
        this.stopping,
      ]);
      if (this.stopped) return false;
      if (process.running) return true; // the test started it itself meanwhile
      try {
        await process.restart({ waitHealthy: false });
        return true;
      } catch (error) {
        this.failures.push({ name: process.name, error });
      }
    }
  }

  /** Stops restarting (processes keep running); resolves once no restart is in progress. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stop$();
    await Promise.all(this.loops);
  }
}

/** Supervises `processes` until `stop()`: restarts each whenever it exits. */
export function supervise(processes: readonly ServiceProcess[], options: SuperviseOptions = {}): Supervisor {
  return new Supervisor(processes, options);
}
