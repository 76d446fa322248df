/**
 * SandboxMonitor with a real sandbox under os.tmpdir() and real listening processes; real unref'd timers at 50 ms,
 * except where a ManualTimer steps the sampling cycle. Every wait is for an event (a sample, a callback), never a
 * fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContainerLimitation } from '../src/isolation/types.js';
import { SandboxMonitor, type SandboxCheck, type SandboxMonitorOptions } from '../src/sandbox/sandbox-monitor.js';
import { ManualTimer, waitFor } from './helpers.js';

const MIB = 1024 * 1024;
const INTERVAL_MS = 50;

/** Listens on port 0 of 127.0.0.1 argv[1] times, then prints the ports as one JSON line. */
const LISTENER = `
const net = require('net');
Promise.all(Array.from({ length: Number(process.argv[1]) }, () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => resolve(server.address().port));
}))).then((ports) => console.log(JSON.stringify(ports)));
`;

let sandbox: string;
const monitors: SandboxMonitor[] = [];
const children: ChildProcess[] = [];
const servers: Server[] = [];
beforeEach(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'tessera-monitor-'));
});
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((monitor) => monitor.stop()));
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }),
  );
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(sandbox, { recursive: true, force: true });
});

/** A child listening on `count` ports of 127.0.0.1; resolves once it listens. */
async function startListener(count: number): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = spawn(process.execPath, ['-e', LISTENER, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, ports: JSON.parse(line) as number[] };
}

/** A started monitor whose callbacks are recorded; `samples` counts calls of `pids` (one per sample). */
function startMonitor(overrides: Partial<SandboxMonitorOptions> & { taskPids?: () => readonly number[] } = {}) {
  const record = {
    samples: 0,
    limitations: [] as ContainerLimitation[],
    violations: [] as number[][],
    errors: [] as { error: unknown; check: SandboxCheck }[],
  };
  const { taskPids = () => [], ...options } = overrides;
  const monitor = new SandboxMonitor({
    sandbox,
    allowedPorts: [],
    intervalMs: INTERVAL_MS,
    pids: () => {
      record.samples += 1;
      return Promise.resolve(taskPids());
    },
    onLimitation: (limitation) => record.limitations.push(limitation),
    onPortViolation: (ports) => record.violations.push(ports),
    onError: (error, check) => record.errors.push({ error, check }),
    ...options,
  });
  monitors.push(monitor);
  monitor.start();
  return { monitor, record };
}

/** Waits until `count` more samples have completed than when called. */
async function moreSamples(record: { samples: number }, count: number): Promise<void> {
  const target = record.samples + count;
  await waitFor(() => record.samples >= target, `${count} more samples`);
}

describe('SandboxMonitor', () => {
  it('reports a disk limitation once when a file larger than the limit appears', async () => {
    const { monitor, record } = startMonitor({ diskLimitMb: 1 });
    await moreSamples(record, 2);
    expect(record.limitations).toEqual([]);

    // 2 MiB of real data (not sparse) against 1 MB.
    await writeFile(join(sandbox, 'big'), Buffer.alloc(2 * MIB, 7));
    await waitFor(() => record.limitations.length > 0, 'the disk limitation');
    await moreSamples(record, 3);

    expect(record.limitations).toEqual([
      {
        reason: 'REASON_CONTAINER_LIMITATION_DISK',
        message: expect.stringMatching(/^Disk usage \(2(\.1)? MB\) exceeds the sandbox limit of 1 MB$/),
      },
    ]);
    expect(monitor.lastDiskBytes()).toBeGreaterThanOrEqual(2 * MIB);
    expect(record.errors).toEqual([]);
  });

  it('measures disk usage without a limit and never reports one', async () => {
    await writeFile(join(sandbox, 'big'), Buffer.alloc(2 * MIB, 7));
    const { monitor, record } = startMonitor({ diskLimitMb: 0 });
    await moreSamples(record, 2);
    expect(monitor.lastDiskBytes()).toBeGreaterThanOrEqual(2 * MIB);
    expect(record.limitations).toEqual([]);
  });

  it('reports a port violation for an unallowed listening port but not for an allowed one, and kills nothing', async () => {
    const { child, ports } = await startListener(2);
    const [allowed, unallowed] = ports as [number, number];
    const { record } = startMonitor({ allowedPorts: [allowed], taskPids: () => [child.pid!] });

    await waitFor(() => record.violations.length > 0, 'the port violation');
    await moreSamples(record, 3);

    expect(record.violations).toEqual([[unallowed]]);
    // Not enforced: no limitation, and the task runs on.
    expect(record.limitations).toEqual([]);
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
  });

  it('with enforcePorts, reports a ports limitation once, naming the ports', async () => {
    const { child, ports } = await startListener(2);
    const sorted = [...ports].sort((a, b) => a - b);
    const { record } = startMonitor({ enforcePorts: true, taskPids: () => [child.pid!] });

    await waitFor(() => record.limitations.length > 0, 'the ports limitation');
    await moreSamples(record, 3);

    expect(record.violations).toEqual([sorted]);
    expect(record.limitations).toEqual([
      {
        reason: 'REASON_CONTAINER_LIMITATION_PORTS',
        message: `Task listens on port(s) ${sorted.join(', ')} outside its ports resources`,
      },
    ]);
    expect(child.exitCode).toBeNull();
  });

  it('reports nothing for a task that listens only on its allowed ports', async () => {
    const { child, ports } = await startListener(1);
    const { record } = startMonitor({ allowedPorts: ports, enforcePorts: true, taskPids: () => [child.pid!] });
    await moreSamples(record, 4);
    expect(record.violations).toEqual([]);
    expect(record.limitations).toEqual([]);
    expect(record.errors).toEqual([]);
  });

  it('reports a new set of unallowed ports again, and a set seen before not again', async () => {
    const first = await startListener(1);
    const second = await startListener(1);
    let pids = [first.child.pid!];
    const { record } = startMonitor({ taskPids: () => pids });

    await waitFor(() => record.violations.length === 1, 'the first violation');
    pids = [first.child.pid!, second.child.pid!];
    await waitFor(() => record.violations.length === 2, 'the second violation');
    pids = [first.child.pid!];
    await moreSamples(record, 3);

    expect(record.violations).toEqual([first.ports, [...first.ports, ...second.ports].sort((a, b) => a - b)]);
  });

  it('does not look at processes when checkPorts is false', async () => {
    const { child } = await startListener(1);
    let pidsCalls = 0;
    const { monitor } = startMonitor({
      checkPorts: false,
      enforcePorts: true,
      pids: () => {
        pidsCalls += 1;
        return Promise.resolve([child.pid!]);
      },
    });
    await waitFor(() => monitor.lastDiskBytes() !== undefined, 'a disk sample');
    const first = monitor.lastDiskBytes();
    await writeFile(join(sandbox, 'more'), Buffer.alloc(64 * 1024, 1));
    await waitFor(() => monitor.lastDiskBytes() !== first, 'a later disk sample');
    expect(pidsCalls).toBe(0);
  });

  it('rotates stdout and stderr every sample', async () => {
    await writeFile(join(sandbox, 'stdout'), 'o'.repeat(1000));
    await writeFile(join(sandbox, 'stderr'), 'e'.repeat(1000));
    const { record } = startMonitor({ rotation: { maxBytes: 100, keep: 1 } });

    await moreSamples(record, 1);
    expect(await readFile(join(sandbox, 'stdout.1'), 'utf8')).toBe('o'.repeat(1000));
    expect(await readFile(join(sandbox, 'stderr.1'), 'utf8')).toBe('e'.repeat(1000));
    expect((await stat(join(sandbox, 'stdout'))).size).toBe(0);

    await writeFile(join(sandbox, 'stdout'), 'p'.repeat(200));
    await waitFor(
      async () => (await readFile(join(sandbox, 'stdout.1'), 'utf8')) === 'p'.repeat(200),
      'a 2nd rotation',
    );
    expect(record.errors).toEqual([]);
  });

  it('passes a failing check to onError and goes on with the other checks and samples', async () => {
    const failure = new Error('no pids today');
    const { monitor, record } = startMonitor({
      diskLimitMb: 1,
      pids: () => Promise.reject(failure),
    });
    await waitFor(() => record.errors.length >= 3, 'three failed samples');
    expect(record.errors.slice(0, 3)).toEqual([
      { error: failure, check: 'ports' },
      { error: failure, check: 'ports' },
      { error: failure, check: 'ports' },
    ]);
    expect(monitor.lastDiskBytes()).toBeGreaterThan(0);
  });

  it('never overlaps samples: the next starts intervalMs after the one in flight ended', async () => {
    const timer = new ManualTimer();
    let pidsCalls = 0;
    let release: (pids: readonly number[]) => void = () => undefined;
    startMonitor({
      timer,
      intervalMs: 1000,
      pids: () => {
        pidsCalls += 1;
        return new Promise((resolve) => (release = resolve));
      },
    });

    timer.advance(0); // the first sample starts at once
    await waitFor(() => pidsCalls === 1, 'the first sample to ask for pids');
    timer.advance(10_000); // it hangs: nothing is scheduled meanwhile
    expect(timer.size).toBe(0);
    expect(pidsCalls).toBe(1);

    release([]);
    await waitFor(() => timer.size === 1, 'the next sample to be scheduled');
    timer.advance(999); // 1000 ms after the end of the first sample, not before
    expect(pidsCalls).toBe(1);
    timer.advance(1);
    await waitFor(() => pidsCalls === 2, 'the second sample');
    release([]); // so that stop (in afterEach) does not wait for it forever
  });

  it('stop waits for the sample in flight, calls nothing after it, and is idempotent', async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const timer = new ManualTimer();
    let release: (pids: readonly number[]) => void = () => undefined;
    let asked = false;
    const { monitor, record } = startMonitor({
      timer,
      enforcePorts: true,
      pids: () => {
        asked = true;
        return new Promise((resolve) => (release = resolve));
      },
    });
    timer.advance(0);
    await waitFor(() => asked, 'the sample to ask for pids');

    let stopped = false;
    const stopping = monitor.stop().then(() => (stopped = true));
    // This process listens on a port outside allowedPorts ([]): a violation, were the monitor not stopped.
    release([process.pid]);
    await stopping;

    expect(stopped).toBe(true);
    expect(record.violations).toEqual([]);
    expect(record.limitations).toEqual([]);
    expect(timer.size).toBe(0);
    await monitor.stop();
    monitor.start();
    expect(timer.size).toBe(0);
  });
});
