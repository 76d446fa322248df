import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@tessera/testkit';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/**
 * Starts a built service (`entry`, relative to the repository root) as its own
 * process, its errors on our stderr, and waits until `readyUrl` answers 2xx.
 * BENCH_SERVICE_NODE_ARGS passes extra node flags to every service (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"), `nodeArgs` to this one.
 */
export async function startService(
  entry: string,
  args: readonly string[],
  readyUrl: string,
  nodeArgs = '',
): Promise<ChildProcess> {
  const flags = `${process.env['BENCH_SERVICE_NODE_ARGS'] ?? ''} ${nodeArgs}`.split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...flags, join(ROOT, entry), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TESSERA_LOG_LEVEL: 'warn' },
  });
  children.push(child);
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
      return (await fetch(readyUrl)).ok;
    },
    { timeoutMs: 30_000, what: entry },
  );
  return child;
}

/** SIGTERM to every service started, resolved when all have exited. */
export async function stopServices(): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(undefined);
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
}
