import { chmod, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { v1 } from '@tessera/proto';
import { startAgent, type RunningAgent } from '../src/index.js';
import { FakeMaster } from './fake-master.js';
import { waitFor, freePort } from './helpers.js';

let master: FakeMaster;
let workDir: string;
let agent: RunningAgent | undefined;

beforeEach(async () => {
  master = await FakeMaster.start();
  master.autoAcknowledge = true;
  workDir = await mkdtemp(join(tmpdir(), 'tessera-health-'));
  // Tasks run as nobody when the tests run as root: the work directory must be searchable by them.
  await chmod(workDir, 0o755);
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await master.stop();
  await rm(workDir, { recursive: true, force: true });
});

async function startTestAgent(): Promise<RunningAgent> {
  agent = await startAgent({
    master: master.address,
    workDir,
    serveApi: false,
    bootId: 'boot-1',
    hostname: 'test-host',
    resources: 'cpus:2;mem:1024;disk:1024;ports:[20000-65000]',
    statusUpdateRetryMs: 50,
    logLevel: 'silent',
  });
  await waitFor(() => agent?.agentId() === 'agent-1', 'registration');
  return agent;
}

function runTask(taskId: string, command: string, port: number, healthCheck: v1.HealthCheck): v1.MasterMessage {
  return {
    runTask: {
      frameworkInfo: { id: { value: 'fw-1' }, name: 'test', roles: ['dev'] },
      task: {
        name: taskId,
        taskId: { value: taskId },
        resources: [{ name: 'ports', type: 'RANGES', ranges: [{ begin: port, end: port }] }],
        command: { shell: true, value: command },
        healthCheck,
        killPolicy: { gracePeriodSeconds: 1 },
      },
    },
  };
}

const updatesOf = (taskId: string): v1.TaskStatus__Output[] =>
  master.updates().filter((status) => status.taskId?.value === taskId);

describe('health checks (real processes)', () => {
  it('reports an HTTP server healthy, then unhealthy when its check path 404s, and kills it after 3 failures', async () => {
    const running = await startTestAgent();
    const port = await freePort();
    // python serves the sandbox: /ok exists until the test removes it.
    const command = `touch ok && exec python3 -m http.server ${port} --bind 127.0.0.1`;
    master.send(
      runTask('web', command, port, {
        type: 'HTTP',
        http: { port, path: '/ok' },
        delaySeconds: 0.05,
        intervalSeconds: 0.1,
        timeoutSeconds: 1,
        consecutiveFailures: 3,
        // Failures while python starts are ignored until the first success.
        gracePeriodSeconds: 10,
      }),
    );
    const healthy = await master.waitForUpdate(
      (s) => s.taskId?.value === 'web' && s.hasHealthy && s.healthy,
      'the healthy update',
    );
    expect(healthy).toMatchObject({ state: 'TASK_RUNNING', reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED' });

    const sandbox = running.agent.tracker.find('web')?.sandbox ?? '';
    await unlink(join(sandbox, 'ok'));

    const unhealthy = await master.waitForUpdate(
      (s) => s.taskId?.value === 'web' && s.hasHealthy && !s.healthy,
      'the unhealthy update',
    );
    expect(unhealthy).toMatchObject({ state: 'TASK_RUNNING', reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED' });
    expect(unhealthy.message).toContain('HTTP 404');
    const killed = await master.waitForUpdate(
      (s) => s.taskId?.value === 'web' && s.state === 'TASK_KILLED',
      'TASK_KILLED',
    );
    expect(killed).toMatchObject({
      reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
      hasHealthy: true,
      healthy: false,
    });
    expect(killed.message).toMatch(/^Health check failed 3 consecutive times \(last: HTTP 404/);
    const states = [...new Set(updatesOf('web').map((s) => `${s.state}${s.hasHealthy ? `:${s.healthy}` : ''}`))];
    expect(states).toEqual([
      'TASK_STARTING',
      'TASK_RUNNING',
      'TASK_RUNNING:true',
      'TASK_RUNNING:false',
      'TASK_KILLED:false',
    ]);
    // Health is reported when it changes, not on every check.
    const healthyUuids = new Set(
      updatesOf('web')
        .filter((s) => s.hasHealthy && s.healthy)
        .map((s) => s.uuid),
    );
    expect(healthyUuids.size).toBe(1);
  });

  it('kills a task whose TCP check never connects once the grace period is over', async () => {
    await startTestAgent();
    const port = await freePort();
    master.send(
      runTask('silent', 'exec sleep 30', port, {
        type: 'TCP',
        tcp: { port },
        delaySeconds: 0.01,
        intervalSeconds: 0.05,
        timeoutSeconds: 1,
        consecutiveFailures: 2,
        gracePeriodSeconds: 0.2,
      }),
    );
    const killed = await master.waitForUpdate(
      (s) => s.taskId?.value === 'silent' && s.state === 'TASK_KILLED',
      'TASK_KILLED',
    );
    expect(killed.message).toContain('Health check failed 2 consecutive times');
    expect(killed.message).toContain('ECONNREFUSED');
  });

  it("runs a COMMAND check in the sandbox with the task environment, as the task's user", async () => {
    const running = await startTestAgent();
    const port = await freePort();
    // As root, the task runs as nobody (the default user), and so does its check, never as root.
    const user = process.getuid?.() === 0 ? 'nobody' : userInfo().username;
    master.send(
      runTask('cmd', 'echo ready > flag && exec sleep 30', port, {
        type: 'COMMAND',
        command: {
          shell: true,
          value: `test -f flag && test "$PORT0" = ${port} && test "$(id -un)" = ${user}`,
        },
        delaySeconds: 0.01,
        intervalSeconds: 0.05,
        timeoutSeconds: 2,
      }),
    );
    await master.waitForUpdate((s) => s.taskId?.value === 'cmd' && s.hasHealthy && s.healthy, 'healthy');
    expect(running.agent.tracker.find('cmd')?.state).toBe('TASK_RUNNING');
  });
});
