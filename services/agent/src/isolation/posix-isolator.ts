/**
 * The fallback when the agent cannot use cgroups (not root, not Linux, no v1
 * controllers): the process executor already runs each task in its own process
 * group; this isolator measures the group from /proc and enforces the memory
 * limit by sampling — every `sampleIntervalMs` (default 1 s) the group's RSS is
 * summed, and a group over its limit is reported as a memory limitation (the
 * executor kills it; it ends TASK_FAILED, REASON_CONTAINER_LIMITATION_MEMORY).
 * NOTE: sampling lets a task briefly exceed its limit, and processes that leave
 * the group (setsid) are neither measured nor killed; cgroups close both gaps.
 */
import { processesInGroups } from '../sandbox/listening-ports.js';
import { processGroupUsage } from './proc-usage.js';
import {
  MIB,
  memoryLimitation,
  type CommandLine,
  type Container,
  type ContainerLimitation,
  type ContainerSpec,
  type ContainerUsage,
  type Isolator,
} from './types.js';

export interface PosixIsolatorOptions {
  /** Between two memory samples; default 1000. */
  readonly sampleIntervalMs?: number;
}

export class PosixIsolator implements Isolator {
  readonly kind = 'posix' as const;

  constructor(private readonly options: PosixIsolatorOptions = {}) {}

  prepare(spec: ContainerSpec): Promise<Container> {
    return Promise.resolve(new PosixContainer(spec, this.options.sampleIntervalMs ?? 1_000));
  }

  /** A process group needs nothing re-attached: the group is the root pid. */
  recover(spec: ContainerSpec, _pid: number): Promise<Container | undefined> {
    return this.prepare(spec);
  }

  /** Nothing outlives a posix container's root process but its escaped processes, which posix cannot find. */
  cleanup(_keep: readonly ContainerSpec[]): Promise<number> {
    return Promise.resolve(0);
  }
}

class PosixContainer implements Container {
  private pid: number | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private sampling = false;
  private found: ContainerLimitation | undefined;
  private destroyed = false;

  constructor(
    private readonly spec: ContainerSpec,
    private readonly sampleIntervalMs: number,
  ) {}

  wrap(command: CommandLine): CommandLine {
    return command;
  }

  started(pid: number, onLimitation: (limitation: ContainerLimitation) => void): void {
    this.pid = pid;
    const limitMb = this.spec.memMb ?? 0;
    if (limitMb <= 0 || this.destroyed) return;
    this.sampler = setInterval(() => {
      if (this.sampling || this.found !== undefined) return;
      this.sampling = true;
      void this.usage()
        .then((used) => {
          if (used === undefined || used.memRssMb <= limitMb || this.found !== undefined || this.destroyed) return;
          this.found = memoryLimitation(limitMb, used.memRssMb * MIB);
          onLimitation(this.found);
        })
        .finally(() => {
          this.sampling = false;
        });
    }, this.sampleIntervalMs);
    this.sampler.unref();
  }

  async usage(): Promise<ContainerUsage | undefined> {
    if (this.pid === undefined || this.destroyed) return undefined;
    return (await processGroupUsage(new Set([this.pid])).catch(() => undefined))?.get(this.pid);
  }

  limitation(): Promise<ContainerLimitation | undefined> {
    return Promise.resolve(this.found);
  }

  async pids(): Promise<number[]> {
    if (this.pid === undefined || this.destroyed) return [];
    // NOTE: one /proc scan serves every task's monitor sampling within the same moment.
    const groups = await processesInGroups(new Set([this.pid]), { maxAgeMs: 250 }).catch(
      () => new Map<number, number[]>(),
    );
    return groups.get(this.pid) ?? [];
  }

  destroy(): Promise<void> {
    this.destroyed = true;
    if (this.sampler !== undefined) clearInterval(this.sampler);
    return Promise.resolve();
  }
}
