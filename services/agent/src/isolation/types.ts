/**
 * The one seam between the process executor and the machine's isolation: how a
 * task's processes are contained, limited, measured and destroyed. Chosen once
 * when the agent starts (see `select-isolator.ts`) and reported in its start log
 * and in `Agent.GetState.isolation`. Two implementations: `cgroups-v1` (root on
 * Linux with the v1 memory, cpu and pids controllers) and `posix` (a process
 * group per task, usage and memory sampled from /proc).
 */

/** What `Agent.GetState.isolation` says; "simulated" is the simulated backend, which runs nothing. */
export type IsolationKind = 'cgroups-v1' | 'cgroups-v2' | 'posix';

/** One task's container, as the executor asks for it. */
export interface ContainerSpec {
  readonly taskId: string;
  /** The task's sandbox; unique per run on this machine, so it also names the container. */
  readonly sandbox: string;
  /** Hard memory limit in MB (the task's `mem`); absent or 0: no limit. */
  readonly memMb?: number;
  /** The task's `cpus`; absent or 0: the minimum share. */
  readonly cpus?: number;
  /** The user the task runs as, when the agent switches users. */
  readonly identity?: { readonly uid: number; readonly gid: number };
}

/** How to start a program: what `spawn(file, args, { argv0 })` takes. */
export interface CommandLine {
  readonly file: string;
  readonly args: readonly string[];
  readonly argv0?: string;
  /**
   * Set by `Container.wrap` when the wrapped line switches to the spec's
   * `identity` itself (after privileged steps such as entering a pid
   * namespace): the executor then spawns it as the agent's user. Otherwise the
   * executor spawns it as the task's user.
   */
  readonly switchesUser?: boolean;
}

/** The TaskStatus reasons of limitations (memory: the isolator; disk and ports: the sandbox monitor). */
export type LimitationReason =
  'REASON_CONTAINER_LIMITATION_MEMORY' | 'REASON_CONTAINER_LIMITATION_DISK' | 'REASON_CONTAINER_LIMITATION_PORTS';

/** Why a container was ended by its isolation; becomes TASK_FAILED with `reason`. */
export interface ContainerLimitation {
  readonly reason: LimitationReason;
  /** Says which limit, e.g. "Memory limit exceeded: requested 64 MB, maximum used 64 MB". */
  readonly message: string;
}

/** Resource usage of one container so far. */
export interface ContainerUsage {
  /** CPU time in user mode, seconds (including reaped children). */
  readonly cpusUserTimeSeconds: number;
  readonly cpusSystemTimeSeconds: number;
  /** Memory in MB: RSS summed over the processes (posix) or the cgroup's usage (cgroups). */
  readonly memRssMb: number;
  /** Sandbox disk usage in MB, from the last sample of the sandbox monitor (executor-filled). */
  readonly diskUsedMb?: number;
}

export interface Isolator {
  readonly kind: IsolationKind;
  /**
   * Creates the task's container, before the task is spawned. Rejects (with
   * nothing left behind) when it cannot; the executor then fails the launch.
   * Called once per run of a task.
   */
  prepare(spec: ContainerSpec): Promise<Container>;
  /**
   * Re-attaches to the container of a run that an earlier agent process (same
   * boot) prepared from the same `spec`, whose root process `pid` is still
   * alive (agent recovery). Undefined when the container no longer exists.
   * The returned container behaves as one from `prepare` after `started`
   * (call `started` again to watch limits).
   */
  recover(spec: ContainerSpec, pid: number): Promise<Container | undefined>;
  /**
   * Kills and removes every container of this agent that is not one of `keep`
   * (the recovered runs): what runs left behind when they ended or were lost
   * while the agent was down. Returns how many were removed. Never rejects.
   */
  cleanup(keep: readonly ContainerSpec[]): Promise<number>;
}

/** One run's container. Every method may be called after the task has ended. */
export interface Container {
  /**
   * The command line that runs `command` inside the container: the task never
   * runs outside it (for cgroups, a launcher moves itself into the cgroups and
   * then execs the command, so exit codes, stdio, env and cwd are the command's).
   */
  wrap(command: CommandLine): CommandLine;
  /**
   * The task's root process has started (it leads its own process group). From
   * now on the container watches its limits: when one is exceeded it calls
   * `onLimitation` at most once, and the executor kills the task.
   */
  started(pid: number, onLimitation: (limitation: ContainerLimitation) => void): void;
  /** Usage so far; undefined once destroyed or when it cannot be read. Never rejects. */
  usage(): Promise<ContainerUsage | undefined>;
  /** Every process in the container now (for the ports check); empty once destroyed. Never rejects. */
  pids(): Promise<number[]>;
  /**
   * After the root process exited: the limitation that ended the task, if any
   * (one reported to `onLimitation`, or one the kernel enforced, like an OOM kill).
   * Call before `destroy`. Never rejects.
   */
  limitation(): Promise<ContainerLimitation | undefined>;
  /**
   * Stops watching, kills every process still in the container and removes it.
   * Idempotent; never rejects (problems go to the isolator's `onError`).
   */
  destroy(): Promise<void>;
}

export const MIB = 1024 * 1024;

export function memoryLimitation(limitMb: number, maxUsedBytes: number | undefined): ContainerLimitation {
  const used = maxUsedBytes === undefined ? '' : `, maximum used ${Math.round(maxUsedBytes / MIB)} MB`;
  return {
    reason: 'REASON_CONTAINER_LIMITATION_MEMORY',
    message: `Memory limit exceeded: requested ${limitMb} MB${used}`,
  };
}
