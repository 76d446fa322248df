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
 * command never runs. When the task runs as another user, the fetched files
 * are given to that user.
 *
 * Each run is contained by the executor's Isolator (`../isolation/`): prepared
 * before the spawn (a failure fails the launch), wrapping the command line,
 * watching limits while the task runs (a limitation SIGKILLs the group and is
 * reported in the ExitOutcome), and destroyed after the root process exited,
 * before `onExit`. With the posix isolator (the default), processes that leave
 * their group (setsid, double fork into a new session) escape; cgroups catch them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chown, lchown, mkdir, open, readdir, readFile } from 'node:fs/promises';
import { Fetcher } from './fetcher.js';
import { join } from 'node:path';
import { taskEnvironment } from './environment.js';
import { LaunchError, type Executor, type ExitOutcome, type TaskLaunch } from './types.js';
import { PosixIsolator } from '../isolation/posix-isolator.js';
import type { Container, ContainerLimitation, ContainerUsage, Isolator } from '../isolation/types.js';

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
}

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
  /** Resolves after onExit has been called. */
  readonly exited: Promise<void>;
}

interface UserIdentity {
  readonly uid: number;
  readonly gid: number;
}

export class ProcessExecutor implements Executor {
  private readonly running = new Map<string, RunningProcess>();
  private readonly launching = new Map<string, Promise<unknown>>();
  private stopping = false;

  private readonly fetcher: Fetcher;
  readonly isolator: Isolator;

  constructor(private readonly options: ProcessExecutorOptions = {}) {
    this.fetcher = options.fetcher ?? new Fetcher();
    this.isolator = options.isolator ?? new PosixIsolator();
  }

  launch(task: TaskLaunch, onExit: (outcome: ExitOutcome) => void): Promise<{ pid: number }> {
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

  private async start(task: TaskLaunch, onExit: (outcome: ExitOutcome) => void): Promise<{ pid: number }> {
    const identity = task.user === undefined ? undefined : await resolveUser(task.user);
    let child: ChildProcess;
    let exitObserved!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    let container: Container | undefined;
    try {
      await mkdir(task.sandbox, { recursive: true, mode: 0o755 });
      if (identity !== undefined) await chown(task.sandbox, identity.uid, identity.gid);
      if (task.uris.length > 0) {
        await this.fetcher.fetchAll(task.uris, task.sandbox);
        if (identity !== undefined) await chownTree(task.sandbox, identity);
      }
      const stdout = await open(join(task.sandbox, 'stdout'), 'a', 0o644);
      const stderr = await open(join(task.sandbox, 'stderr'), 'a', 0o644).catch(async (error: unknown) => {
        await stdout.close();
        throw error;
      });
      let started: Promise<void>;
      try {
        if (identity !== undefined) {
          await chown(join(task.sandbox, 'stdout'), identity.uid, identity.gid);
          await chown(join(task.sandbox, 'stderr'), identity.uid, identity.gid);
        }
        container = await this.isolator.prepare({
          taskId: task.taskId,
          sandbox: task.sandbox,
          ...(task.memMb === undefined ? {} : { memMb: task.memMb }),
          ...(task.cpus === undefined ? {} : { cpus: task.cpus }),
          ...(identity === undefined ? {} : { identity }),
        });
        const { file, args, argv0 } = container.wrap(commandLine(task));
        const env = taskEnvironment(task, {
          agentId: this.options.agentId?.(),
          path: this.options.path ?? process.env.PATH,
        });
        child = spawn(file, [...args], {
          cwd: task.sandbox,
          env,
          detached: true,
          stdio: ['ignore', stdout.fd, stderr.fd],
          ...(argv0 === undefined ? {} : { argv0 }),
          ...(identity === undefined ? {} : { uid: identity.uid, gid: identity.gid }),
        });
        // NOTE: listen before the first await: 'spawn' and 'error' come on the next tick,
        // and a short-lived task may well exit while the descriptors are being closed.
        const spawned = child;
        exitObserved = new Promise((resolve) => spawned.once('exit', (code, signal) => resolve({ code, signal })));
        started = new Promise<void>((resolve, reject) => {
          spawned.once('spawn', resolve);
          spawned.once('error', reject);
        });
        started.catch(() => undefined); // observed below, after the descriptors are closed
      } finally {
        // spawn() forks synchronously: the child holds its own copies of the descriptors by now.
        await Promise.all([stdout.close(), stderr.close()]);
      }
      await started;
    } catch (cause) {
      await container?.destroy();
      if (cause instanceof LaunchError) throw cause;
      throw new LaunchError(`cannot start task ${task.taskId}: ${describeError(cause)}`, { cause });
    }
    const pid = child.pid;
    if (pid === undefined) {
      await container.destroy();
      throw new LaunchError(`cannot start task ${task.taskId}: no process ID`);
    }
    // Errors after the spawn come from signals that could not be sent; exit still follows.
    child.on('error', (error) => this.options.onError?.(error, `task ${task.taskId}`));

    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const run: RunningProcess = {
      taskId: task.taskId,
      pid,
      killGracePeriodMs: task.killGracePeriodMs,
      killRequested: false,
      killDeadlineMs: Number.POSITIVE_INFINITY,
      escalation: undefined,
      container,
      limitation: undefined,
      exited,
    };
    this.running.set(task.taskId, run);
    let launchResolved!: () => void;
    const afterLaunch = new Promise<void>((resolve) => {
      launchResolved = resolve;
    });
    void exitObserved.then(async ({ code, signal }) => {
      if (run.escalation !== undefined) clearTimeout(run.escalation);
      // The container ends with its root process: kill what is left of the group, then of the container.
      this.signalGroup(pid, 'SIGKILL');
      const limitation = run.limitation ?? (await run.container.limitation());
      await run.container.destroy();
      this.running.delete(task.taskId);
      const outcome: ExitOutcome = {
        ...(code === null ? {} : { exitCode: code }),
        ...(signal === null ? {} : { signal }),
        killed: run.killRequested,
        message:
          limitation?.message ??
          (code !== null ? `Command exited with status ${code}` : `Command terminated with signal ${signal ?? '?'}`),
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
    container.started(pid, (limitation) => {
      run.limitation ??= limitation;
      this.signalGroup(pid, 'SIGKILL');
    });
    if (this.stopping) void this.kill(task.taskId, task.killGracePeriodMs);
    queueMicrotask(launchResolved);
    return { pid };
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
  }

  /** Usage of the task's container so far; undefined for a task ID it does not run (or unreadable usage). */
  async usage(taskId: string): Promise<ContainerUsage | undefined> {
    return this.running.get(taskId)?.container.usage();
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
}

async function chownTree(root: string, identity: UserIdentity): Promise<void> {
  await lchown(root, identity.uid, identity.gid);
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) await chownTree(path, identity);
    else await lchown(path, identity.uid, identity.gid);
  }
}

function commandLine(task: TaskLaunch): { file: string; args: string[]; argv0?: string } {
  if (task.command.shell) return { file: '/bin/sh', args: ['-c', task.command.value] };
  const [argv0, ...rest] = task.command.arguments;
  return argv0 === undefined ? { file: task.command.value, args: [] } : { file: task.command.value, args: rest, argv0 };
}

/**
 * The uid and gid of `user` when the agent can switch users (it runs as root);
 * undefined when it cannot, in which case tasks run as the agent's user (Mesos
 * with --switch_user=false). Unknown users fail the launch.
 */
async function resolveUser(user: string): Promise<UserIdentity | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  if (/^\d+$/.test(user)) return { uid: Number(user), gid: Number(user) };
  throw new LaunchError(`unknown user ${JSON.stringify(user)}`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
