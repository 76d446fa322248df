import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentClient, call, operatorClient, SchedulerSession } from '@tessera/client';
import type { v1 } from '@tessera/proto';
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
  let agentAddress = '';
  let marathonUrl = '';
  let chronosUrl = '';

  beforeAll(async () => {
    const [
      masterPort,
      allocatorPort,
      agentPort,
      masterHttp,
      allocatorHttp,
      agentHttp,
      marathonHttp,
      marathonGrpc,
      chronosHttp,
      chronosGrpc,
    ] = await Promise.all(Array.from({ length: 10 }, () => freePort()));
    marathonUrl = `http://127.0.0.1:${marathonHttp}`;
    chronosUrl = `http://127.0.0.1:${chronosHttp}`;
    master = `127.0.0.1:${masterPort}`;
    agentAddress = `127.0.0.1:${agentPort}`;
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
        '--marathon-port',
        String(marathonHttp),
        '--marathon-grpc-port',
        String(marathonGrpc),
        '--chronos-port',
        String(chronosHttp),
        '--chronos-grpc-port',
        String(chronosGrpc),
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

  it('starts Marathon: a Marathon docs app POSTed with curl runs; `tessera app` adds, lists and removes apps', async () => {
    expect(upOutput).toContain(`marathon   ${marathonUrl}`);
    // The "basic-0" app of Marathon's documentation, as curl -d sends it (form content type).
    const basic = JSON.stringify({
      id: 'basic-0',
      cmd: "while [ true ] ; do echo 'Hello Marathon' ; sleep 5 ; done",
      cpus: 0.1,
      mem: 10.0,
      instances: 1,
    });
    const posted = await fetch(`${marathonUrl}/v2/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: basic,
    });
    expect(posted.status).toBe(201);
    await waitFor(
      async () => {
        const answer = (await (await fetch(`${marathonUrl}/v2/apps/basic-0`)).json()) as {
          app: { tasksRunning: number };
        };
        return answer.app.tasksRunning === 1;
      },
      { timeoutMs: 30_000, what: 'basic-0 to run' },
    );

    const file = join(mkdtempSync(join(tmpdir(), 'tessera-app-')), 'sleeper.json');
    writeFileSync(file, JSON.stringify({ id: '/team/sleeper', cmd: 'sleep 1000', instances: 2, cpus: 0.1, mem: 16 }));
    const added = await runCli(['app', 'add', file, '--marathon', marathonUrl]);
    expect(added.code, added.stderr).toBe(0);
    const listed = await runCli(['app', 'list', '--json', '--marathon', marathonUrl]);
    expect(listed.code, listed.stderr).toBe(0);
    const apps = (JSON.parse(listed.stdout) as { apps: { id: string; tasksRunning: number }[] }).apps;
    expect(apps.find((app) => app.id === '/team/sleeper')?.tasksRunning).toBe(2);
    const removed = await runCli(['app', 'remove', '/team/sleeper', '--marathon', marathonUrl]);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await fetch(`${marathonUrl}/v2/apps/team/sleeper`)).status).toBe(404);
  });

  it('starts Chronos: a Chronos docs job POSTed with curl runs; `tessera job` adds, lists, shows history and removes jobs', async () => {
    expect(upOutput).toContain(`chronos    ${chronosUrl}`);
    const out = join(mkdtempSync(join(tmpdir(), 'tessera-job-')), 'JOB1_OUT');
    // SAMPLE_JOB1 of Chronos's documentation (its start in 2012, as there), as curl -d sends it.
    const sample = JSON.stringify({
      schedule: 'R10/2012-10-01T05:52:00Z/PT2S',
      name: 'SAMPLE_JOB1',
      epsilon: 'PT15M',
      command: `echo 'FOO' >> ${out}`,
      owner: 'bob@example.com',
      async: false,
    });
    const posted = await fetch(`${chronosUrl}/v1/scheduler/iso8601`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: sample,
    });
    expect(posted.status, await posted.text()).toBe(204);
    await waitFor(
      async () => {
        const job = (await (await fetch(`${chronosUrl}/v1/scheduler/job/SAMPLE_JOB1`)).json()) as {
          successCount: number;
        };
        return job.successCount >= 2;
      },
      { timeoutMs: 30_000, what: 'SAMPLE_JOB1 to run twice' },
    );
    expect(readFileSync(out, 'utf8')).toMatch(/^FOO\nFOO\n/);

    const file = join(mkdtempSync(join(tmpdir(), 'tessera-job-')), 'nightly.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'nightly', command: 'true', cron: '30 2 * * *', timezone: 'Europe/Berlin' }),
    );
    const added = await runCli(['job', 'add', file, '--chronos', chronosUrl]);
    expect(added.code, added.stderr).toBe(0);
    const listed = await runCli(['job', 'list', '--json', '--chronos', chronosUrl]);
    expect(listed.code, listed.stderr).toBe(0);
    const names = (JSON.parse(listed.stdout) as { name: string }[]).map((job) => job.name);
    expect(names).toEqual(['SAMPLE_JOB1', 'nightly']);
    const history = await runCli(['job', 'history', 'SAMPLE_JOB1', '--json', '--chronos', chronosUrl]);
    expect(history.code, history.stderr).toBe(0);
    expect((JSON.parse(history.stdout) as { state: string }[]).some((run) => run.state === 'Succeeded')).toBe(true);
    const removed = await runCli(['job', 'remove', 'nightly', '--chronos', chronosUrl]);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await fetch(`${chronosUrl}/v1/scheduler/job/nightly`)).status).not.toBe(200);
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
    // One line, the master's own words: no gRPC code, no method name.
    expect(refused.stderr).toMatch(/^tessera: [^\n]*limit cpus:2 is below the guarantee cpus:4\n$/);
    expect(refused.stderr).not.toMatch(/gRPC|code \d|INVALID_ARGUMENT|SetQuota/);
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
    expect(result.stderr).toBe(
      'tessera: cannot reach the master at 127.0.0.1:1 — is it running? start one with `tessera up`\n',
    );
    const run = await runCli(['run', '--master', '127.0.0.1:1', '--', 'true']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('tessera: cannot reach the master at 127.0.0.1:1 — is it running?');
  });

  it('`tessera reserve` without a role says to name one', async () => {
    const [agentId] = JSON.parse((await runCli(['agents', '--json', '--master', master])).stdout).map(
      (a: { info: { id: { value: string } } }) => a.info.id.value,
    ) as string[];
    const noRole = await runCli(['reserve', agentId ?? '', 'cpus:1', '--master', master]);
    expect(noRole.code).not.toBe(0);
    expect(noRole.stderr).toBe('tessera: cpus:1 names no role: say which role to reserve for, like cpus(eng):1\n');
    const noAgent = await runCli(['reserve', 'cpus:1', '--master', master]);
    expect(noAgent.code).not.toBe(0);
    expect(noAgent.stderr).toContain(
      'name the agent and the resources with their role, like: tessera reserve AGENT_ID "cpus(eng):1"',
    );
  });

  it("`tessera run` shows the task's stderr on stderr and its stdout on stdout", async () => {
    const result = await runCli(['run', '--master', master, '--shell', '--', 'echo out; echo oops >&2; exit 4']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toMatch(/^oops$/m);
  });

  it('`tessera run` fails at once, in plain words, when no agent could ever hold the task', async () => {
    const started = performance.now();
    const result = await runCli(['run', '--master', master, '--resources', 'cpus:64;mem:32', '--', 'true']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/tessera: no agent has cpus:64 \(largest: cpus:[\d.]+;.*mem:/);
    // Well before the 30 s offer timeout: the answer comes from the agents' totals, not from waiting.
    expect(performance.now() - started).toBeLessThan(20_000);
    // And the framework it subscribed is gone again.
    const frameworks = JSON.parse((await runCli(['frameworks', '--json', '--master', master])).stdout) as {
      info: { name: string };
      connected: boolean;
    }[];
    expect(frameworks.filter((f) => f.info.name === 'tessera-run' && f.connected)).toEqual([]);
  });

  it('`tessera run` on SIGINT tears its framework down (the task is killed) and exits 130', async () => {
    const signal = 'SIGINT';
    const code = 130;
    const child = spawn(process.execPath, [ENTRY.cli, 'run', '--master', master, '--', 'sleep', '300'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let runErr = '';
    child.stderr.on('data', (chunk: Buffer) => (runErr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const taskId = await waitFor(() => /task (\S+) is TASK_RUNNING/.exec(runErr)?.[1], {
      timeoutMs: 60_000,
      what: 'the task to run',
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${runErr}\n--- tessera up ---\n${upOutput.slice(-3000)}`);
    });
    child.kill(signal);
    expect(await exited, runErr).toBe(code);
    // The agent killed the task: it is no longer live there (the agent's own view, straight from its API).
    const agent = agentClient(agentAddress);
    try {
      await waitFor(
        async () => {
          const response = await call<v1.GetAgentTasksRequest, v1.GetAgentTasksResponse__Output>(
            agent.GetTasks.bind(agent),
            {},
          );
          const task = response.tasks.find((t) => t.task?.taskId?.value === taskId);
          return task === undefined || task.status?.state === 'TASK_KILLED';
        },
        { timeoutMs: 60_000, intervalMs: 200, what: `task ${taskId} to be killed` },
      );
    } finally {
      agent.close();
    }
    // And the framework is gone from the master.
    const operator = operatorClient(master);
    try {
      const response = await call<v1.GetFrameworksRequest, v1.GetFrameworksResponse__Output>(
        operator.GetFrameworks.bind(operator),
        {},
      );
      expect(response.frameworks.map((f) => f.info?.name)).not.toContain('tessera-run');
    } finally {
      operator.close();
    }
  });

  it('`tessera run` on SIGTERM tears its framework down and exits 143', async () => {
    const child = spawn(
      process.execPath,
      [ENTRY.cli, 'run', '--master', master, '--role', 'sigterm', '--', 'sleep', '300'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let runErr = '';
    child.stderr.on('data', (chunk: Buffer) => (runErr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const frameworkId = await waitFor(() => /subscribed as framework (\S+)/.exec(runErr)?.[1], {
      timeoutMs: 60_000,
      what: 'the framework to subscribe',
    });
    // Whether or not its task has launched yet, the framework is torn down.
    child.kill('SIGTERM');
    expect(await exited, runErr).toBe(143);
    expect(runErr).toContain('terminated: tearing down the framework');
    const operator = operatorClient(master);
    try {
      const response = await call<v1.GetFrameworksRequest, v1.GetFrameworksResponse__Output>(
        operator.GetFrameworks.bind(operator),
        {},
      );
      expect(response.frameworks.map((f) => f.info?.id?.value)).not.toContain(frameworkId);
    } finally {
      operator.close();
    }
  });

  it('a port in use names the port and the flag that changes it', async () => {
    const [allocatorPort, allocatorHttp, agentPort, agentHttp, masterHttp] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const masterPort = master.split(':')[1] ?? '';
    const second = await runCli([
      'up',
      '--master-port',
      masterPort,
      '--master-http-port',
      String(masterHttp),
      '--allocator-port',
      String(allocatorPort),
      '--allocator-http-port',
      String(allocatorHttp),
      '--agent-port',
      String(agentPort),
      '--agent-http-port',
      String(agentHttp),
      '--work-dir',
      mkdtempSync(join(tmpdir(), 'tessera-up-')),
    ]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`tessera: port ${masterPort} is in use on 127.0.0.1 (set --master-port`);
    // A service started on its own names its own flag and variable.
    const allocator = spawn(process.execPath, [ENTRY.allocator, '--port', masterPort, '--http-port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let allocatorErr = '';
    allocator.stderr.on('data', (chunk: Buffer) => (allocatorErr += chunk.toString()));
    expect(await new Promise((resolve) => allocator.on('exit', resolve))).not.toBe(0);
    expect(allocatorErr).toContain(`port ${masterPort} is in use on 127.0.0.1 (set --port or TESSERA_PORT)`);
    const badPort = await runCli(['up', '--master-port', 'fifty']);
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toContain("option '--master-port <port>' argument 'fifty' is invalid");
  });
});
