/**
 * The shell of task health checking: one HealthChecker per running task with a
 * health check. It owns the timers and runs the probes (a command in the task's
 * sandbox, an HTTP GET, a TCP connect); every decision comes from the pure
 * HealthMonitor (`core/health.ts`), and is handed to the agent through the two
 * callbacks. Checks of one task never overlap.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { HealthMonitor, type HealthCheckResult } from './core/health.js';
import type { HealthCheckProbe, HealthCheckSpec } from './core/types.js';

export interface HealthCheckerOptions {
  readonly spec: HealthCheckSpec;
  /** The task's sandbox: working directory of COMMAND checks. */
  readonly sandbox: string;
  /** The task's environment (COMMAND checks run with it). */
  readonly environment: Readonly<Record<string, string>>;
  /** The user the task runs as, when the agent switches users: COMMAND checks run as it too (never as root for a task that is not). */
  readonly identity?: { readonly uid: number; readonly gid: number };
  readonly now: () => number;
  /** The health changed (first known, or flipped): report it. */
  readonly onHealthChanged: (result: HealthCheckResult) => void;
  /** The consecutive failures were reached: kill the task. Called at most once; no check runs after it. */
  readonly onKill: (message: string) => void;
}

export class HealthChecker {
  private readonly monitor: HealthMonitor;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private abortCheck: (() => void) | undefined;

  /** Starts checking: the first check runs `spec.delayMs` from now, the task's start. */
  constructor(private readonly options: HealthCheckerOptions) {
    this.monitor = new HealthMonitor(options.spec, options.now());
    this.schedule(options.spec.delayMs);
  }

  /** The health last reported; undefined while unknown. */
  get healthy(): boolean | undefined {
    return this.monitor.healthy;
  }

  /** Stops checking (the task ended or is being killed). Idempotent; a check in flight is abandoned and its result ignored. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.abortCheck?.();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.checkOnce();
    }, delayMs);
    this.timer.unref();
  }

  private async checkOnce(): Promise<void> {
    const { promise, abort } = runProbe(this.options.spec.probe, this.options.spec.timeoutMs, this.options);
    this.abortCheck = abort;
    const result = await promise;
    this.abortCheck = undefined;
    if (this.stopped) return;
    const decision = this.monitor.record(result, this.options.now());
    if (decision.report !== undefined) this.options.onHealthChanged(decision.report);
    if (decision.kill !== undefined) {
      this.stop();
      this.options.onKill(decision.kill);
      return;
    }
    this.schedule(this.options.spec.intervalMs);
  }
}

interface RunningProbe {
  /** Never rejects: every problem is an unhealthy result. */
  readonly promise: Promise<HealthCheckResult>;
  readonly abort: () => void;
}

/** Runs one probe with a timeout. */
export function runProbe(
  probe: HealthCheckProbe,
  timeoutMs: number,
  context: {
    sandbox: string;
    environment: Readonly<Record<string, string>>;
    identity?: { readonly uid: number; readonly gid: number } | undefined;
  },
): RunningProbe {
  let cleanup: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<HealthCheckResult>((resolve) => {
    let settled = false;
    const settle = (result: HealthCheckResult): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      cleanup();
      resolve(result);
    };
    timer = setTimeout(
      () => settle({ healthy: false, message: `timed out after ${timeoutMs / 1000} s` }),
      Math.max(0, timeoutMs),
    );
    timer.unref();
    switch (probe.type) {
      case 'command':
        cleanup = commandProbe(probe, context, settle);
        break;
      case 'http':
        cleanup = httpProbe(probe, timeoutMs, settle);
        break;
      case 'tcp':
        cleanup = tcpProbe(probe.port, settle);
        break;
    }
  });
  return {
    promise,
    abort: () => {
      if (timer !== undefined) clearTimeout(timer);
      cleanup();
    },
  };
}

/** Runs the command in its own process group in the sandbox; returns what kills that group (timeout, abort). */
function commandProbe(
  probe: HealthCheckProbe & { type: 'command' },
  context: {
    sandbox: string;
    environment: Readonly<Record<string, string>>;
    identity?: { readonly uid: number; readonly gid: number } | undefined;
  },
  settle: (result: HealthCheckResult) => void,
): () => void {
  const { shell, value, arguments: argv } = probe.command;
  const [argv0, ...rest] = argv;
  const as = context.identity === undefined ? {} : { uid: context.identity.uid, gid: context.identity.gid };
  const child = shell
    ? spawn('/bin/sh', ['-c', value], {
        cwd: context.sandbox,
        env: { ...context.environment },
        detached: true,
        stdio: 'ignore',
        ...as,
      })
    : spawn(value, argv0 === undefined ? [] : rest, {
        cwd: context.sandbox,
        env: { ...context.environment },
        detached: true,
        stdio: 'ignore',
        ...(argv0 === undefined ? {} : { argv0 }),
        ...as,
      });
  let exited = false;
  child.once('error', (error) => settle({ healthy: false, message: `cannot run the check: ${error.message}` }));
  child.once('exit', (code, signal) => {
    exited = true;
    if (code === 0) settle({ healthy: true, message: 'exit status 0' });
    else settle({ healthy: false, message: code !== null ? `exit status ${code}` : `signal ${signal ?? '?'}` });
  });
  return () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // ESRCH: it ended meanwhile.
    }
  };
}

function httpProbe(
  probe: HealthCheckProbe & { type: 'http' },
  timeoutMs: number,
  settle: (result: HealthCheckResult) => void,
): () => void {
  const url = `${probe.scheme}://127.0.0.1:${probe.port}${probe.path}`;
  const client = probe.scheme === 'https' ? https : http;
  const request = client.get(url, { timeout: timeoutMs, agent: false, rejectUnauthorized: false }, (response) => {
    response.resume();
    const status = response.statusCode ?? 0;
    settle({ healthy: status >= 200 && status < 400, message: `HTTP ${status} from ${url}` });
  });
  request.on('error', (error) => settle({ healthy: false, message: `GET ${url}: ${error.message}` }));
  return () => request.destroy();
}

function tcpProbe(port: number, settle: (result: HealthCheckResult) => void): () => void {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.once('connect', () => settle({ healthy: true, message: `connected to 127.0.0.1:${port}` }));
  socket.once('error', (error) =>
    settle({ healthy: false, message: `connect to 127.0.0.1:${port}: ${error.message}` }),
  );
  return () => socket.destroy();
}
