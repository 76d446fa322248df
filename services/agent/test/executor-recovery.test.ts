/**
 * The process executor's launcher, recovery (re-adopting runs an earlier agent
 * process started), user policy and sandbox limits, with real processes.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExitOutcome, TaskLaunch } from '../src/core/types.js';
import { outcomeOfStatus, processStartTime } from '../src/executor/launcher.js';
import { ProcessExecutor, type ProcessExecutorOptions } from '../src/executor/process-executor.js';
import { ForkServerSpawner } from '../src/executor/spawner.js';
import { UnauthorizedLaunchError } from '../src/executor/types.js';
import { freePort, launchUnder, processesInGroup, waitFor } from './helpers.js';

const isRoot = process.getuid?.() === 0;
let workDir: string;
const executors: ProcessExecutor[] = [];

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-recovery-'));
  // Tasks run as nobody when the tests run as root: the work directory must be searchable by them.
  await chmod(workDir, 0o755);
});

afterEach(async () => {
  await Promise.all(executors.splice(0).map((executor) => executor.shutdown()));
  await rm(workDir, { recursive: true, force: true });
});

function executor(options: ProcessExecutorOptions = {}): ProcessExecutor {
  const made = new ProcessExecutor({ agentId: () => 'agent-1', ...options });
  executors.push(made);
  return made;
}

let counter = 0;
function taskFor(command: string, overrides: Partial<TaskLaunch> = {}): TaskLaunch {
  return launchUnder(
    workDir,
    `rec-${++counter}`,
    { shell: true, value: command, arguments: [] },
    {
      killGracePeriodMs: 1_000,
      ...overrides,
    },
  );
}

function exitPromise(): { exit: Promise<ExitOutcome>; onExit: (outcome: ExitOutcome) => void } {
  let onExit!: (outcome: ExitOutcome) => void;
  const exit = new Promise<ExitOutcome>((resolve) => {
    onExit = resolve;
  });
  return { exit, onExit };
}

describe('the launcher', () => {
  it('records the exit status of the command in the run meta directory', async () => {
    const task = taskFor('exit 7');
    const { exit, onExit } = exitPromise();
    await executor().launch(task, onExit);
    expect(await exit).toMatchObject({ exitCode: 7 });
    expect(await readFile(join(task.metaDir, 'exit_status'), 'utf8')).toBe('7\n');
  });

  it('maps statuses above 128 to the signal that ended the command', () => {
    expect(outcomeOfStatus(143)).toEqual({
      exitCode: 143,
      signal: 'SIGTERM',
      message: 'Command terminated with signal SIGTERM (status 143)',
    });
    expect(outcomeOfStatus(3)).toEqual({ exitCode: 3, message: 'Command exited with status 3' });
  });

  it('does not pass its status file on to the command', async () => {
    const task = taskFor('ls -l /proc/self/fd/');
    const { exit, onExit } = exitPromise();
    await executor().launch(task, onExit);
    await exit;
    const listing = await readFile(join(task.sandbox, 'stdout'), 'utf8');
    expect(listing).toContain(join(task.sandbox, 'stdout'));
    expect(listing).not.toContain('exit_status');
  });
});

describe('recovery of runs an earlier agent process started', () => {
  it('re-adopts a running task: same pid, killable, and its end is reported', async () => {
    const first = executor();
    const task = taskFor('sleep 600 & wait');
    const { pid, startTime } = await first.launch(task, () => undefined);
    first.detach(); // the agent "dies" without killing anything

    const second = executor();
    const { exit, onExit } = exitPromise();
    const result = await second.recover({ launch: task, pid, startTime }, onExit);
    expect(result).toEqual({ adopted: true });
    expect(second.processes().get(task.taskId)).toBe(pid);
    await second.kill(task.taskId, 1_000);
    const outcome = await exit;
    expect(outcome.killed).toBe(true);
    expect(await processesInGroup(pid)).toEqual([]);
  });

  it('reports the real exit code of a task that ended while the agent was down', async () => {
    const first = executor();
    const marker = join(workDir, 'go');
    const task = taskFor(`while [ ! -e ${marker} ]; do sleep 0.05; done; exit 5`);
    const { pid, startTime } = await first.launch(task, () => undefined);
    first.detach();
    await writeFile(marker, '');
    await waitFor(async () => (await processStartTime(pid)) === undefined, 'the task to end');

    const { exit, onExit } = exitPromise();
    const result = await executor().recover({ launch: task, pid, startTime }, onExit);
    expect(result.adopted).toBe(false);
    expect(await exit).toMatchObject({ exitCode: 5, killed: false, message: 'Command exited with status 5' });
  });

  it('does not adopt a process whose start time differs (a reused pid)', async () => {
    const task = taskFor('true');
    const { exit, onExit } = exitPromise();
    const result = await executor().recover({ launch: task, pid: process.pid, startTime: '1' }, onExit);
    expect(result.adopted).toBe(false);
    expect((await exit).message).toMatch(/exit status was not recorded/);
  });

  it('reports an adopted task that ends on its own, with its exit code', async () => {
    const first = executor();
    const marker = join(workDir, 'go');
    const task = taskFor(`while [ ! -e ${marker} ]; do sleep 0.05; done; exit 0`);
    const { pid, startTime } = await first.launch(task, () => undefined);
    first.detach();
    const { exit, onExit } = exitPromise();
    expect(await executor({ adoptedPollMs: 20 }).recover({ launch: task, pid, startTime }, onExit)).toEqual({
      adopted: true,
    });
    await writeFile(marker, '');
    expect(await exit).toMatchObject({ exitCode: 0, killed: false });
  });
});

describe.skipIf(!isRoot)(
  'the user policy of a root agent (needs root: skipped when the tests do not run as root)',
  () => {
    it('runs tasks that name no user as the default user', async () => {
      const task = taskFor('id -un');
      const { exit, onExit } = exitPromise();
      await executor().launch(task, onExit);
      await exit;
      expect(await readFile(join(task.sandbox, 'stdout'), 'utf8')).toBe('nobody\n');
    });

    it('refuses a task that would run as root unless allowed', async () => {
      await expect(executor().launch(taskFor('true', { user: 'root' }), () => undefined)).rejects.toBeInstanceOf(
        UnauthorizedLaunchError,
      );
      await expect(executor({ defaultUser: 'root' }).launch(taskFor('true'), () => undefined)).rejects.toThrow(
        /would run as root/,
      );
      const task = taskFor('id -u', { user: 'root' });
      const { exit, onExit } = exitPromise();
      await executor({ allowRootTasks: true }).launch(task, onExit);
      await exit;
      expect(await readFile(join(task.sandbox, 'stdout'), 'utf8')).toBe('0\n');
    });
  },
);

describe('the spawn helper', () => {
  it('starts tasks from a helper process and reports their exits', async () => {
    const spawner = new ForkServerSpawner();
    const task = taskFor('echo from-helper; exit 4');
    const { exit, onExit } = exitPromise();
    try {
      await executor({ spawner }).launch(task, onExit);
      expect(await exit).toMatchObject({ exitCode: 4, killed: false });
      expect(await readFile(join(task.sandbox, 'stdout'), 'utf8')).toBe('from-helper\n');
    } finally {
      spawner.close();
    }
  });

  it("still reports a task whose helper died, from its launcher's status file", async () => {
    const spawner = new ForkServerSpawner();
    const marker = join(workDir, 'go');
    const task = taskFor(`while [ ! -e ${marker} ]; do sleep 0.05; done; exit 6`);
    const { exit, onExit } = exitPromise();
    try {
      await executor({ spawner, adoptedPollMs: 20 }).launch(task, onExit);
      spawner.close(); // the helper exits; the task runs on
      await writeFile(marker, '');
      expect(await exit).toMatchObject({ exitCode: 6, killed: false });
    } finally {
      spawner.close();
    }
  });
});

describe('sandbox limits', () => {
  it('ends a task whose sandbox outgrows its disk with a disk limitation', async () => {
    const task = taskFor('head -c 3000000 /dev/zero > big; sleep 600', { diskMb: 1 });
    const { exit, onExit } = exitPromise();
    await executor({ sandbox: { intervalMs: 50 } }).launch(task, onExit);
    const outcome = await exit;
    expect(outcome.limitation).toBe('REASON_CONTAINER_LIMITATION_DISK');
    expect(outcome.message).toMatch(/exceeds the sandbox limit of 1 MB/);
  });

  it('reports a task listening on a port it was not given, and with enforcement ends it', async () => {
    const port = await freePort();
    const listen = `exec node -e "require('net').createServer().listen(${port}, '127.0.0.1')"`;
    const violations: number[][] = [];
    const reporting = executor({
      sandbox: { intervalMs: 50 },
      onPortViolation: (_taskId, ports) => violations.push([...ports]),
    });
    const reported = taskFor(listen);
    await reporting.launch(reported, () => undefined);
    await waitFor(() => violations.length > 0, 'a port violation');
    expect(violations[0]).toEqual([port]);
    await reporting.kill(reported.taskId, 100);

    const { exit, onExit } = exitPromise();
    await executor({ sandbox: { intervalMs: 50, enforcePorts: true } }).launch(taskFor(listen), onExit);
    expect(await exit).toMatchObject({ limitation: 'REASON_CONTAINER_LIMITATION_PORTS' });
  });

  it('rotates stdout beyond its size, keeping the configured copies', async () => {
    const task = taskFor('for i in $(seq 1 40); do head -c 1000 /dev/zero | tr "\\0" x; echo; sleep 0.02; done');
    const { exit, onExit } = exitPromise();
    await executor({ sandbox: { intervalMs: 20, rotation: { maxBytes: 5_000, keep: 1 } } }).launch(task, onExit);
    await exit;
    const rotated = await readFile(join(task.sandbox, 'stdout.1'), 'utf8');
    expect(rotated.length).toBeGreaterThan(5_000);
    expect(rotated.length + (await readFile(join(task.sandbox, 'stdout'), 'utf8')).length).toBeLessThan(40 * 1001);
  });
});
