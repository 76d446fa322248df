import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedulerSession } from '@tessera/client';
import { freePort, waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY } from './support/service-process.js';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENTRY.cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tessera up, then tessera run', () => {
  let up: ReturnType<typeof spawn> | undefined;
  let upOutput = '';
  let master = '';

  beforeAll(async () => {
    const [masterPort, allocatorPort, agentPort, masterHttp, allocatorHttp, agentHttp] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    master = `127.0.0.1:${masterPort}`;
    const env = { ...process.env };
    delete env['REDIS_URL'];
    delete env['NATS_URL'];
    up = spawn(
      process.execPath,
      [
        ENTRY.cli,
        'up',
        '--master-port',
        String(masterPort),
        '--allocator-port',
        String(allocatorPort),
        '--agent-port',
        String(agentPort),
        '--master-http-port',
        String(masterHttp),
        '--allocator-http-port',
        String(allocatorHttp),
        '--agent-http-port',
        String(agentHttp),
        '--work-dir',
        mkdtempSync(join(tmpdir(), 'tessera-up-')),
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    up.stdout?.on('data', (chunk: Buffer) => (upOutput += chunk.toString()));
    up.stderr?.on('data', (chunk: Buffer) => (upOutput += chunk.toString()));
    await waitFor(() => upOutput.includes('cluster is up'), {
      timeoutMs: 30_000,
      what: `tessera up to be ready:\n${upOutput}`,
    });
  });

  afterAll(async () => {
    if (up && up.exitCode === null) {
      const exited = new Promise((resolve) => up?.on('exit', resolve));
      up.kill('SIGTERM');
      await exited;
    }
  });

  it('prints its endpoints, with the in-memory store and bus', () => {
    expect(upOutput).toContain(`master     ${master}`);
    expect(upOutput).toContain('store      in-memory');
    expect(upOutput).toContain('bus        in-process');
  });

  it('`tessera run -- echo hello` prints hello and exits 0', async () => {
    const result = await runCli(['run', '--master', master, '--', 'echo', 'hello']);
    expect(result.stdout, result.stderr).toBe('hello\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('TASK_FINISHED');
  });

  it("`tessera run -- sh -c 'exit 3'` exits 3", async () => {
    const result = await runCli(['run', '--master', master, '--', 'sh', '-c', 'exit 3']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('TASK_FAILED');
  });

  it('`tessera agents`, `frameworks` and `tasks` print tables and JSON', async () => {
    const agents = await runCli(['agents', '--master', master]);
    expect(agents.code).toBe(0);
    expect(agents.stdout).toMatch(/^ID\s+HOSTNAME\s+STATUS/);
    expect(agents.stdout).toContain('ACTIVE');
    const json = await runCli(['agents', '--master', master, '--json']);
    expect(JSON.parse(json.stdout)).toHaveLength(1);
    const tasks = await runCli(['tasks', '--master', master, '--json']);
    const records = JSON.parse(tasks.stdout) as { status: { state: string } }[];
    expect(records.map((r) => r.status.state)).toEqual(expect.arrayContaining(['TASK_FINISHED', 'TASK_FAILED']));
    const frameworks = await runCli(['frameworks', '--master', master]);
    expect(frameworks.code).toBe(0);
    expect(frameworks.stdout).toMatch(/^ID\s+NAME\s+ROLES/);
  });

  it('`tessera quota set`, `weights set`, `policy` and `roles` change and show roles; bad input changes nothing', async () => {
    const set = await runCli([
      'quota',
      'set',
      'eng',
      '--guarantee',
      'cpus:1;mem:512',
      '--limit',
      'cpus:2',
      '--master',
      master,
    ]);
    expect(set.code, set.stderr).toBe(0);
    const refused = await runCli([
      'quota',
      'set',
      'eng',
      '--guarantee',
      'cpus:4',
      '--limit',
      'cpus:2',
      '--master',
      master,
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('limit cpus:2 is below the guarantee cpus:4');
    const negative = await runCli(['quota', 'set', 'ops', '--guarantee', 'cpus:-1', '--master', master]);
    expect(negative.code).not.toBe(0);
    expect(negative.stderr).toContain('negative value -1 for cpus');
    const quotas = JSON.parse((await runCli(['quota', '--json', '--master', master])).stdout) as { role: string }[];
    expect(quotas.map((q) => q.role)).toEqual(['eng']);
    // A limit of zero is a limit (no cpus at all), not the absence of one.
    const zeroLimit = await runCli(['quota', 'set', 'batch', '--limit', 'cpus:0', '--master', master]);
    expect(zeroLimit.code, zeroLimit.stderr).toBe(0);
    expect((await runCli(['quota', '--master', master])).stdout).toMatch(/\nbatch\s+-\s+cpus:0\n/);

    expect((await runCli(['weights', 'set', 'eng=2', '--master', master])).code).toBe(0);
    const zero = await runCli(['weights', 'set', 'eng=0', '--master', master]);
    expect(zero.code).not.toBe(0);
    expect(zero.stderr).toContain('weight of eng must be a number > 0');
    const policy = await runCli(['policy', 'eng', 'lottery', '--master', master]);
    expect(policy.code).not.toBe(0);
    expect(policy.stderr).toContain('unknown policy "lottery"');
    expect((await runCli(['policy', 'eng', 'fifo', '--master', master])).code).toBe(0);

    const roles = await runCli(['roles', '--master', master]);
    expect(roles.code).toBe(0);
    expect(roles.stdout).toMatch(/^ROLE\s+WEIGHT\s+POLICY\s+GUARANTEE\s+LIMIT\s+ALLOCATED\s+SHARE/);
    expect(roles.stdout).toMatch(/\neng\s+2\s+fifo\s+cpus:1;mem:512\s+cpus:2\s/);
  });

  it('`tessera explain` says why a framework gets offers or not', async () => {
    const session = await SchedulerSession.open(
      master,
      { name: 'explained', roles: ['eng'] },
      { suppressedRoles: ['eng'] },
    );
    try {
      const result = await runCli(['explain', session.frameworkId, '--master', master]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('SUPPRESSED');
      const json = JSON.parse(
        (await runCli(['explain', session.frameworkId, '--json', '--master', master])).stdout,
      ) as {
        summary: string;
        reasons: { code: string }[];
      };
      expect(json.summary).not.toBe('');
      expect(json.reasons.map((r) => r.code)).toContain('SUPPRESSED');
      // A role alone: every framework subscribed with it is explained.
      const byRole = await runCli(['explain', '--role', 'eng', '--master', master]);
      expect(byRole.code, byRole.stderr).toBe(0);
      expect(byRole.stdout).toMatch(/^Role eng: explained: /);
      expect(byRole.stdout).toContain('SUPPRESSED [eng]');
      const empty = await runCli(['explain', '--role', 'nobody', '--master', master]);
      expect(empty.stdout).toContain('No framework is subscribed with role nobody');
    } finally {
      await session.teardown();
      session.close();
    }
  });

  it("`tessera logs` prints a task's stdout or stderr, and --follow tails it until it ends", async () => {
    const done = await runCli(['run', '--master', master, '--shell', '--', 'echo out; echo err >&2']);
    const taskId = /launched task (\S+)/.exec(done.stderr)?.[1] ?? '';
    expect(taskId, done.stderr).not.toBe('');
    expect((await runCli(['logs', taskId, '--master', master])).stdout).toBe('out\n');
    expect((await runCli(['logs', taskId, '--stderr', '--master', master])).stdout).toBe('err\n');

    // A task still writing: start it, and follow it from the moment it is known.
    const child = spawn(
      process.execPath,
      [ENTRY.cli, 'run', '--master', master, '--shell', '--', 'for i in 1 2 3; do echo line$i; sleep 0.3; done'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let runErr = '';
    child.stderr.on('data', (chunk: Buffer) => (runErr += chunk.toString()));
    const runningId = await waitFor(() => /launched task (\S+)/.exec(runErr)?.[1], {
      timeoutMs: 15_000,
      what: 'the task to launch',
    });
    const followed = await runCli(['logs', runningId, '--follow', '--interval-ms', '50', '--master', master]);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toBe('line1\nline2\nline3\n');
    await new Promise((resolve) => (child.exitCode === null ? child.on('exit', resolve) : resolve(undefined)));

    const unknown = await runCli(['logs', 'no-such-task', '--master', master]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('task no-such-task is unknown to the master');
  });

  it('a bad master address fails with a message, not a hang', async () => {
    const result = await runCli(['agents', '--master', '127.0.0.1:1']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/tessera: /);
  });
});
