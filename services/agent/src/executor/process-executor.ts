/**
 * Runs each task as a real process in its own session and process group
 * (Mesos's POSIX launcher): `detached: true` makes the task's root process a
 * session and group leader, so a kill reaches every process it forked, and
 * whatever is left of the group when the root process exits is killed too (the
 * "container" ends with its root process). The task's stdout and stderr go
 * straight to files in its sandbox: the file descriptors are handed to the
 * child, nothing is piped through the agent.
 *
 * Before the command starts, the task's URIs are fetched into the sandbox (see
 * `fetcher.ts`); a failed fetch rejects the launch with a FetchError and the
 * command never runs. When the task runs as another user, the fetch runs with
 * that user's rights (a helper process switched to it), so what it fetches is
 * that user's and it cannot read what that user could not.
 *
 * Each run is contained by the executor's Isolator (`../isolation/`): prepared
 * before the spawn (a failure fails the launch), wrapping the command line,
 * watching limits while the task runs (a limitation SIGKILLs the group and is
 * reported in the ExitOutcome), and destroyed after the root process exited,
 * before `onExit`. With the posix isolator (the default), processes that leave
 * their group (setsid, double fork into a new session) escape; cgroups catch them.
 */
import { constants as fsConstants } from 'node:fs';
import { access, chown, lchown, mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Fetcher } from './fetcher.js';
import { taskEnvironment } from './environment.js';
import { DirectSpawner, type Spawned, type Spawner } from './spawner.js';
import {
  launcherCommand,
  outcomeOfExit,
  outcomeOfStatus,
  processStartTime,
  readRunStatus,
  statusFileOf,
  type RunEnd,
} from './launcher.js';
import {
  LaunchError,
  UnauthorizedLaunchError,
  type Executor,
  type ExitOutcome,
  type RecoveredRun,
  type RecoveryResult,
  type TaskLaunch,
} from './types.js';
import { PosixIsolator } from '../isolation/posix-isolator.js';
import {
  MIB,
  type Container,
  type ContainerLimitation,
  type ContainerSpec,
  type ContainerUsage,
  type Isolator,
} from '../isolation/types.js';
import type { LogRotation } from '../sandbox/log-rotation.js';
import { SandboxMonitor } from '../sandbox/sandbox-monitor.js';

export interface ProcessExecutorOptions {
  /** The agent's ID for TESSERA_AGENT_ID, read at launch time (absent before registration). */
  readonly agentId?: () => string | undefined;
  /** PATH given to tasks; default: the agent's own PATH. */
  readonly path?: string;
  /** Called with failures that have no caller to report to (a signal that could not be sent). */
  readonly onError?: (error: unknown, context: string) => void;
  /** Fetches task URIs; default: a Fetcher without a cache. */
  readonly fetcher?: Fetcher;
  /** Contains, limits and measures each task; default: a PosixIsolator. */
  readonly isolator?: Isolator;
  /**
   * When the agent runs as root: the user of tasks that name none (default
   * "nobody", as Nomad's exec driver). Ignored when the agent is not root:
   * tasks then run as the agent's user.
   */
  readonly defaultUser?: string;
  /** When the agent runs as root: allow tasks to run as root (uid 0). Default false: such launches are refused. */
  readonly allowRootTasks?: boolean;
  /** Between two liveness checks of processes adopted after an agent restart; default 250 ms. */
  readonly adoptedPollMs?: number;
  /** Starts root processes; default: a DirectSpawner (the agent uses a ForkServerSpawner). */
  readonly spawner?: Spawner;
  /** Sandbox checks of every run (disk limit, listening ports, log rotation); default: see SandboxPolicy. */
  readonly sandbox?: SandboxPolicy;
  /** A task listens on ports outside its `ports` resources (reported once per new set of ports). */
  readonly onPortViolation?: (taskId: string, ports: readonly number[]) => void;
}

/** What the sandbox monitor of each run checks (`../sandbox/sandbox-monitor.ts`). */
export interface SandboxPolicy {
  /** Between two samples; default 5000 ms. */
  readonly intervalMs?: number;
  /** End a task whose sandbox outgrows its `disk` resource (REASON_CONTAINER_LIMITATION_DISK). Default true. */
  readonly enforceDisk?: boolean;
  /** Look for listening ports outside the task's `ports`. Default true. */
  readonly checkPorts?: boolean;
  /** End such a task (REASON_CONTAINER_LIMITATION_PORTS) rather than only report it. Default false. */
  readonly enforcePorts?: boolean;
  /** Copy-truncate stdout and stderr beyond `maxBytes`, keeping `keep` old copies; default: no rotation. */
  readonly rotation?: LogRotation;
}

const DEFAULT_SANDBOX_INTERVAL_MS = 5_000;

const DEFAULT_TASK_USER = 'nobody';

interface RunningProcess {
  readonly taskId: string;
  readonly pid: number;
  readonly killGracePeriodMs: number;
  killRequested: boolean;
  /** When SIGKILL is due (ms since epoch), once a kill was requested. */
  killDeadlineMs: number;
  escalation: NodeJS.Timeout | undefined;
  readonly container: Container;
  /** Set when the container reported a limitation; the task is being killed for it. */
  limitation: ContainerLimitation | undefined;
  readonly monitor: SandboxMonitor;
  /** Resolves after onExit has been called. */
  readonly exited: Promise<void>;
}

interface UserIdentity {
  readonly uid: number;
  readonly gid: number;
  /** Found in /etc/passwd (rather than a bare numeric ID). */
  readonly named: boolean;
}

export class ProcessExecutor implements Executor {
  private readonly running = new Map<string, RunningProcess>();
  private readonly launching = new Map<string, Promise<unknown>>();
  private stopping = false;
  /** Processes adopted after an agent restart (not children of this process): polled for their end. */
  private readonly adopted = new Map<string, { pid: number; startTime: string; ended: (end: RunEnd) => void }>();
  private adoptedPoll: NodeJS.Timeout | undefined;

  private readonly fetcher: Fetcher;
  private readonly spawner: Spawner;
  readonly isolator: Isolator;

  constructor(private readonly options: ProcessExecutorOptions = {}) {
    this.fetcher = options.fetcher ?? new Fetcher();
    this.isolator = options.isolator ?? new PosixIsolator();
    this.spawner = options.spawner ?? new DirectSpawner();
  }

  launch(task: TaskLaunch, onExit: (outcome: ExitOutcome) => void): Promise<{ pid: number; startTime?: string }> {
    if (this.stopping) return Promise.reject(new LaunchError('the executor is shutting down'));
    if (this.running.has(task.taskId) || this.launching.has(task.taskId)) {
      return Promise.reject(new LaunchError(`task ${task.taskId} is already running`));
    }
    const launched = this.start(task, onExit);
    this.launching.set(task.taskId, launched);
    const forget = (): void => {
      this.launching.delete(task.taskId);
    };
    launched.then(forget, forget);
    return launched;
  }

  private async start(
    task: TaskLaunch,
    onExit: (outcome: ExitOutcome) => void,
  ): Promise<{ pid: number; startTime?: string }> {
    const identity = await this.identityFor(task);
    const env = taskEnvironment(task, {
      agentId: this.options.agentId?.(),
      path: this.options.path ?? process.env.PATH,
    });
    const command = commandLine(task);
    const statusFile = statusFileOf(task);
    let spawned: Spawned;
    let container: Container | undefined;
    try {
      await Promise.all([
        mkdir(task.sandbox, { recursive: true, mode: 0o755 }),
        mkdir(task.metaDir, { recursive: true, mode: 0o755 }),
      ]);
      if (identity !== undefined) await chown(task.sandbox, identity.uid, identity.gid);
      if (task.uris.length > 0) {
        const as =
          identity === undefined
            ? undefined
            : { uid: identity.uid, gid: identity.gid, metaDir: task.metaDir, spawner: this.spawner };
        await this.fetcher.fetchAll(task.uris, task.sandbox, as);
      }
      await checkProgram(task, command.file, env.PATH);
      container = await this.isolator.prepare(containerSpec(task, identity));
      const wrapped = container.wrap(launcherCommand(command));
      // The container switches to the task's user itself when it must do privileged steps first.
      const spawnAs = identity === undefined || wrapped.switchesUser === true ? undefined : identity;
      spawned = await this.spawner.spawn({
        file: wrapped.file,
        args: wrapped.args,
        ...(wrapped.argv0 === undefined ? {} : { argv0: wrapped.argv0 }),
        cwd: task.sandbox,
        env,
        ...(spawnAs === undefined ? {} : { uid: spawnAs.uid, gid: spawnAs.gid }),
        stdout: join(task.sandbox, 'stdout'),
        stderr: join(task.sandbox, 'stderr'),
        status: statusFile,
      });
      if (identity !== undefined) {
        // NOTE: after the spawn, which creates them: the task may reopen its own logs.
        // lchown: the task runs already and may have put a link in their place.
        await Promise.all([
          lchown(join(task.sandbox, 'stdout'), identity.uid, identity.gid).catch(() => undefined),
          lchown(join(task.sandbox, 'stderr'), identity.uid, identity.gid).catch(() => undefined),
        ]);
      }
    } catch (cause) {
      await container?.destroy();
      if (cause instanceof LaunchError) throw cause;
      throw new LaunchError(`cannot start task ${task.taskId}: ${describeError(cause)}`, { cause });
    }
    const { pid } = spawned;
    const startTime = await processStartTime(pid);
    const ended = spawned.exited.then((exit) =>
      exit.lost === true
        ? this.adopt(task.taskId, pid, startTime ?? '', statusFile)
        : outcomeOfExit(exit.code, exit.signal),
    );
    this.watch(task, pid, container, ended, onExit);
    return { pid, ...(startTime === undefined ? {} : { startTime }) };
  }

  /**
   * Re-adopts a run that an earlier agent process launched (agent recovery):
   * when its root process (the launcher) still runs with the recorded start
   * time, it is watched and killed like a run this executor started, and
   * `onExit` follows its end; otherwise the run ended while the agent was down,
   * and `onExit` is called with the status its launcher recorded (or as lost
   * when there is none), after whatever is left of its container is destroyed.
   */
  async recover(run: RecoveredRun, onExit: (outcome: ExitOutcome) => void): Promise<RecoveryResult> {
    const { launch } = run;
    const statusFile = statusFileOf(launch);
    const spec = containerSpec(launch, undefined);
    const alive = run.startTime !== undefined && (await processStartTime(run.pid)) === run.startTime;
    const container = await this.isolator.recover(spec, run.pid);
    if (!alive || container === undefined) {
      if (alive) this.signalGroup(run.pid, 'SIGKILL');
      const status = await readRunStatus(statusFile);
      const end: RunEnd =
        status !== undefined
          ? outcomeOfStatus(status)
          : {
              message: alive
                ? "The task's container was lost while the agent was down"
                : 'The task ended while the agent was down and its exit status was not recorded',
            };
      await container?.destroy();
      const outcome: ExitOutcome = { ...end, killed: false };
      queueMicrotask(() => onExit(outcome));
      return { adopted: false, outcome };
    }
    const ended = this.adopt(launch.taskId, run.pid, run.startTime ?? '', statusFile);
    this.watch(launch, run.pid, container, ended, onExit);
    return { adopted: true };
  }

  /** Removes containers of this agent that belong to no recovered run. */
  cleanup(keep: readonly TaskLaunch[]): Promise<number> {
    return this.isolator.cleanup(keep.map((launch) => containerSpec(launch, undefined)));
  }

  /**
   * Tracks a started (or adopted) run until `ended` resolves: then kills what is
   * left of its group and container, works out the limitation, and calls onExit.
   */
  private watch(
    task: TaskLaunch,
    pid: number,
    container: Container,
    ended: Promise<RunEnd>,
    onExit: (outcome: ExitOutcome) => void,
  ): void {
    const { taskId, killGracePeriodMs } = task;
    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const onLimitation = (limitation: ContainerLimitation): void => {
      run.limitation ??= limitation;
      this.signalGroup(pid, 'SIGKILL');
    };
    const policy = this.options.sandbox ?? {};
    const monitor = new SandboxMonitor({
      sandbox: task.sandbox,
      ...(policy.enforceDisk === false || task.diskMb === undefined ? {} : { diskLimitMb: task.diskMb }),
      pids: () => container.pids(),
      allowedPorts: task.ports,
      checkPorts: policy.checkPorts ?? true,
      enforcePorts: policy.enforcePorts ?? false,
      ...(policy.rotation === undefined ? {} : { rotation: policy.rotation }),
      intervalMs: policy.intervalMs ?? DEFAULT_SANDBOX_INTERVAL_MS,
      onLimitation,
      onPortViolation: (ports) => this.options.onPortViolation?.(taskId, ports),
      onError: (error, check) => this.options.onError?.(error, `${check} check of task ${taskId}`),
    });
    const run: RunningProcess = {
      taskId,
      pid,
      killGracePeriodMs,
      killRequested: false,
      killDeadlineMs: Number.POSITIVE_INFINITY,
      escalation: undefined,
      container,
      limitation: undefined,
      monitor,
      exited,
    };
    this.running.set(taskId, run);
    let launchResolved!: () => void;
    const afterLaunch = new Promise<void>((resolve) => {
      launchResolved = resolve;
    });
    void ended.then(async (end) => {
      if (run.escalation !== undefined) clearTimeout(run.escalation);
      // The container ends with its root process: kill what is left of the group, then of the container.
      this.signalGroup(pid, 'SIGKILL');
      // NOTE: not awaited: a sample in flight finishes on its own and reports nothing once stopped.
      void run.monitor.stop();
      const limitation = run.limitation ?? (await run.container.limitation());
      await run.container.destroy();
      this.running.delete(taskId);
      const outcome: ExitOutcome = {
        ...(end.exitCode === undefined ? {} : { exitCode: end.exitCode }),
        ...(end.signal === undefined ? {} : { signal: end.signal }),
        killed: run.killRequested,
        message: limitation?.message ?? end.message,
        ...(limitation === undefined ? {} : { limitation: limitation.reason }),
      };
      // NOTE: the contract promises onExit only after launch() resolved.
      void afterLaunch.then(() => {
        try {
          onExit(outcome);
        } finally {
          markExited();
        }
      });
    });
    container.started(pid, onLimitation);
    // NOTE: the first sample comes after one to one and a half intervals, spread out so that a burst of
    // launches is neither slowed down by samples nor sampled all at once later.
    const intervalMs = policy.intervalMs ?? DEFAULT_SANDBOX_INTERVAL_MS;
    monitor.start(Math.round(intervalMs * (1 + Math.random() * 0.5)));
    if (this.stopping) void this.kill(taskId, killGracePeriodMs);
    queueMicrotask(launchResolved);
  }

  /**
   * Watches a launcher that is not (or no longer) a child it can wait for:
   * resolves once it is gone, with the status it recorded in `statusFile`.
   */
  private async adopt(taskId: string, pid: number, startTime: string, statusFile: string): Promise<RunEnd> {
    const gone = new Promise<RunEnd>((resolve) => {
      this.adopted.set(taskId, { pid, startTime, ended: resolve });
    });
    this.pollAdopted();
    const polled = await gone;
    const recorded = await readRunStatus(statusFile);
    return recorded === undefined ? polled : outcomeOfStatus(recorded);
  }

  /** One timer for every adopted process: a process that is gone (or whose pid was reused) has ended. */
  private pollAdopted(): void {
    if (this.adoptedPoll !== undefined) return;
    let polling = false;
    this.adoptedPoll = setInterval(() => {
      if (polling) return;
      polling = true;
      void Promise.all(
        [...this.adopted].map(async ([taskId, watched]) => {
          if ((await processStartTime(watched.pid)) === watched.startTime) return;
          this.adopted.delete(taskId);
          watched.ended({ message: 'Command ended (its exit status was not recorded)' });
        }),
      ).finally(() => {
        polling = false;
        if (this.adopted.size === 0 && this.adoptedPoll !== undefined) {
          clearInterval(this.adoptedPoll);
          this.adoptedPoll = undefined;
        }
      });
    }, this.options.adoptedPollMs ?? 250);
    this.adoptedPoll.unref();
  }

  kill(taskId: string, gracePeriodMs: number): Promise<void> {
    const run = this.running.get(taskId);
    if (run === undefined) return Promise.resolve();
    const deadline = Date.now() + Math.max(0, gracePeriodMs);
    if (!run.killRequested) {
      run.killRequested = true;
      this.signalGroup(run.pid, 'SIGTERM');
    }
    if (deadline < run.killDeadlineMs) {
      run.killDeadlineMs = deadline;
      if (run.escalation !== undefined) clearTimeout(run.escalation);
      run.escalation = setTimeout(() => this.signalGroup(run.pid, 'SIGKILL'), Math.max(0, gracePeriodMs));
    }
    return run.exited;
  }

  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.launching.values()]);
    await Promise.all([...this.running.values()].map((run) => this.kill(run.taskId, run.killGracePeriodMs)));
    // Whatever containers are left (and the agent's own cgroups) go with the last task.
    await this.isolator.cleanup([]);
    this.spawner.close();
  }

  /**
   * Stops watching without killing anything (the agent stops and a later agent
   * process recovers the tasks): limit watchers and pollers stop, processes run on.
   */
  detach(): void {
    this.stopping = true;
    this.spawner.close();
    if (this.adoptedPoll !== undefined) clearInterval(this.adoptedPoll);
    this.adoptedPoll = undefined;
    for (const run of this.running.values()) {
      if (run.escalation !== undefined) clearTimeout(run.escalation);
      void run.monitor.stop();
    }
  }

  /** The uid and gid the task runs as (see identityFor); undefined when the agent does not switch users or may not. */
  async userOf(task: TaskLaunch): Promise<{ uid: number; gid: number } | undefined> {
    const identity = await this.identityFor(task).catch(() => undefined);
    return identity === undefined ? undefined : { uid: identity.uid, gid: identity.gid };
  }

  /** Usage of the task's container so far, with its sandbox's last sampled disk usage; undefined for a task ID it does not run. */
  async usage(taskId: string): Promise<ContainerUsage | undefined> {
    const run = this.running.get(taskId);
    const usage = await run?.container.usage();
    const diskBytes = run?.monitor.lastDiskBytes();
    if (usage === undefined || diskBytes === undefined) return usage;
    return { ...usage, diskUsedMb: diskBytes / MIB };
  }

  /** Task IDs with a live process, and their root process IDs. */
  processes(): Map<string, number> {
    return new Map([...this.running.values()].map((run) => [run.taskId, run.pid]));
  }

  private signalGroup(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      // ESRCH: the group is empty already.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') this.options.onError?.(error, `${signal} to group ${pid}`);
    }
  }

  /**
   * The uid and gid the task runs as when the agent can switch users (it runs
   * as root): the task's user, else the default user; undefined when the agent
   * is not root (tasks run as the agent's user, as Mesos with
   * --switch_user=false). Unknown users fail the launch; root is refused
   * unless allowed.
   */
  private async identityFor(task: TaskLaunch): Promise<UserIdentity | undefined> {
    if (process.getuid?.() !== 0) return undefined;
    const user = task.user ?? this.options.defaultUser ?? DEFAULT_TASK_USER;
    const identity = await resolveUser(user);
    if (identity.uid === 0 && this.options.allowRootTasks !== true) {
      throw new UnauthorizedLaunchError(
        `task ${task.taskId} would run as root (user ${JSON.stringify(user)}), which this agent does not allow (--allow-root-tasks)`,
      );
    }
    return identity;
  }
}

function containerSpec(task: TaskLaunch, identity: UserIdentity | undefined): ContainerSpec {
  return {
    taskId: task.taskId,
    sandbox: task.sandbox,
    ...(task.memMb === undefined ? {} : { memMb: task.memMb }),
    ...(task.cpus === undefined ? {} : { cpus: task.cpus }),
    ...(identity === undefined ? {} : { identity: { uid: identity.uid, gid: identity.gid } }),
  };
}

/**
 * Refuses, before anything is prepared, an argv command whose program is not
 * an executable file (on the task's PATH when it names no directory), so that
 * it fails the launch rather than running a launcher that exits 127.
 */
async function checkProgram(task: TaskLaunch, program: string, path: string | undefined): Promise<void> {
  if (task.command.shell) return;
  const candidates = program.includes('/')
    ? [resolve(task.sandbox, program)]
    : (path ?? '')
        .split(':')
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, program));
  for (const candidate of candidates) {
    const executable = await access(candidate, fsConstants.X_OK).then(
      () => stat(candidate).then((s) => s.isFile()),
      () => false,
    );
    if (executable) return;
  }
  throw new LaunchError(`cannot start task ${task.taskId}: ${program}: no such executable file`);
}

function commandLine(task: TaskLaunch): { file: string; args: string[]; argv0?: string } {
  if (task.command.shell) return { file: '/bin/sh', args: ['-c', task.command.value] };
  const [argv0, ...rest] = task.command.arguments;
  return argv0 === undefined ? { file: task.command.value, args: [] } : { file: task.command.value, args: rest, argv0 };
}

/** /etc/passwd as last read; read again when older than PASSWD_MAX_AGE_MS (users are rarely added). */
let passwdCache: { readAtMs: number; text: Promise<string> } | undefined;
const PASSWD_MAX_AGE_MS = 10_000;

/** A user name from /etc/passwd, or a numeric uid (its gid taken equal). */
async function resolveUser(user: string): Promise<UserIdentity> {
  const now = Date.now();
  if (passwdCache === undefined || now - passwdCache.readAtMs > PASSWD_MAX_AGE_MS) {
    passwdCache = { readAtMs: now, text: readFile('/etc/passwd', 'utf8').catch(() => '') };
  }
  const passwd = await passwdCache.text;
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user && uid !== undefined && gid !== undefined)
      return { uid: Number(uid), gid: Number(gid), named: true };
  }
  if (/^\d+$/.test(user)) return { uid: Number(user), gid: Number(user), named: false };
  throw new LaunchError(`unknown user ${JSON.stringify(user)}`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
