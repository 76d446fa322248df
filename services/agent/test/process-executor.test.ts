import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExitOutcome, TaskLaunch } from '../src/core/types.js';
import { ProcessExecutor } from '../src/executor/process-executor.js';
import { LaunchError } from '../src/executor/types.js';
import { processesInGroup, waitFor, launchUnder } from './helpers.js';

let workDir: string;
let executor: ProcessExecutor;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-exec-'));
  // Tasks run as nobody when the tests run as root: the work directory must be searchable by them.
  await chmod(workDir, 0o755);
  executor = new ProcessExecutor({ agentId: () => 'agent-1' });
});

afterEach(async () => {
  await executor.shutdown();
  await rm(workDir, { recursive: true, force: true });
});

/** Whether process `pid` ignores SIGTERM (signal 15: bit 14 of SigIgn in /proc/PID/status); false once it is gone. */
async function ignoresSigterm(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const mask = /^SigIgn:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  return mask !== undefined && (BigInt(`0x${mask}`) & (1n << 14n)) !== 0n;
}

let counter = 0;
function taskFor(command: TaskLaunch['command'], overrides: Partial<TaskLaunch> = {}): TaskLaunch {
  return launchUnder(workDir, `task-${++counter}`, command, overrides);
}

function sh(value: string): TaskLaunch['command'] {
  return { shell: true, value, arguments: [] };
}

/** Launches and returns the pid and a promise of the exit outcome. */
async function run(task: TaskLaunch): Promise<{ pid: number; exit: Promise<ExitOutcome> }> {
  let settle!: (outcome: ExitOutcome) => void;
  const exit = new Promise<ExitOutcome>((resolve) => {
    settle = resolve;
  });
  const { pid } = await executor.launch(task, settle);
  return { pid, exit };
}

describe('ProcessExecutor', () => {
  it('writes the task stdout to the sandbox file and reports exit 0', async () => {
    const task = taskFor(sh('echo hello; echo oops >&2'));
    const { pid, exit } = await run(task);
    expect(pid).toBeGreaterThan(0);
    expect(await exit).toEqual({ exitCode: 0, killed: false, message: 'Command exited with status 0' });
    expect(await readFile(join(task.sandbox, 'stdout'), 'utf8')).toBe('hello\n');
    expect(await readFile(join(task.sandbox, 'stderr'), 'utf8')).toBe('oops\n');
  });

  it('reports a non-zero exit code', async () => {
    const { exit } = await run(taskFor(sh('exit 3')));
    expect(await exit).toEqual({ exitCode: 3, killed: false, message: 'Command exited with status 3' });
  });

  it('runs argv commands without a shell, arguments[0] being argv[0]', async () => {
    const script = 'head -c 5 /proc/$$/cmdline; echo " $0 $1"';
    const task = taskFor({ shell: false, value: '/bin/sh', arguments: ['my-sh', '-c', script, 'zero', 'one'] });
    const { exit } = await run(task);
    expect((await exit).exitCode).toBe(0);
    expect(await readFile(join(task.sandbox, 'stdout'), 'utf8')).toBe('my-sh zero one\n');
  });

  it('gives the task a minimal environment, its own variables, the sandbox, IDs and ports', async () => {
    process.env.TESSERA_TEST_SECRET = 'agent-only';
    try {
      const task = taskFor(sh('env | sort'), {
        environment: { GREETING: 'hi', TESSERA_TASK_ID: 'spoofed' },
        ports: [31000, 31007],
      });
      const { exit } = await run(task);
      expect((await exit).exitCode).toBe(0);
      const env = Object.fromEntries(
        (await readFile(join(task.sandbox, 'stdout'), 'utf8'))
          .trim()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      expect(env).toMatchObject({
        GREETING: 'hi',
        HOME: task.sandbox,
        TESSERA_SANDBOX: task.sandbox,
        MESOS_SANDBOX: task.sandbox,
        TESSERA_TASK_ID: task.taskId,
        TESSERA_FRAMEWORK_ID: 'fw-1',
        TESSERA_AGENT_ID: 'agent-1',
        PORT0: '31000',
        PORT1: '31007',
        PORT: '31000',
        PORTS: '31000,31007',
      });
      expect(env.PWD).toBe(task.sandbox);
      expect(env.TESSERA_TEST_SECRET).toBeUndefined();
    } finally {
      delete process.env.TESSERA_TEST_SECRET;
    }
  });

  it('rejects a command that cannot be started, and never calls onExit', async () => {
    let exited = false;
    const task = taskFor({ shell: false, value: '/nonexistent/program', arguments: [] });
    await expect(executor.launch(task, () => (exited = true))).rejects.toBeInstanceOf(LaunchError);
    expect(exited).toBe(false);
    // the task ID is free again
    const { exit } = await run({ ...task, command: sh('true') });
    expect((await exit).exitCode).toBe(0);
  });

  it('kill leaves no process of a task that forked children behind', async () => {
    const { pid, exit } = await run(taskFor(sh('sleep 100 & sleep 100 & wait')));
    await waitFor(async () => (await processesInGroup(pid)).length >= 3, 'the shell and both sleeps');
    await executor.kill(`task-${counter}`, 5_000);
    const outcome = await exit;
    expect(outcome.killed).toBe(true);
    expect(outcome.signal).toBe('SIGTERM');
    await waitFor(async () => (await processesInGroup(pid)).length === 0, 'no process left in the group');
  });

  it('escalates to SIGKILL after the grace period for a task that ignores SIGTERM', async () => {
    const task = taskFor(sh("trap '' TERM; sleep 100 & wait; wait"));
    const { pid, exit } = await run(task);
    // The group is the launcher (which catches TERM), the task's shell and its sleep. Both of the task's processes
    // must ignore SIGTERM already (SigIgn in /proc): counting two processes was not enough, since the launcher and
    // a shell that had not yet run its `trap` are two too, and that shell died of the SIGTERM.
    await waitFor(
      async () => (await Promise.all((await processesInGroup(pid)).map(ignoresSigterm))).filter(Boolean).length >= 2,
      "the task's shell and its sleep, both ignoring SIGTERM",
    );
    const first = executor.kill(task.taskId, 200);
    const second = executor.kill(task.taskId, 60_000); // idempotent; does not postpone the SIGKILL
    await Promise.all([first, second]);
    expect(await exit).toMatchObject({ signal: 'SIGKILL', killed: true });
    await waitFor(async () => (await processesInGroup(pid)).length === 0, 'no process left in the group');
  });

  it('kills what is left of the process group when the root process exits on its own', async () => {
    const { pid, exit } = await run(taskFor(sh('sleep 100 & echo started')));
    expect((await exit).exitCode).toBe(0);
    await waitFor(async () => (await processesInGroup(pid)).length === 0, 'the background sleep to be killed');
  });

  it('reports the exit of every one of many short-lived tasks launched at once', async () => {
    // Regression: a task exiting while the launch was still closing descriptors lost its exit.
    const runs = await Promise.all(Array.from({ length: 40 }, (_, i) => run(taskFor(sh(`exit ${i % 4}`)))));
    const outcomes = await Promise.all(runs.map((r) => r.exit));
    expect(outcomes.map((o) => o.exitCode)).toEqual(Array.from({ length: 40 }, (_, i) => i % 4));
  });

  it('kill of a task it does not run resolves at once', async () => {
    await expect(executor.kill('nobody', 1_000)).resolves.toBeUndefined();
  });

  it('shutdown kills every task and refuses new launches', async () => {
    const a = await run(taskFor(sh('sleep 100')));
    const b = await run(taskFor(sh('sleep 100')));
    await executor.shutdown();
    expect((await a.exit).killed).toBe(true);
    expect((await b.exit).killed).toBe(true);
    await expect(executor.launch(taskFor(sh('true')), () => undefined)).rejects.toBeInstanceOf(LaunchError);
  });
});
