/**
 * Watches one running task's sandbox: its disk usage against the task's `disk`, the TCP ports its processes listen on
 * against its `ports`, and the size of its `stdout` and `stderr`. It reports; it never kills: the executor reacts to
 * `onLimitation` as it does to the isolator's.
 */
import { join } from 'node:path';
import { realTimer, type Timer } from '../executor/types.js';
import { MIB, type ContainerLimitation } from '../isolation/types.js';
import { directoryUsageBytes } from './disk-usage.js';
import { listeningPorts } from './listening-ports.js';
import { rotateLog, type LogRotation } from './log-rotation.js';

/** Which part of a sample failed, for `onError`. */
export type SandboxCheck = 'disk' | 'ports' | 'rotation';

export interface SandboxMonitorOptions {
  /** The run's sandbox directory; its `stdout` and `stderr` are the task's output files. */
  readonly sandbox: string;
  /** The task's `disk` in MB; absent or 0: no limit (usage is still measured for `lastDiskBytes`). */
  readonly diskLimitMb?: number;
  /** The task's current processes (e.g. from `processesInGroups`); called once per sample when ports are checked. */
  readonly pids: () => Promise<readonly number[]>;
  /** The ports of the task's `ports` resources. */
  readonly allowedPorts: readonly number[];
  /** Whether listening ports are checked at all. Default true. */
  readonly checkPorts?: boolean;
  /** Whether listening on a port outside `allowedPorts` is a limitation (Mesos's --enforce_container_ports). Default false. */
  readonly enforcePorts?: boolean;
  /** Copy-truncate `stdout` and `stderr` every sample when set. */
  readonly rotation?: LogRotation;
  /** Pause between the end of one sample and the start of the next, ms. Default 1000. */
  readonly intervalMs?: number;
  /** Default: real, unref'd timers (the monitor never keeps the agent alive). */
  readonly timer?: Timer;
  /**
   * A limit was exceeded: disk (REASON_CONTAINER_LIMITATION_DISK) or, with `enforcePorts`, ports
   * (REASON_CONTAINER_LIMITATION_PORTS). Called at most once per reason.
   */
  readonly onLimitation: (limitation: ContainerLimitation) => void;
  /**
   * The task listens on `ports` (ascending), which are outside `allowedPorts`; called once for each distinct set of
   * such ports, whether or not ports are enforced, so the agent can log and count it.
   */
  readonly onPortViolation?: (ports: number[]) => void;
  /** A check failed in a sample; the other checks and later samples go on. Absent: errors are dropped. */
  readonly onError?: (error: unknown, check: SandboxCheck) => void;
}

export const DEFAULT_SANDBOX_SAMPLE_INTERVAL_MS = 1000;

/**
 * One per running task. `start` begins sampling: a first sample at once, then one `intervalMs` after the previous
 * sample ended, so samples never overlap. Each sample rotates the logs (when `rotation` is set), measures the
 * sandbox's disk usage, and checks listening ports (unless `checkPorts` is false), in that order; a failing check
 * goes to `onError` and does not skip the others. No callback is called once `stop` was called.
 */
export class SandboxMonitor {
  private readonly allowedPorts: ReadonlySet<number>;
  private readonly reportedPortSets = new Set<string>();
  private readonly timer: Timer;
  private handle: unknown;
  private inFlight: Promise<void> | undefined;
  private started = false;
  private stopped = false;
  private diskBytes: number | undefined;
  private diskReported = false;
  private portsReported = false;

  constructor(private readonly options: SandboxMonitorOptions) {
    this.allowedPorts = new Set(options.allowedPorts);
    this.timer = options.timer ?? realTimer;
  }

  /**
   * Starts sampling: the first sample after `firstDelayMs` (default 0: at
   * once), then every `intervalMs`. Idempotent; does nothing after `stop`.
   */
  start(firstDelayMs = 0): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(firstDelayMs);
  }

  /** Disk usage in bytes from the latest sample; undefined before the first one succeeded. */
  lastDiskBytes(): number | undefined {
    return this.diskBytes;
  }

  /**
   * Stops sampling; resolves once a sample in flight (which may be rotating a log) has finished, so as late as the
   * `pids` call in flight resolves. Idempotent, never rejects, and no callback is called after it was called.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    this.handle = this.timer.setTimeout(() => {
      this.handle = undefined;
      if (this.stopped) return;
      this.inFlight = this.sample().finally(() => {
        this.inFlight = undefined;
        if (!this.stopped) this.schedule(this.options.intervalMs ?? DEFAULT_SANDBOX_SAMPLE_INTERVAL_MS);
      });
    }, delayMs);
  }

  /** One sample; never rejects. */
  private async sample(): Promise<void> {
    const { rotation, checkPorts = true } = this.options;
    if (rotation !== undefined) await this.check('rotation', () => this.rotateLogs(rotation));
    await this.check('disk', () => this.checkDisk());
    if (checkPorts) await this.check('ports', () => this.checkPorts());
  }

  private async check(check: SandboxCheck, run: () => Promise<void>): Promise<void> {
    if (this.stopped) return;
    try {
      await run();
    } catch (error) {
      if (!this.stopped) this.options.onError?.(error, check);
    }
  }

  private async rotateLogs(rotation: LogRotation): Promise<void> {
    const results = await Promise.allSettled(
      ['stdout', 'stderr'].map((name) => rotateLog(join(this.options.sandbox, name), rotation)),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  private async checkDisk(): Promise<void> {
    const bytes = await directoryUsageBytes(this.options.sandbox);
    this.diskBytes = bytes;
    const limitMb = this.options.diskLimitMb ?? 0;
    if (limitMb <= 0 || bytes <= limitMb * MIB || this.diskReported || this.stopped) return;
    this.diskReported = true;
    this.options.onLimitation(diskLimitation(limitMb, bytes));
  }

  private async checkPorts(): Promise<void> {
    // NOTE: the socket tables are shared with other tasks' monitors sampling within the same moment.
    const byPid = await listeningPorts(new Set(await this.options.pids()), { maxAgeMs: SHARED_SCAN_MAX_AGE_MS });
    const offending = [...new Set([...byPid.values()].flat())]
      .filter((port) => !this.allowedPorts.has(port))
      .sort((a, b) => a - b);
    if (offending.length === 0 || this.stopped) return;
    const key = offending.join(',');
    if (!this.reportedPortSets.has(key)) {
      this.reportedPortSets.add(key);
      this.options.onPortViolation?.(offending);
    }
    if (this.options.enforcePorts === true && !this.portsReported && !this.stopped) {
      this.portsReported = true;
      this.options.onLimitation(portsLimitation(offending));
    }
  }
}

/** How old a scan of the socket tables, made for another task's monitor, a sample accepts. */
const SHARED_SCAN_MAX_AGE_MS = 250;

/** "Disk usage (X MB) exceeds the sandbox limit of Y MB"; X rounded up to 0.1 MB, so it reads as more than Y. */
export function diskLimitation(limitMb: number, usedBytes: number): ContainerLimitation {
  const usedMb = Math.ceil((usedBytes / MIB) * 10) / 10;
  return {
    reason: 'REASON_CONTAINER_LIMITATION_DISK',
    message: `Disk usage (${usedMb} MB) exceeds the sandbox limit of ${limitMb} MB`,
  };
}

/** "Task listens on port(s) N, M outside its ports resources". */
export function portsLimitation(ports: readonly number[]): ContainerLimitation {
  return {
    reason: 'REASON_CONTAINER_LIMITATION_PORTS',
    message: `Task listens on port(s) ${ports.join(', ')} outside its ports resources`,
  };
}
