/**
 * Isolation with Linux cgroups v1 (the agent runs as root). Each run of a task
 * gets `<hierarchy>/<parent>/<containerId>` in the memory, cpu, cpuacct, pids
 * and (when mounted) freezer hierarchies, where `parent` is
 * `tessera/<agentId, or "agent" before registration>` and `containerId` is the
 * task ID plus a hash of its sandbox (unique per run on this machine):
 *
 * - memory.limit_in_bytes = the task's `mem` (MB); memory.memsw.limit_in_bytes
 *   the same when swap accounting exists, so swapping cannot bypass the limit.
 *   The kernel enforces it: an OOM kill in the cgroup is reported as a memory
 *   limitation (the whole task is then killed) and the task ends TASK_FAILED
 *   with REASON_CONTAINER_LIMITATION_MEMORY.
 * - cpu.shares = 1024 × cpus (at least 2); with `enableCfs`, also a hard quota:
 *   cpu.cfs_quota_us = cpus × cpu.cfs_period_us (100 ms).
 * - pids.max = `pidsMax`.
 * - usage: cpu time from cpuacct.stat, memory from memory.usage_in_bytes.
 *
 * The task never runs outside its cgroups: it is spawned through a small
 * `/bin/sh` launcher that writes its own pid to each cgroup's `cgroup.procs`
 * and then execs the command. destroy() freezes the cgroup, SIGKILLs everything
 * in it (including processes that left the task's process group: setsid, double
 * forks), and removes it.
 *
 * With `unsharePath`, the task also gets its own pid namespace (and a mount
 * namespace with its own /proc): the cgroup launcher execs `unshare --pid
 * --fork --mount-proc --kill-child` with the command it wraps, which is the
 * executor's task launcher (`../executor/launcher.ts`) — pid 1 of the
 * namespace, running the task's command in the foreground and exiting with its
 * status. When that init ends, the kernel kills every process left in the
 * namespace; when unshare is killed, --kill-child SIGKILLs the init. The kill
 * policy is unchanged: SIGTERM to the process group reaches the command (pid 2,
 * normal signal semantics), unshare and the init wait for it (neither ends on
 * SIGTERM), SIGKILL after the grace period.
 */
import { createHash } from 'node:crypto';
import { chown, mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { delay, exists, keyedValue, readNumber, readPids, removeCgroup, watchLimitation } from './cgroup-files.js';
import { privilegedSteps, type PrivilegedTools } from './privileged-steps.js';
import { CLOCK_TICKS_PER_SECOND } from './proc-usage.js';
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

export interface CgroupsV1Options {
  /** Where the v1 hierarchies are mounted (each controller in its own directory). Default /sys/fs/cgroup. */
  readonly root?: string;
  /** The agent's ID, read at prepare time (absent before registration: "agent"). */
  readonly agentId?: () => string | undefined;
  /** First path segment under each hierarchy. Default "tessera". */
  readonly parent?: string;
  /** Hard cpu quota (cfs_quota_us) besides shares. Default false. */
  readonly enableCfs?: boolean;
  /** pids.max of each task. Default 4096. */
  readonly pidsMax?: number;
  /** Absolute path of util-linux `unshare`: run each task in its own pid namespace. Default: no pid namespace. */
  readonly unsharePath?: string;
  /**
   * Absolute path of util-linux `setpriv`. Needed to run tasks of another user
   * in a pid namespace (unshare needs root; setpriv then drops to the task's
   * user); without it such tasks get no pid namespace.
   */
  readonly setprivPath?: string;
  /** `unsharePath` takes `-S uid -G gid`: it switches users itself (see privileged-steps.ts). */
  readonly unshareSetsIds?: boolean;
  /** Between two checks of the memory cgroup's OOM counter; default 1000 ms. */
  readonly oomCheckIntervalMs?: number;
  /** Problems that have no caller (a cgroup that could not be removed). */
  readonly onError?: (error: unknown, context: string) => void;
}

/** The controllers tasks are placed into; freezer is optional. */
const REQUIRED_CONTROLLERS = ['memory', 'cpu', 'cpuacct', 'pids'] as const;
const CPU_SHARES_PER_CPU = 1024;
const MIN_CPU_SHARES = 2;
const CFS_PERIOD_US = 100_000;
const MIN_CFS_QUOTA_US = 1_000;
export const DEFAULT_PIDS_MAX = 4096;

/** A file whose presence marks each required controller's mounted hierarchy. */
const CONTROLLER_MARKERS: Record<(typeof REQUIRED_CONTROLLERS)[number], string> = {
  memory: 'memory.limit_in_bytes',
  cpu: 'cpu.shares',
  cpuacct: 'cpuacct.stat',
  pids: 'cgroup.procs',
};

/** True when `root` holds mounted v1 hierarchies of memory, cpu, cpuacct and pids. */
export async function cgroupsV1Available(root: string): Promise<boolean> {
  const found = await Promise.all(
    REQUIRED_CONTROLLERS.map((controller) => exists(join(root, controller, CONTROLLER_MARKERS[controller]))),
  );
  return found.every(Boolean);
}

export class CgroupsV1Isolator implements Isolator {
  readonly kind = 'cgroups-v1' as const;
  private readonly root: string;

  constructor(private readonly options: CgroupsV1Options = {}) {
    this.root = options.root ?? '/sys/fs/cgroup';
  }

  async prepare(spec: ContainerSpec): Promise<Container> {
    const container = await this.container(spec);
    try {
      await container.create(this.options.enableCfs === true, this.options.pidsMax ?? DEFAULT_PIDS_MAX);
    } catch (error) {
      await container.destroy();
      throw error;
    }
    return container;
  }

  async recover(spec: ContainerSpec, _pid: number): Promise<Container | undefined> {
    const container = await this.container(spec);
    return (await container.exists()) ? container : undefined;
  }

  async cleanup(keep: readonly ContainerSpec[]): Promise<number> {
    const kept = new Set(keep.map(containerName));
    // NOTE: every hierarchy is listed: a removal cut short (kill -9) may leave a container in some only.
    const controllers = [...REQUIRED_CONTROLLERS, 'freezer'];
    const names = new Set<string>();
    for (const controller of controllers) {
      const entries = await readdir(join(this.root, controller, this.parentPath()), { withFileTypes: true }).catch(
        () => [],
      );
      for (const entry of entries) if (entry.isDirectory() && !kept.has(entry.name)) names.add(entry.name);
    }
    const freezer = await this.hasFreezer();
    for (const name of names) {
      const container = new CgroupsV1Container(
        { taskId: name, sandbox: '' },
        this.root,
        join(this.parentPath(), name),
        freezer,
        {},
        this.options.oomCheckIntervalMs ?? 1_000,
        this.options.onError,
      );
      await container.destroy();
    }
    if (kept.size === 0) {
      // Nothing of this agent is left: its own cgroups go too (they are made again at the next launch).
      for (const controller of controllers) {
        await rmdir(join(this.root, controller, this.parentPath())).catch(() => undefined);
      }
    }
    return names.size;
  }

  /** `<parent>/<agentId>`: where this agent's containers live in every hierarchy. */
  private parentPath(): string {
    return join(this.options.parent ?? 'tessera', this.options.agentId?.() ?? 'agent');
  }

  private hasFreezer(): Promise<boolean> {
    return exists(join(this.root, 'freezer', 'freezer.state'));
  }

  private async container(spec: ContainerSpec): Promise<CgroupsV1Container> {
    return new CgroupsV1Container(
      spec,
      this.root,
      join(this.parentPath(), containerName(spec)),
      await this.hasFreezer(),
      {
        unshare: this.options.unsharePath,
        unshareSetsIds: this.options.unshareSetsIds,
        setpriv: this.options.setprivPath,
      },
      this.options.oomCheckIntervalMs ?? 1_000,
      this.options.onError,
    );
  }
}

/** The task ID (made safe as a directory name) and a hash of its sandbox, which is unique per run. */
export function containerName(spec: ContainerSpec): string {
  const hash = createHash('sha256').update(spec.sandbox).digest('hex').slice(0, 8);
  return `${spec.taskId.replace(/[^A-Za-z0-9_.-]/g, '_')}.${hash}`;
}

class CgroupsV1Container implements Container {
  private readonly dirs: Map<string, string>;
  private oomWatch: NodeJS.Timeout | undefined;
  private found: ContainerLimitation | undefined;
  private destroying: Promise<void> | undefined;

  constructor(
    private readonly spec: ContainerSpec,
    root: string,
    relative: string,
    freezer: boolean,
    /** util-linux tools: `unshare` for a pid namespace, and what switches users after the privileged steps. */
    private readonly tools: PrivilegedTools,
    private readonly oomCheckIntervalMs: number,
    private readonly onError: ((error: unknown, context: string) => void) | undefined,
  ) {
    const controllers: string[] = [...REQUIRED_CONTROLLERS, ...(freezer ? ['freezer'] : [])];
    this.dirs = new Map(controllers.map((controller) => [controller, join(root, controller, relative)]));
  }

  /** True when the container's cgroups are all there (recovery). */
  async exists(): Promise<boolean> {
    const found = await Promise.all([...this.dirs.values()].map((dir) => exists(join(dir, 'cgroup.procs'))));
    return found.every(Boolean);
  }

  private dir(controller: string): string {
    const dir = this.dirs.get(controller);
    if (dir === undefined) throw new Error(`no ${controller} cgroup`);
    return dir;
  }

  async create(enableCfs: boolean, pidsMax: number): Promise<void> {
    for (const dir of this.dirs.values()) await mkdir(dir, { recursive: true });
    const memMb = this.spec.memMb ?? 0;
    if (memMb > 0) {
      const bytes = String(Math.round(memMb * MIB));
      await writeFile(join(this.dir('memory'), 'memory.limit_in_bytes'), bytes);
      // NOTE: memsw (memory + swap) must be >= limit_in_bytes, so it is written second.
      await writeFile(join(this.dir('memory'), 'memory.memsw.limit_in_bytes'), bytes).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      });
    }
    const cpus = this.spec.cpus ?? 0;
    const shares = Math.max(MIN_CPU_SHARES, Math.round(CPU_SHARES_PER_CPU * cpus));
    await writeFile(join(this.dir('cpu'), 'cpu.shares'), String(shares));
    if (enableCfs && cpus > 0) {
      await writeFile(join(this.dir('cpu'), 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
      const quota = Math.max(MIN_CFS_QUOTA_US, Math.round(cpus * CFS_PERIOD_US));
      await writeFile(join(this.dir('cpu'), 'cpu.cfs_quota_us'), String(quota));
    }
    await writeFile(join(this.dir('pids'), 'pids.max'), String(pidsMax));
    const identity = this.spec.identity;
    if (identity !== undefined && !privilegedSteps(this.tools, identity).switchesUser) {
      // Spawned as the task's user, the launcher must be able to place itself.
      await Promise.all(
        [...this.dirs.values()].map((dir) => chown(join(dir, 'cgroup.procs'), identity.uid, identity.gid)),
      );
    }
  }

  wrap(command: CommandLine): CommandLine {
    const procs = [...this.dirs.values()].map((dir) => join(dir, 'cgroup.procs'));
    // $1: how many cgroup.procs files follow; then the files; then the command.
    const launcher =
      'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"';
    const { prefix, switchesUser } = privilegedSteps(this.tools, this.spec.identity);
    return {
      file: '/bin/sh',
      args: [
        '-c',
        launcher,
        'tessera-launcher',
        String(procs.length),
        ...procs,
        ...prefix,
        command.file,
        ...command.args,
      ],
      ...(switchesUser ? { switchesUser: true } : {}),
    };
  }

  started(_pid: number, onLimitation: (limitation: ContainerLimitation) => void): void {
    const limitMb = this.spec.memMb ?? 0;
    if (limitMb <= 0 || this.destroying !== undefined) return;
    this.oomWatch = watchLimitation({
      intervalMs: this.oomCheckIntervalMs,
      check: () => this.oomLimitation(),
      ended: () => this.found !== undefined || this.destroying !== undefined,
      found: (limitation) => {
        this.found = limitation;
        onLimitation(limitation);
      },
    });
  }

  /** A memory limitation when the memory cgroup has seen an OOM kill (or is under OOM now). */
  private async oomLimitation(): Promise<ContainerLimitation | undefined> {
    const limitMb = this.spec.memMb ?? 0;
    if (limitMb <= 0) return undefined;
    const control = await readFile(join(this.dir('memory'), 'memory.oom_control'), 'utf8').catch(() => '');
    const value = (key: string) => keyedValue(control, key);
    if (value('oom_kill') === 0 && value('under_oom') === 0) return undefined;
    const maxUsed = await readNumber(join(this.dir('memory'), 'memory.max_usage_in_bytes'));
    return memoryLimitation(limitMb, maxUsed);
  }

  async usage(): Promise<ContainerUsage | undefined> {
    if (this.destroying !== undefined) return undefined;
    const [stat, memoryBytes] = await Promise.all([
      readFile(join(this.dir('cpuacct'), 'cpuacct.stat'), 'utf8').catch(() => undefined),
      readNumber(join(this.dir('memory'), 'memory.usage_in_bytes')),
    ]);
    if (stat === undefined || memoryBytes === undefined) return undefined;
    const ticks = (key: string) => keyedValue(stat, key);
    return {
      cpusUserTimeSeconds: ticks('user') / CLOCK_TICKS_PER_SECOND,
      cpusSystemTimeSeconds: ticks('system') / CLOCK_TICKS_PER_SECOND,
      memRssMb: memoryBytes / MIB,
    };
  }

  pids(): Promise<number[]> {
    if (this.destroying !== undefined) return Promise.resolve([]);
    return readPids(join(this.dir('pids'), 'cgroup.procs'));
  }

  async limitation(): Promise<ContainerLimitation | undefined> {
    if (this.found !== undefined) return this.found;
    this.found = await this.oomLimitation().catch(() => undefined);
    return this.found;
  }

  destroy(): Promise<void> {
    this.destroying ??= this.kill().then(() => this.remove());
    return this.destroying;
  }

  /** SIGKILLs every process in the cgroup, frozen first (when the freezer is there) so none can fork meanwhile. */
  private async kill(): Promise<void> {
    if (this.oomWatch !== undefined) clearInterval(this.oomWatch);
    const freezer = this.dirs.get('freezer');
    const procs = join(this.dir('pids'), 'cgroup.procs');
    for (let attempt = 0; attempt < 100; attempt++) {
      if (freezer !== undefined) await writeFile(join(freezer, 'freezer.state'), 'FROZEN').catch(() => undefined);
      const pids = await readPids(procs);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // ESRCH: gone already.
        }
      }
      if (freezer !== undefined) await writeFile(join(freezer, 'freezer.state'), 'THAWED').catch(() => undefined);
      if (pids.length === 0) return;
      await delay(10);
    }
    this.onError?.(new Error(`processes survive in ${procs}`), `destroying the cgroups of task ${this.spec.taskId}`);
  }

  /** Removes the cgroup directories; a cgroup keeps refusing (EBUSY) until its last process is gone. */
  private async remove(): Promise<void> {
    for (const dir of this.dirs.values()) await removeCgroup(dir, this.onError);
  }
}
