import type { ServiceProcess } from '../../support/service-process.js';

/** One restart the supervisor made: which process, and how its previous run had ended. */
export interface SupervisedRestart {
  readonly name: string;
  /** The exit code of the run it replaced (3: a leader that stepped down; null: killed by a signal). */
  readonly exitCode: number | null;
}

/**
 * Plays the process supervisor (systemd, Kubernetes) for chaos tests: every
 * `intervalMs` it starts again any of its processes that has exited, with the
 * same flags, without waiting for it to be healthy (it may exit again, e.g. while
 * Redis is away, and is then restarted again). `stop()` ends the supervision;
 * it does not stop the processes.
 */
export class Supervisor {
  readonly restarts: SupervisedRestart[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly restarting = new Set<ServiceProcess>();

  constructor(
    private readonly processes: readonly ServiceProcess[],
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => this.check(), intervalMs);
  }

  private check(): void {
    for (const service of this.processes) {
      if (service.running || this.restarting.has(service)) continue;
      const exitCode = service.exitCode;
      if (exitCode === undefined) continue;
      this.restarting.add(service);
      this.restarts.push({ name: service.name, exitCode });
      service
        .restart({ waitHealthy: false })
        .catch(() => undefined)
        .finally(() => this.restarting.delete(service));
    }
  }

  /** Exit codes of the restarts so far, by process name, e.g. `master-1:3`. */
  summary(): string {
    return this.restarts.map((r) => `${r.name}:${String(r.exitCode)}`).join(',') || 'none';
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
