/**
 * Isolation with Linux cgroups v2, the unified hierarchy (the agent runs as
 * root). Each run of a task gets the cgroup `<root>/<parent>/<agentId>/<containerId>`,
 * named as in cgroups v1 (`containerName`: the task ID plus a hash of its
 * sandbox), where `parent` defaults to "tessera" and `agentId` is "agent"
 * before registration:
 *
 * - Controllers: "+memory +cpu +pids" is written to `cgroup.subtree_control`
 *   of the root, of `<parent>` and of `<parent>/<agentId>` (in that order)
 *   before the container is created. Tasks only ever live in the containers,
 *   the leaves, so the no-internal-processes rule holds.
 * - memory.max = the task's `mem` (MB); memory.swap.max = 0 when swap
 *   accounting exists, so swapping cannot bypass the limit. An OOM kill in the
 *   cgroup (`oom_kill` in memory.events) is reported as a memory limitation,
 *   exactly as with v1.
 * - cpu.weight from the v1 shares (1024 × cpus, at least 2) by the kernel's own
 *   conversion (`cpuWeight`); with `enableCfs`, also a hard quota:
 *   cpu.max = "<cpus × 100000> 100000".
 * - pids.max = `pidsMax`.
 * - usage: cpu time from cpu.stat (user_usec, system_usec), memory from memory.current.
 *
 * The task never runs outside its cgroup: it is spawned through a `/bin/sh`
 * launcher that writes its own pid to the container's `cgroup.procs` and then
 * execs the command. NOTE: v2 lets a process move another (or itself) only
 * with write access to `cgroup.procs` of the common ancestor of both cgroups,
 * which a task running as another user does not have; for such a task the
 * launcher instead waits (up to ~10 s) until the agent has placed it, which
 * `started` does, and only then execs the command. destroy() writes
 * `cgroup.kill` (Linux 5.14+), or else freezes the cgroup, SIGKILLs everything
 * in it and thaws it, until it is empty, and removes it.
 *
 * The optional pid namespace (`unsharePath`) and user switch (`setprivPath`) work as with v1.
 */
import { chown, mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { delay, exists, keyedValue, readNumber, readPids, removeCgroup, watchLimitation } from './cgroup-files.js';
import { privilegedSteps } from './privileged-steps.js';
import { containerName, DEFAULT_PIDS_MAX, type CgroupsV1Options } from './cgroups-v1-isolator.js';
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

/** The v2 controllers Tessera uses. */
export type CgroupsV2Controller = 'memory' | 'cpu' | 'pids';

export const CGROUPS_V2_CONTROLLERS: readonly CgroupsV2Controller[] = ['memory', 'cpu', 'pids'];

/** As for v1 (`root` is where the unified hierarchy is mounted; `enableCfs` sets cpu.max), plus the controllers. */
export interface CgroupsV2Options extends CgroupsV1Options {
  /**
   * The controllers enabled for and limited in each container. Default all of
   * memory, cpu and pids. Fewer only for machines and tests where one is not
   * available (e.g. `[]` on a v2 mount whose controllers are bound to v1): the
   * limits of a missing controller are not set; without memory there is no OOM
   * detection and usage reports memRssMb 0. Processes are still contained,
   * measured (cpu.stat is always there) and killed as a whole.
   */
  readonly controllers?: readonly CgroupsV2Controller[];
}

const CPU_SHARES_PER_CPU = 1024;
const MIN_CPU_SHARES = 2;
const MAX_CPU_SHARES = 262_144;
const CPU_MAX_PERIOD_US = 100_000;
const MIN_CPU_MAX_QUOTA_US = 1_000;
/** How often (10 ms apart) a launcher that cannot place itself checks whether the agent has placed it. */
const PLACEMENT_CHECKS = 1_000;

/** True when `root` is a unified (v2) hierarchy whose root offers the memory, cpu and pids controllers. */
export async function cgroupsV2Available(root: string): Promise<boolean> {
  const text = await readFile(join(root, 'cgroup.controllers'), 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const offered = new Set(text.split(/\s+/));
  return CGROUPS_V2_CONTROLLERS.every((controller) => offered.has(controller));
}

/**
 * cpu.weight (1..10000) for `cpus`: the v1 shares 1024 × cpus (2..262144) mapped
 * as the kernel and systemd map them, 1 + ((shares − 2) × 9999) / 262142 in
 * integer arithmetic. 1 cpu → 39, 0 → 1, 256 → 10000.
 */
export function cpuWeight(cpus: number): number {
  const shares = Math.min(MAX_CPU_SHARES, Math.max(MIN_CPU_SHARES, Math.round(CPU_SHARES_PER_CPU * cpus)));
  const weight = 1 + Math.floor(((shares - MIN_CPU_SHARES) * 9999) / (MAX_CPU_SHARES - MIN_CPU_SHARES));
  return Math.min(10_000, Math.max(1, weight));
}

export class CgroupsV2Isolator implements Isolator {
  readonly kind = 'cgroups-v2' as const;
  private readonly root: string;
  private readonly controllers: ReadonlySet<CgroupsV2Controller>;

  constructor(private readonly options: CgroupsV2Options = {}) {
    this.root = options.root ?? '/sys/fs/cgroup';
    this.controllers = new Set(options.controllers ?? CGROUPS_V2_CONTROLLERS);
  }

  async prepare(spec: ContainerSpec): Promise<Container> {
    const container = this.container(spec);
    try {
      await this.enableControllers();
      await container.create(this.options.enableCfs === true, this.options.pidsMax ?? DEFAULT_PIDS_MAX);
    } catch (error) {
      await container.destroy();
      throw error;
    }
    return container;
  }

  async recover(spec: ContainerSpec, _pid: number): Promise<Container | undefined> {
    const container = this.container(spec);
    return (await container.exists()) ? container : undefined;
  }

  async cleanup(keep: readonly ContainerSpec[]): Promise<number> {
    const kept = new Set(keep.map(containerName));
    const entries = await readdir(join(this.root, this.parentPath()), { withFileTypes: true }).catch(() => []);
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isDirectory() || kept.has(entry.name)) continue;
      await this.container({ taskId: entry.name, sandbox: '' }, entry.name).destroy();
      removed += 1;
    }
    // Nothing of this agent is left: its own cgroup goes too (it is made again at the next launch).
    if (kept.size === 0) await rmdir(join(this.root, this.parentPath())).catch(() => undefined);
    return removed;
  }

  /** `<parent>/<agentId>`: where this agent's containers live. */
  private parentPath(): string {
    return join(this.options.parent ?? 'tessera', this.options.agentId?.() ?? 'agent');
  }

  /**
   * Creates the agent's cgroups and enables the controllers in the root and
   * in each of them, top down (a controller can only be enabled where the
   * parent has it). Idempotent.
   */
  private async enableControllers(): Promise<void> {
    const segments = this.parentPath().split('/');
    await mkdir(join(this.root, ...segments), { recursive: true });
    if (this.controllers.size === 0) return;
    const enable = [...this.controllers].map((controller) => `+${controller}`).join(' ');
    for (let depth = 0; depth <= segments.length; depth++) {
      await writeFile(join(this.root, ...segments.slice(0, depth), 'cgroup.subtree_control'), enable);
    }
  }

  private container(spec: ContainerSpec, name = containerName(spec)): CgroupsV2Container {
    return new CgroupsV2Container(
      spec,
      join(this.root, this.parentPath(), name),
      this.controllers,
      this.options.unsharePath,
      this.options.setprivPath,
      this.options.unshareSetsIds,
      this.options.oomCheckIntervalMs ?? 1_000,
      this.options.onError,
    );
  }
}

class CgroupsV2Container implements Container {
  private oomWatch: NodeJS.Timeout | undefined;
  private found: ContainerLimitation | undefined;
  private destroying: Promise<void> | undefined;

  constructor(
    private readonly spec: ContainerSpec,
    private readonly dir: string,
    private readonly controllers: ReadonlySet<CgroupsV2Controller>,
    private readonly unsharePath: string | undefined,
    private readonly setprivPath: string | undefined,
    private readonly unshareSetsIds: boolean | undefined,
    private readonly oomCheckIntervalMs: number,
    private readonly onError: ((error: unknown, context: string) => void) | undefined,
  ) {}

  /** True when the container's cgroup is there (recovery). */
  exists(): Promise<boolean> {
    return exists(join(this.dir, 'cgroup.procs'));
  }

  private get procs(): string {
    return join(this.dir, 'cgroup.procs');
  }

  /** True when the launcher runs as the task's (non-root) user and so cannot place itself (see the file comment). */
  private get placedByAgent(): boolean {
    const identity = this.spec.identity;
    if (identity === undefined || identity.uid === 0) return false;
    const tools = { unshare: this.unsharePath, unshareSetsIds: this.unshareSetsIds, setpriv: this.setprivPath };
    return !privilegedSteps(tools, identity).switchesUser;
  }

  async create(enableCfs: boolean, pidsMax: number): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const memMb = this.spec.memMb ?? 0;
    if (this.controllers.has('memory') && memMb > 0) {
      await writeFile(join(this.dir, 'memory.max'), String(Math.round(memMb * MIB)));
      const swap = join(this.dir, 'memory.swap.max');
      if (await exists(swap)) await writeFile(swap, '0');
    }
    const cpus = this.spec.cpus ?? 0;
    if (this.controllers.has('cpu')) {
      await writeFile(join(this.dir, 'cpu.weight'), String(cpuWeight(cpus)));
      if (enableCfs && cpus > 0) {
        const quota = Math.max(MIN_CPU_MAX_QUOTA_US, Math.round(cpus * CPU_MAX_PERIOD_US));
        await writeFile(join(this.dir, 'cpu.max'), `${quota} ${CPU_MAX_PERIOD_US}`);
      }
    }
    if (this.controllers.has('pids')) await writeFile(join(this.dir, 'pids.max'), String(pidsMax));
    const identity = this.spec.identity;
    // So that the waiting launcher (another user) can read whether it has been placed.
    if (identity !== undefined && this.placedByAgent) await chown(this.procs, identity.uid, identity.gid);
  }

  wrap(command: CommandLine): CommandLine {
    // $1: the cgroup.procs file; then the command.
    const launcher = this.placedByAgent
      ? // Waits, with shell builtins only, until `started` has written its pid to $1.
        // NOTE: exec only after the loop, whose stdin is $1: the command keeps the task's stdin.
        `p=$1; shift; i=0; placed=; while [ -z "$placed" ] && [ "$i" -lt ${PLACEMENT_CHECKS} ]; do ` +
        'while read -r q || [ -n "$q" ]; do [ "$q" = "$$" ] && placed=1; q=; done < "$p"; ' +
        '[ -n "$placed" ] || { i=$((i+1)); sleep 0.01; }; done; ' +
        '[ -n "$placed" ] || { echo "tessera-launcher: not placed in $p" >&2; exit 125; }; exec "$@"'
      : 'echo $$ > "$1" || exit 125; shift; exec "$@"';
    const { prefix, switchesUser } = privilegedSteps(
      { unshare: this.unsharePath, unshareSetsIds: this.unshareSetsIds, setpriv: this.setprivPath },
      this.spec.identity,
    );
    return {
      file: '/bin/sh',
      args: ['-c', launcher, 'tessera-launcher', this.procs, ...prefix, command.file, ...command.args],
      ...(switchesUser ? { switchesUser: true } : {}),
    };
  }

  started(pid: number, onLimitation: (limitation: ContainerLimitation) => void): void {
    if (this.destroying !== undefined) return;
    if (this.placedByAgent) {
      void writeFile(this.procs, String(pid)).catch((error: unknown) =>
        this.onError?.(error, `placing task ${this.spec.taskId} in ${this.dir}`),
      );
    }
    const limitMb = this.spec.memMb ?? 0;
    if (limitMb <= 0 || !this.controllers.has('memory') || this.oomWatch !== undefined) return;
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

  /** A memory limitation when the cgroup has seen an OOM kill; the peak comes from memory.peak (Linux 5.19+). */
  private async oomLimitation(): Promise<ContainerLimitation | undefined> {
    const limitMb = this.spec.memMb ?? 0;
    if (limitMb <= 0 || !this.controllers.has('memory')) return undefined;
    const events = await readFile(join(this.dir, 'memory.events'), 'utf8').catch(() => '');
    if (keyedValue(events, 'oom_kill') === 0) return undefined;
    return memoryLimitation(limitMb, await readNumber(join(this.dir, 'memory.peak')));
  }

  async usage(): Promise<ContainerUsage | undefined> {
    if (this.destroying !== undefined) return undefined;
    const [stat, memoryBytes] = await Promise.all([
      readFile(join(this.dir, 'cpu.stat'), 'utf8').catch(() => undefined),
      this.controllers.has('memory') ? readNumber(join(this.dir, 'memory.current')) : Promise.resolve(0),
    ]);
    if (stat === undefined || memoryBytes === undefined) return undefined;
    return {
      cpusUserTimeSeconds: keyedValue(stat, 'user_usec') / 1_000_000,
      cpusSystemTimeSeconds: keyedValue(stat, 'system_usec') / 1_000_000,
      memRssMb: memoryBytes / MIB,
    };
  }

  pids(): Promise<number[]> {
    if (this.destroying !== undefined) return Promise.resolve([]);
    return readPids(this.procs);
  }

  async limitation(): Promise<ContainerLimitation | undefined> {
    if (this.found !== undefined) return this.found;
    this.found = await this.oomLimitation().catch(() => undefined);
    return this.found;
  }

  destroy(): Promise<void> {
    this.destroying ??= this.kill().then(() => removeCgroup(this.dir, this.onError));
    return this.destroying;
  }

  /**
   * SIGKILLs every process in the cgroup until it is empty: through cgroup.kill
   * when the kernel has it (atomic, forks included), else frozen first so none
   * can fork meanwhile.
   */
  private async kill(): Promise<void> {
    if (this.oomWatch !== undefined) clearInterval(this.oomWatch);
    const killFile = join(this.dir, 'cgroup.kill');
    const freezeFile = join(this.dir, 'cgroup.freeze');
    const killable = await exists(killFile);
    for (let attempt = 0; attempt < 100; attempt++) {
      const pids = await readPids(this.procs);
      if (pids.length === 0) return;
      if (killable) {
        await writeFile(killFile, '1').catch(() => undefined);
      } else {
        await writeFile(freezeFile, '1').catch(() => undefined);
        for (const pid of pids) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // ESRCH: gone already.
          }
        }
        await writeFile(freezeFile, '0').catch(() => undefined);
      }
      await delay(10);
    }
    this.onError?.(
      new Error(`processes survive in ${this.procs}`),
      `destroying the cgroup of task ${this.spec.taskId}`,
    );
  }
}
