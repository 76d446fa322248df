import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentStateResponse, startAgent, type AgentConfigInput, type RunningAgent } from '../src/index.js';
import { FakeMaster, runTask } from './fake-master.js';
import { waitFor } from './helpers.js';

let master: FakeMaster;
let workDir: string;
const agents: RunningAgent[] = [];

beforeEach(async () => {
  master = await FakeMaster.start();
  workDir = await mkdtemp(join(tmpdir(), 'tessera-agent-'));
  // Tasks run as nobody when the tests run as root: the work directory must be searchable by them.
  await chmod(workDir, 0o755);
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
  await master.stop();
  await rm(workDir, { recursive: true, force: true });
});

async function start(config: AgentConfigInput = {}, onRefused?: (message: string) => void): Promise<RunningAgent> {
  const agent = await startAgent(
    {
      master: master.address,
      workDir,
      serveApi: false,
      bootId: 'boot-1',
      hostname: 'test-host',
      resources: 'cpus:2;mem:1024;disk:1024',
      statusUpdateRetryMs: 50,
      logLevel: 'silent',
      ...config,
    },
    onRefused === undefined ? {} : { onRefused },
  );
  agents.push(agent);
  return agent;
}

describe('Agent and master', () => {
  it('registers, runs `echo hi` through STARTING, RUNNING and FINISHED, and stops retrying once acknowledged', async () => {
    const agent = await start();
    const register = await master.waitForMessage('register', 'Register');
    expect(register.agentInfo).toMatchObject({ hostname: 'test-host', bootId: 'boot-1', executorBackend: 'process' });
    expect(register.agentInfo?.resources.map((r) => r.name).sort()).toEqual(['cpus', 'disk', 'mem', 'ports']);
    await waitFor(() => agent.agentId() === 'agent-1', 'the agent ID');

    master.send(runTask('echo-task', 'echo hi'));
    // Updates of one task come one at a time: the next only after the previous is acknowledged.
    const starting = await master.waitForUpdate((s) => s.state === 'TASK_STARTING', 'TASK_STARTING');
    expect(starting).toMatchObject({ source: 'SOURCE_EXECUTOR', agentId: { value: 'agent-1' } });
    expect(starting.uuid).not.toBe('');
    master.acknowledge(starting);
    const running = await master.waitForUpdate((s) => s.state === 'TASK_RUNNING', 'TASK_RUNNING');
    master.acknowledge(running);
    const finished = await master.waitForUpdate((s) => s.state === 'TASK_FINISHED', 'TASK_FINISHED');
    expect(finished).toMatchObject({ hasExitCode: true, exitCode: 0, message: 'Command exited with status 0' });
    expect(master.updates().map((s) => s.state)).not.toContain('TASK_FAILED');

    const sandbox = agent.agent.tracker.find('echo-task')?.sandbox ?? '';
    expect(sandbox.startsWith(join(workDir, 'sandboxes', 'fw-1', 'echo-task'))).toBe(true);
    expect(await readFile(join(sandbox, 'stdout'), 'utf8')).toBe('hi\n');

    // Unacknowledged, FINISHED is resent (retry base 50 ms) ...
    await waitFor(
      () => master.updates().filter((s) => s.uuid === finished.uuid).length >= 2,
      'a resend of TASK_FINISHED',
    );
    master.acknowledge(finished);
    await waitFor(() => agent.agent.tracker.updates.pendingCount === 0, 'the acknowledgement to be applied');
    const sends = master.updates().filter((s) => s.uuid === finished.uuid).length;
    // ... and after the acknowledgement, never again: ping round-trips span 10 retry periods.
    const since = Date.now();
    for (let sequence = 1; Date.now() - since < 500; sequence++) await master.roundTrip(sequence);
    expect(master.updates().filter((s) => s.uuid === finished.uuid)).toHaveLength(sends);
    expect(agent.agent.tracker.updates.nextRetryAt()).toBeUndefined();
  });

  it('re-registers with the same agent ID after the stream is closed, reporting its tasks and resending unacknowledged updates', async () => {
    const agent = await start({ executor: 'simulated' });
    await waitFor(() => agent.agentId() === 'agent-1', 'registration');
    master.send(runTask('long', 'sleep 3600'));
    const starting = await master.waitForUpdate((s) => s.state === 'TASK_STARTING', 'TASK_STARTING');
    master.acknowledge(starting);
    const running = await master.waitForUpdate((s) => s.state === 'TASK_RUNNING', 'TASK_RUNNING');

    const before = master.received.length;
    master.closeStream();
    const reregister = await master.waitForMessage('reregister', 'Reregister', before);
    expect(reregister.agentInfo?.id?.value).toBe('agent-1');
    expect(reregister.tasks.map((t) => [t.task?.taskId?.value, t.latestStatus?.state])).toEqual([
      ['long', 'TASK_RUNNING'],
    ]);
    expect(reregister.tasks[0]?.frameworkId?.value).toBe('fw-1');
    expect(master.streams).toHaveLength(2);
    // The unacknowledged RUNNING comes again on the new stream, with its uuid.
    await waitFor(
      () => master.received.slice(before).some((m) => m.statusUpdate?.status?.uuid === running.uuid),
      'RUNNING resent after re-registration',
    );
    expect(agent.agentId()).toBe('agent-1');
  });

  it('an agent restarted on the same boot re-registers with its checkpointed ID; a new boot registers anew', async () => {
    const first = await start({ executor: 'simulated' });
    await waitFor(() => first.agentId() === 'agent-1', 'registration');
    await waitFor(
      async () => (await readFile(join(workDir, 'agent.json'), 'utf8').catch(() => '')).includes('agent-1'),
      'agent.json',
    );
    await first.stop();

    const before = master.received.length;
    const second = await start({ executor: 'simulated' });
    expect(second.agentId()).toBe('agent-1');
    const reregister = await master.waitForMessage('reregister', 'Reregister', before);
    expect(reregister.agentInfo?.id?.value).toBe('agent-1');
    await second.stop();

    const rebooted = master.received.length;
    await start({ executor: 'simulated', bootId: 'boot-2' });
    const register = await master.waitForMessage('register', 'Register after a reboot', rebooted);
    // The master marks the agent of the previous boot gone.
    expect(register.previousAgentId?.value).toBe('agent-1');
  });

  it('restores unacknowledged updates from the work directory after a restart', async () => {
    const first = await start({ executor: 'simulated' });
    await waitFor(() => first.agentId() === 'agent-1', 'registration');
    master.send(runTask('t', 'x', { labels: { 'tessera.simulated.duration_ms': '0' } }));
    const starting = await master.waitForUpdate((s) => s.state === 'TASK_STARTING', 'TASK_STARTING');
    await waitFor(() => first.agent.tracker.liveTasks().length === 0, 'the simulated task to end');
    await first.stop();

    const before = master.received.length;
    const second = await start({ executor: 'simulated' });
    expect(second.agent.tracker.updates.pending().map((u) => u.state)).toEqual([
      'TASK_STARTING',
      'TASK_RUNNING',
      'TASK_FINISHED',
    ]);
    await waitFor(
      () => master.received.slice(before).some((m) => m.statusUpdate?.status?.uuid === starting.uuid),
      'the restored STARTING to be resent',
    );
  });

  it('answers Ping with Pong, and a kill of an unknown task with TASK_LOST / REASON_TASK_UNKNOWN', async () => {
    await start({ executor: 'simulated' });
    await master.waitForMessage('register', 'Register');
    await master.roundTrip(42);
    master.send({ killTask: { frameworkId: { value: 'fw-1' }, taskId: { value: 'ghost' } } });
    const lost = await master.waitForUpdate((s) => s.taskId?.value === 'ghost', 'an answer for the ghost task');
    expect(lost).toMatchObject({ state: 'TASK_LOST', reason: 'REASON_TASK_UNKNOWN', source: 'SOURCE_AGENT' });
  });

  it('kills a task on KillTask and reports TASK_KILLED (with TASK_KILLING for frameworks that want it)', async () => {
    await start({ executor: 'simulated' });
    await master.waitForMessage('register', 'Register');
    master.send(runTask('k', 'sleep 3600', { capabilities: ['TASK_KILLING_STATE'] }));
    for (const state of ['TASK_STARTING', 'TASK_RUNNING']) {
      master.acknowledge(await master.waitForUpdate((s) => s.state === state, state));
    }
    master.send({
      killTask: { frameworkId: { value: 'fw-1' }, taskId: { value: 'k' }, killPolicy: { gracePeriodSeconds: 1 } },
    });
    master.acknowledge(await master.waitForUpdate((s) => s.state === 'TASK_KILLING', 'TASK_KILLING'));
    await master.waitForUpdate((s) => s.state === 'TASK_KILLED', 'TASK_KILLED');
  });

  it('a second RunTask for a live task is ignored, and for an ended one answers its terminal status again', async () => {
    const agent = await start({ executor: 'simulated' });
    await master.waitForMessage('register', 'Register');
    const labels = { 'tessera.simulated.duration_ms': '0', 'tessera.simulated.state': 'TASK_FAILED' };
    master.send(runTask('once', 'x', { labels }));
    master.send(runTask('once', 'x', { labels }));
    for (const state of ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']) {
      master.acknowledge(await master.waitForUpdate((s) => s.state === state, state));
    }
    await waitFor(() => agent.agent.tracker.updates.pendingCount === 0, 'all acknowledged');
    expect(agent.agent.stats.tasksLaunched).toBe(1);
    master.send(runTask('once', 'x', { labels }));
    await waitFor(() => master.updates().filter((s) => s.state === 'TASK_FAILED').length >= 2, 'TASK_FAILED again');
    expect(agent.agent.stats.tasksLaunched).toBe(1);
  });

  it('drains: kills its tasks, refuses new ones, and sends Drained once everything is acknowledged', async () => {
    await start({ executor: 'simulated' });
    await master.waitForMessage('register', 'Register');
    master.send(runTask('d', 'sleep 3600'));
    master.acknowledge(await master.waitForUpdate((s) => s.state === 'TASK_STARTING', 'STARTING'));
    master.acknowledge(await master.waitForUpdate((s) => s.state === 'TASK_RUNNING', 'RUNNING'));
    master.send({ drain: { killPolicy: { gracePeriodSeconds: 1 } } });
    const killed = await master.waitForUpdate((s) => s.state === 'TASK_KILLED', 'TASK_KILLED');
    expect(killed.reason).toBe('REASON_AGENT_DRAINING');
    master.send(runTask('late', 'x', { capabilities: ['PARTITION_AWARE'] }));
    const dropped = await master.waitForUpdate((s) => s.taskId?.value === 'late', 'an answer for the late task');
    expect(dropped).toMatchObject({ state: 'TASK_DROPPED', reason: 'REASON_AGENT_DRAINING' });
    expect(master.received.some((m) => m.drained)).toBe(false);
    master.acknowledge(killed);
    master.acknowledge(dropped);
    await master.waitForMessage('drained', 'Drained');
  });

  it("ShutdownFramework: its tasks end TASK_KILLED in the agent's own state, their updates are dropped unsent, nothing is left", async () => {
    const agent = await start({ executor: 'simulated' });
    await master.waitForMessage('register', 'Register');
    master.send(runTask('a', 'sleep 3600'));
    master.send(runTask('b', 'sleep 3600', { capabilities: ['TASK_KILLING_STATE'] }));
    master.send(runTask('other', 'sleep 3600', { frameworkId: 'fw-2' }));
    const taskState = (taskId: string, state: string) => (s: { taskId?: { value: string } | null; state: string }) =>
      s.taskId?.value === taskId && s.state === state;
    for (const [taskId, frameworkId] of [
      ['a', 'fw-1'],
      ['b', 'fw-1'],
      ['other', 'fw-2'],
    ] as const) {
      master.acknowledge(
        await master.waitForUpdate(taskState(taskId, 'TASK_STARTING'), `${taskId} STARTING`),
        frameworkId,
      );
    }
    // a's TASK_RUNNING stays unacknowledged: it is still queued when the framework is shut down.
    await master.waitForUpdate(taskState('a', 'TASK_RUNNING'), 'a RUNNING');
    master.acknowledge(await master.waitForUpdate(taskState('b', 'TASK_RUNNING'), 'b RUNNING'));
    master.acknowledge(await master.waitForUpdate(taskState('other', 'TASK_RUNNING'), 'other RUNNING'), 'fw-2');
    await waitFor(() => agent.agent.tracker.updates.pendingCount === 1, 'only a RUNNING pending');

    master.send({ shutdownFramework: { frameworkId: { value: 'fw-1' } } });
    await waitFor(
      () => agent.agent.tracker.liveTasks().every((record) => record.task.frameworkId !== 'fw-1'),
      'the tasks of fw-1 to end',
    );
    await master.roundTrip(7);

    const state = agentStateResponse(agent.agent);
    const status = (taskId: string) => (state.tasks ?? []).find((t) => t.task?.taskId?.value === taskId)?.status;
    for (const taskId of ['a', 'b']) {
      expect(status(taskId)).toMatchObject({ state: 'TASK_KILLED', reason: 'REASON_FRAMEWORK_REMOVED' });
    }
    expect(status('other')?.state).toBe('TASK_RUNNING');
    expect(agent.agent.tracker.liveTasks().map((record) => record.task.taskId)).toEqual(['other']);
    // Their updates are gone (the master ends the tasks itself), and so is the framework's bookkeeping.
    expect(state.pendingUpdates).toBe(0);
    expect(agent.agent.tracker.removedFrameworkIds()).toEqual([]);
    expect(agent.agent.tracker.updates.nextRetryAt()).toBeUndefined();
    expect(master.updates().filter((s) => s.state === 'TASK_KILLED')).toEqual([]);
    // b's framework asked for TASK_KILLING: it went out before the framework's updates were dropped.
    expect(master.updates().some(taskState('b', 'TASK_KILLING'))).toBe(true);
  });

  it('stops connecting when the master refuses it', async () => {
    master.autoRegister = false;
    let refusal: string | undefined;
    const agent = await start({ executor: 'simulated' }, (message) => (refusal = message));
    await master.waitForMessage('register', 'Register');
    master.send({ refused: { message: 'go away' } });
    await waitFor(() => refusal === 'go away', 'onRefused');
    expect(agent.agent.refused()).toBe('go away');
    expect(agent.agent.isRegistered()).toBe(false);
    expect(master.streams).toHaveLength(1);
  });

  it('reconnects with backoff while the master is down', async () => {
    const address = master.address;
    await master.stop();
    const agent = await start({ executor: 'simulated', master: address });
    await waitFor(() => agent.agent.stats.connects >= 3, 'several connection attempts');
    expect(agent.agentId()).toBeUndefined();
  });
});
