/**
 * How the process executor starts a task's root process (its launcher). Two
 * implementations behind one interface:
 *
 * - `DirectSpawner`: `child_process.spawn` in the agent's own process.
 * - `ForkServerSpawner`: a small helper process (`spawn-server.ts`, started
 *   once) does the spawning. Node forks synchronously on its main thread, and
 *   the cost of a fork grows with the forking process's memory: the agent,
 *   holding a thousand tasks, forks several times slower than a fresh helper,
 *   and blocks its event loop meanwhile. The helper forks on the other core.
 *   As Mesos's agent does with its launcher helper.
 *
 * Either way the task's stdout and stderr (appended to) and the launcher's
 * status file (truncated, on descriptor 3) are opened by the spawner and
 * handed to the child; nothing is piped through.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { open, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Everything needed to start one root process; plain data (it crosses the helper's IPC channel). */
export interface SpawnRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly argv0?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Run as this user (else as the agent's). */
  readonly uid?: number;
  readonly gid?: number;
  /** Paths of the task's stdout and stderr (appended to) and of the launcher's status file (truncated). */
  readonly stdout: string;
  readonly stderr: string;
  readonly status: string;
  /**
   * Files opened read-only by the spawner (with its own rights) and handed to
   * the child on descriptors 4, 5, ... in this order; default none.
   */
  readonly inputs?: readonly string[];
}

/** How a spawned process ended; `lost`: the spawner can no longer tell (the helper died) — watch the pid instead. */
export type SpawnExit =
  | { readonly lost?: false; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly lost: true };

export interface Spawned {
  readonly pid: number;
  /** Resolves once, when the process has exited (or the spawner lost track of it). */
  readonly exited: Promise<SpawnExit>;
}

export interface Spawner {
  /** Starts the process in its own session (process group); rejects when it could not be started. */
  spawn(request: SpawnRequest): Promise<Spawned>;
  /** Stops the helper, if any; processes keep running. */
  close(): void;
}

/** Spawns in this process. */
export class DirectSpawner implements Spawner {
  async spawn(request: SpawnRequest): Promise<Spawned> {
    const { stdout, stderr, status, inputs } = await openRunFiles(request);
    let child: ChildProcess;
    let exited: Promise<SpawnExit>;
    let started: Promise<void>;
    try {
      child = spawn(request.file, [...request.args], {
        cwd: request.cwd,
        env: request.env,
        detached: true,
        // NOTE: the status file is descriptor 3 of the child (STATUS_FD of the launcher), inputs follow.
        stdio: ['ignore', stdout.fd, stderr.fd, status.fd, ...inputs.map((input) => input.fd)],
        ...(request.argv0 === undefined ? {} : { argv0: request.argv0 }),
        ...(request.uid === undefined ? {} : { uid: request.uid }),
        ...(request.gid === undefined ? {} : { gid: request.gid }),
      });
      // NOTE: listen before the first await: 'spawn', 'error' and a quick 'exit' come on later ticks.
      const spawned = child;
      exited = new Promise((resolve) => spawned.once('exit', (code, signal) => resolve({ code, signal })));
      started = new Promise<void>((resolve, reject) => {
        spawned.once('spawn', resolve);
        spawned.once('error', reject);
      });
      started.catch(() => undefined); // observed below, after the descriptors are closed
    } finally {
      // spawn() forks synchronously: the child holds its own copies of the descriptors by now.
      await Promise.all([stdout, stderr, status, ...inputs].map((handle) => handle.close()));
    }
    await started;
    const pid = child.pid;
    if (pid === undefined) throw new Error('no process ID');
    // Errors after the spawn come from signals that could not be sent; exit still follows.
    child.on('error', () => undefined);
    return { pid, exited };
  }

  close(): void {}
}

/** Messages of the helper's IPC protocol. */
export type SpawnServerRequest = { readonly id: number; readonly request: SpawnRequest };
export type SpawnServerReply =
  | { readonly id: number; readonly pid: number }
  | { readonly id: number; readonly error: string }
  | { readonly id: number; readonly exit: { code: number | null; signal: NodeJS.Signals | null } };

interface Pending {
  readonly resolve: (spawned: Spawned) => void;
  readonly reject: (error: Error) => void;
  exited?: (exit: SpawnExit) => void;
}

/**
 * Spawns through a helper process, started on first use and again after it
 * died. When it dies, spawns in flight fail and running processes' `exited`
 * resolve `{ lost: true }` (they keep running, reparented to init).
 */
export class ForkServerSpawner implements Spawner {
  private server: ChildProcess | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly onError?: (error: unknown, context: string) => void) {}

  spawn(request: SpawnRequest): Promise<Spawned> {
    const server = this.ensureServer();
    const id = ++this.nextId;
    return new Promise<Spawned>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: SpawnServerRequest = { id, request };
      server.send(message, (error) => {
        if (error === null) return;
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  close(): void {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined && server.connected) server.disconnect();
  }

  private ensureServer(): ChildProcess {
    if (this.server?.connected === true) return this.server;
    const server = fork(helperScript('spawn-server.js'), [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // The helper stays small: that is the point of it.
      execArgv: ['--max-old-space-size=64'],
      serialization: 'advanced',
    });
    this.server = server;
    server.on('message', (reply: SpawnServerReply) => this.onReply(reply));
    server.on('error', (error) => this.onError?.(error, 'spawn helper'));
    server.on('exit', (code, signal) => {
      if (this.server === server) this.server = undefined;
      if (this.pending.size > 0) this.onError?.(new Error(`exited (${signal ?? code})`), 'spawn helper');
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        if (pending.exited !== undefined) pending.exited({ lost: true });
        else pending.reject(new Error('the spawn helper exited'));
      }
    });
    // NOTE: the helper must not keep the agent alive, nor be waited for.
    server.unref();
    server.channel?.unref();
    return server;
  }

  private onReply(reply: SpawnServerReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    if ('error' in reply) {
      this.pending.delete(reply.id);
      pending.reject(new Error(reply.error));
    } else if ('pid' in reply) {
      const exited = new Promise<SpawnExit>((resolve) => {
        pending.exited = resolve;
      });
      pending.resolve({ pid: reply.pid, exited });
    } else {
      this.pending.delete(reply.id);
      pending.exited?.(reply.exit);
    }
  }
}

/**
 * The built script of a helper of this directory (`spawn-server.js`,
 * `fetch-helper.js`): next to this module once built; when this module runs
 * from its TypeScript source (the unit tests), the built one in dist/.
 */
export function helperScript(name: string): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? fileURLToPath(new URL(`../../dist/executor/${name}`, import.meta.url))
    : fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** stdout and stderr (appended to), the status file (truncated, 0644) and the inputs (read-only): all opened or none. */
async function openRunFiles(
  request: SpawnRequest,
): Promise<{ stdout: FileHandle; stderr: FileHandle; status: FileHandle; inputs: FileHandle[] }> {
  const results = await Promise.allSettled([
    open(request.stdout, 'a', 0o644),
    open(request.stderr, 'a', 0o644),
    open(request.status, 'w', 0o644),
    ...(request.inputs ?? []).map((path) => open(path, 'r')),
  ]);
  const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const [stdout, stderr, status, ...inputs] = opened;
  if (opened.length === results.length && stdout !== undefined && stderr !== undefined && status !== undefined) {
    return { stdout, stderr, status, inputs };
  }
  await Promise.all(opened.map((handle) => handle.close()));
  const failure = results.find((r) => r.status === 'rejected');
  throw failure?.reason;
}
