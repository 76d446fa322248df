import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@tessera/testkit';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const children: ChildProcess[] = [];
/** Children that stopServices is stopping: their exit is expected. */
const stopping = new WeakSet<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/**
 * Starts a built service (`entry`, relative to the repository root) as its own
 * process, its output (logs) on our stderr, and waits until `readyUrl` answers 2xx;
 * an exit before `stopServices` is reported there too.
 * BENCH_SERVICE_NODE_ARGS passes extra node flags to every service (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"), `nodeArgs` to this one; BENCH_SERVICE_LOG_LEVEL
 * sets the services' log level (default warn).
 */
export async function startService(
  entry: string,
  args: readonly string[],
  readyUrl: string,
  nodeArgs = '',
  /** Whether the JSON body of a 2xx answer of `readyUrl` means ready; default any. */
  ready: (body: Record<string, unknown>) => boolean = () => true,
): Promise<ChildProcess> {
  const flags = `${process.env['BENCH_SERVICE_NODE_ARGS'] ?? ''} ${nodeArgs}`.split(' ').filter((a) => a !== '');
  // NOTE: services log (pino, at warn) on stdout; both their streams go to our stderr, so a table on our stdout stays clean.
  const child = spawn(process.execPath, [...flags, join(ROOT, entry), ...args], {
    stdio: ['ignore', 2, 'inherit'],
    env: { ...process.env, TESSERA_LOG_LEVEL: process.env['BENCH_SERVICE_LOG_LEVEL'] ?? 'warn' },
  });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping.has(child)) console.error(`${entry} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
      const response = await fetch(readyUrl);
      return response.ok && ready((await response.json().catch(() => ({}))) as Record<string, unknown>);
    },
    { timeoutMs: 30_000, what: entry },
  );
  return child;
}

/** SIGKILL to one service (its exit is expected); resolves once it has exited. */
export function killService(child: ChildProcess): Promise<void> {
  stopping.add(child);
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** SIGTERM to every service started (since the last call), resolved when all have exited; more may be started then. */
export async function stopServices(): Promise<void> {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise((resolve) => {
          stopping.add(child);
          if (child.exitCode !== null) return resolve(undefined);
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** The master and allocator processes of a benchmark's cluster. */
export interface ControlPlane {
  /** The master's gRPC address "127.0.0.1:port". */
  readonly master: string;
  readonly masterProcess: ChildProcess;
  readonly allocatorProcess: ChildProcess;
}

/**
 * Starts the allocator and the master on free ports (the master with the
 * Redis store and NATS bus when given, else its embedded ones) and waits
 * until both answer /healthz. Stopped by `stopServices`.
 */
export async function startControlPlane(options: { redisUrl?: string; natsUrl?: string } = {}): Promise<ControlPlane> {
  const [allocatorPort, allocatorHttp, masterPort, masterHttp] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const allocatorProcess = await startService(
    'services/allocator/dist/main.js',
    ['--port', String(allocatorPort), '--http-port', String(allocatorHttp)],
    `http://127.0.0.1:${allocatorHttp}/healthz`,
  );
  const masterProcess = await startService(
    'services/master/dist/main.js',
    [
      '--port',
      String(masterPort),
      '--http-port',
      String(masterHttp),
      '--allocator',
      `127.0.0.1:${allocatorPort}`,
      // NOTE: with the embedded store the lease is renewed on the master's own (busy) thread; nobody else can take
      // it, so a long one only keeps a saturated master from deposing itself.
      ...(options.redisUrl === undefined ? ['--leader-lease-ms', '30000'] : ['--redis-url', options.redisUrl]),
      ...(options.natsUrl === undefined ? [] : ['--nats-url', options.natsUrl]),
    ],
    `http://127.0.0.1:${masterHttp}/healthz`,
    '',
    (body) => body['role'] === 'leader',
  );
  return { master: `127.0.0.1:${masterPort}`, masterProcess, allocatorProcess };
}
