import { readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerCgroups, removeAgentCgroups } from './support/cgroups.js';
import { Cluster } from './support/cluster.js';
import { agentState, describeUpdates, TERMINAL } from './support/observe.js';
import { TestFramework } from './support/framework.js';
import { killProcessGroups, processesInGroup, processesWithArgv, processStartTime } from './support/processes.js';

/** The agent ID in the agent's agent.json, if it has one. */
function checkpointedAgentId(cluster: Cluster): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(cluster.agentWorkDir, 'agent.json'), 'utf8')) as { agentId?: string }).agentId;
  } catch {
    return undefined;
  }
}

/** Resolves once the agent is registered and holds no unacknowledged update. */
async function agentSettled(cluster: Cluster, what: string): Promise<v1.GetAgentStateResponse__Output> {
  return waitFor(
    async () => {
      const state = await agentState(cluster);
      return state.registered && state.pendingUpdates === 0 ? state : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 50, what: `the agent to be registered with no pending update (${what})` },
  );
}

/** pid of each task the agent runs, by task ID. */
async function agentPids(cluster: Cluster): Promise<Map<string, number>> {
  const tasks = await cluster.agentTasks();
  return new Map(tasks.map((t) => [t.task?.taskId?.value ?? '', t.pid]));
}

describe('an agent restart', () => {
  let cluster: Cluster | undefined;
  let framework: TestFramework | undefined;
  /** More frameworks of a test, closed (and their updates printed on failure) like `framework`. */
  const otherFrameworks: TestFramework[] = [];
  /** Task process groups to kill whatever happens (the agent that would kill them may be dead). */
  const taskGroups = new Set<number>();
  const markers: string[] = [];

  const printDiagnostics = (): void => {
    if (cluster !== undefined) console.log(`cluster logs:\n${cluster.infoLogs()}`);
    for (const f of [framework, ...otherFrameworks])
      if (f !== undefined) console.log(`updates seen by framework ${f.id}:\n${describeUpdates(f.updates)}`);
  };

  beforeEach(async () => {
    cluster = await Cluster.start();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') printDiagnostics();
    framework?.close();
    framework = undefined;
    for (const f of otherFrameworks.splice(0)) f.close();
    // A test may have left the agent stopped (SIGSTOP): it must run to handle SIGUSR1.
    if (cluster?.agent.running) process.kill(cluster.agent.pid ?? 0, 'SIGCONT');
    // If the agent is alive, SIGUSR1 kills its tasks; if not, the groups below are what is left.
    const agentId = cluster === undefined ? undefined : checkpointedAgentId(cluster);
    try {
      await cluster?.stop();
    } finally {
      // NOTE: the agent leaves its own (empty) cgroup behind when it stops, and a failed test may leave more.
      if (agentId !== undefined) removeAgentCgroups(agentId);
      cluster = undefined;
      killProcessGroups(taskGroups);
      taskGroups.clear();
      for (const marker of markers.splice(0)) rmSync(marker, { force: true });
    }
  });

  it.each([
    ['kill -9', 'SIGKILL'],
    ['SIGTERM (a graceful stop that leaves the tasks running)', 'SIGTERM'],
  ] as const)(
    'after %s: recovers running tasks and reports one that ended while it was down, exactly once',
    async (_how, signal) => {
      const c = cluster!;
      const fw = await TestFramework.subscribe(c.masterAddress, { name: 'recovery' });
      framework = fw;
      // /tmp, not a private temporary directory: the task runs as nobody and must see the marker.
      const marker = join('/tmp', `tessera-e2e-marker-${randomUUID()}`);
      markers.push(marker);
      await fw.launch('task-a', { shell: true, value: 'sleep 600' });
      await fw.launch('task-b', { shell: true, value: 'sleep 600' });
      await fw.launch('task-c', { shell: true, value: `while [ ! -e ${marker} ]; do sleep 0.1; done; exit 0` });
      for (const id of ['task-a', 'task-b', 'task-c']) await fw.waitForState(id, 'TASK_RUNNING');
      // Acknowledged: the master saw the framework's ack and the agent has none pending.
      await waitFor(
        async () => {
          const tasks = await c.tasks();
          return (
            tasks.length === 3 &&
            tasks.every((t) => taskStateFromProto(t.acknowledgedState) === 'TASK_RUNNING') &&
            tasks
          );
        },
        { timeoutMs: 20_000, what: 'the master to record the three TASK_RUNNING acknowledgements' },
      );
      const before = await agentSettled(c, 'before the crash');
      const agentId = before.info?.id?.value ?? '';
      expect(agentId).not.toBe('');
      const pids = await agentPids(c);
      for (const id of ['task-a', 'task-b', 'task-c']) {
        expect(pids.get(id), `pid of ${id}`).toBeGreaterThan(0);
        taskGroups.add(pids.get(id) ?? 0);
      }
      const pidA = pids.get('task-a') ?? 0;
      const pidB = pids.get('task-b') ?? 0;
      const pidC = pids.get('task-c') ?? 0;
      const startA = processStartTime(pidA);
      const startB = processStartTime(pidB);
      const updatesBeforeCrash = fw.updates.length;

      if (signal === 'SIGKILL') await c.agent.kill();
      else expect(await c.agent.stop('SIGTERM')).toBe(0);
      // The tasks outlive the agent.
      expect(processesInGroup(pidA).length).toBeGreaterThan(0);
      expect(processesInGroup(pidB).length).toBeGreaterThan(0);
      // Task C ends on its own while the agent is down; its launcher records status 0.
      writeFileSync(marker, '');
      await waitFor(() => processesInGroup(pidC).length === 0, {
        timeoutMs: 20_000,
        what: `task C's processes (group ${pidC}) to end`,
      });
      const runsOfC = join(c.agentWorkDir, 'meta', fw.id, 'task-c');
      const [runOfC] = readdirSync(runsOfC);
      expect(readFileSync(join(runsOfC, runOfC ?? '', 'exit_status'), 'utf8')).toBe('0\n');

      await c.restartAgent();
      // The agent re-registers under the same ID, and learns how C ended.
      const finished = await fw.waitForState('task-c', 'TASK_FINISHED');
      expect(finished.hasExitCode).toBe(true);
      expect(finished.exitCode).toBe(0);
      expect(finished.agentId?.value).toBe(agentId);
      const after = await agentSettled(c, 'after the restart');
      expect(after.info?.id?.value).toBe(agentId);
      // Its container is gone with it.
      await waitFor(() => containerCgroups(agentId, 'task-c').length === 0, {
        timeoutMs: 10_000,
        what: `no cgroup left of task-c (${containerCgroups(agentId, 'task-c').join(', ')})`,
      });
      const agents = await c.waitForAgents(1);
      expect(agents.map((a) => a.info?.id?.value)).toEqual([agentId]);

      // A and B: re-adopted, the same processes (pid and start time), still running.
      const recovered = await c.agentTasks();
      const byId = new Map(recovered.map((t) => [t.task?.taskId?.value ?? '', t]));
      for (const [id, pid, start] of [
        ['task-a', pidA, startA],
        ['task-b', pidB, startB],
      ] as const) {
        expect(byId.get(id)?.pid, `pid of ${id} after recovery`).toBe(pid);
        expect(taskStateFromProto(byId.get(id)?.status?.state ?? ''), `agent's state of ${id}`).toBe('TASK_RUNNING');
        expect(processStartTime(pid), `start time of ${id}'s process`).toBe(start);
      }
      const masterTasks = new Map((await c.tasks()).map((t) => [t.task?.taskId?.value ?? '', t]));
      expect(taskStateFromProto(masterTasks.get('task-a')?.status?.state ?? '')).toBe('TASK_RUNNING');
      expect(taskStateFromProto(masterTasks.get('task-b')?.status?.state ?? '')).toBe('TASK_RUNNING');
      expect(masterTasks.get('task-a')?.agentId?.value).toBe(agentId);

      // Nothing new for A and B since the crash.
      const sinceCrash = fw.updates.slice(updatesBeforeCrash);
      expect(sinceCrash.filter((u) => u.taskId?.value !== 'task-c').map((u) => u.taskId?.value)).toEqual([]);

      // Now end A and B through the framework: killed, and nothing of them left.
      await fw.session.kill('task-a');
      await fw.session.kill('task-b');
      await fw.waitForState('task-a', 'TASK_KILLED');
      await fw.waitForState('task-b', 'TASK_KILLED');
      for (const pid of [pidA, pidB]) {
        await waitFor(() => processesInGroup(pid).length === 0, {
          timeoutMs: 20_000,
          what: `no process in group ${pid}`,
        });
      }
      await agentSettled(c, 'after the kills');
      for (const id of ['task-a', 'task-b']) {
        await waitFor(() => containerCgroups(agentId, id).length === 0, {
          timeoutMs: 10_000,
          what: `no cgroup left of ${id}`,
        });
      }

      // Exactly once: one TASK_RUNNING and one terminal update per task; C's TASK_FINISHED once.
      for (const id of ['task-a', 'task-b', 'task-c']) {
        const states = fw.statesOf(id);
        expect(
          states.filter((s) => s === 'TASK_RUNNING'),
          `${id}: ${states.join(' → ')}`,
        ).toHaveLength(1);
        expect(
          states.filter((s) => TERMINAL.has(s)),
          `${id}: ${states.join(' → ')}`,
        ).toHaveLength(1);
      }
      expect(fw.statesOf('task-c').at(-1)).toBe('TASK_FINISHED');
      expect(fw.statesOf('task-a').at(-1)).toBe('TASK_KILLED');
      expect(fw.statesOf('task-b').at(-1)).toBe('TASK_KILLED');
    },
  );

  it('reports how tasks ended while it was down: a failing exit code, a signal', async () => {
    const c = cluster!;
    const fw = await TestFramework.subscribe(c.masterAddress, { name: 'ended-while-down' });
    framework = fw;
    const marker = join('/tmp', `tessera-e2e-marker-${randomUUID()}`);
    markers.push(marker);
    const signalled = ['sleep', '6072'];
    await fw.launch('exits-7', { shell: true, value: `while [ ! -e ${marker} ]; do sleep 0.1; done; exit 7` });
    await fw.launch('signalled', { shell: false, value: '/bin/sleep', arguments: signalled });
    await fw.waitForState('exits-7', 'TASK_RUNNING');
    await fw.waitForState('signalled', 'TASK_RUNNING');
    await agentSettled(c, 'before the crash');
    const pids = await agentPids(c);
    for (const pid of pids.values()) taskGroups.add(pid);

    // TASK_RUNNING comes when the launcher is spawned; the command itself is exec'd a moment later.
    const [sleeper] = await waitFor(() => processesWithArgv(signalled).length === 1 && processesWithArgv(signalled), {
      timeoutMs: 20_000,
      what: 'the process of task "signalled" to run',
    });
    await c.agent.kill();
    writeFileSync(marker, '');
    process.kill(sleeper ?? 0, 'SIGKILL');
    for (const id of ['exits-7', 'signalled']) {
      const pid = pids.get(id) ?? 0;
      await waitFor(() => processesInGroup(pid).length === 0, {
        timeoutMs: 20_000,
        what: `${id} (group ${pid}) to end`,
      });
    }
    await c.restartAgent();

    const exited = await fw.waitForState('exits-7', 'TASK_FAILED');
    expect(exited.hasExitCode).toBe(true);
    expect(exited.exitCode).toBe(7);
    expect(exited.message).toContain('7');
    const killed = await waitFor(
      () => fw.updates.find((u) => u.taskId?.value === 'signalled' && TERMINAL.has(String(u.state))),
      { timeoutMs: 30_000, what: 'task "signalled" to end' },
    );
    // As a command killed by a signal while the agent runs: TASK_FAILED naming the signal.
    expect(String(killed.state)).toBe('TASK_FAILED');
    expect(killed.message).toContain('SIGKILL');
    await agentSettled(c, 'after the restart');
    for (const id of ['exits-7', 'signalled']) {
      expect(
        fw.statesOf(id).filter((s) => TERMINAL.has(s)),
        id,
      ).toHaveLength(1);
    }
  });

  it('a kill in progress when the agent dies is carried out by the restarted agent', async () => {
    const c = cluster!;
    const fw = await TestFramework.subscribe(c.masterAddress, { name: 'kill-in-progress' });
    framework = fw;
    // Ignores SIGTERM (and so do its children): only the SIGKILL at the end of the grace period ends it.
    await fw.launch(
      'stubborn',
      { shell: true, value: 'trap "" TERM; while :; do sleep 0.2; done' },
      'cpus:0.1;mem:32',
      { killPolicy: { gracePeriodSeconds: 2 } },
    );
    await fw.waitForState('stubborn', 'TASK_RUNNING');
    await agentSettled(c, 'before the kill');
    const pid = (await agentPids(c)).get('stubborn') ?? 0;
    expect(pid).toBeGreaterThan(0);
    taskGroups.add(pid);
    const journal = join(c.agentWorkDir, 'journal.jsonl');
    await fw.session.kill('stubborn');
    await waitFor(
      () =>
        readFileSync(journal, 'utf8')
          .split('\n')
          .some((l) => l.startsWith('{"t":"kill"') && l.includes('"stubborn"')),
      { timeoutMs: 20_000, intervalMs: 5, what: 'the kill of stubborn to be journaled' },
    );
    await c.agent.kill();
    // SIGTERM was ignored: it outlives the agent.
    expect(processesInGroup(pid).length).toBeGreaterThan(0);
    await c.restartAgent();
    const killed = await fw.waitForState('stubborn', 'TASK_KILLED', 30_000);
    expect(killed.agentId?.value).toBeTruthy();
    await waitFor(() => processesInGroup(pid).length === 0, { timeoutMs: 20_000, what: `no process in group ${pid}` });
    expect(fw.statesOf('stubborn').filter((s) => TERMINAL.has(s))).toEqual(['TASK_KILLED']);
  });

  it('finishes removing the container of a task whose removal a kill -9 cut short', async () => {
    const c = cluster!;
    if ((await agentState(c)).isolation !== 'cgroups-v1') return; // the state below is cgroups v1's
    const fw = await TestFramework.subscribe(c.masterAddress, { name: 'half-removed' });
    framework = fw;
    const marker = join('/tmp', `tessera-e2e-marker-${randomUUID()}`);
    markers.push(marker);
    await fw.launch('half-removed', { shell: true, value: `while [ ! -e ${marker} ]; do sleep 0.1; done; exit 0` });
    await fw.waitForState('half-removed', 'TASK_RUNNING');
    const before = await agentSettled(c, 'before the crash');
    const agentId = before.info?.id?.value ?? '';
    const pid = (await agentPids(c)).get('half-removed') ?? 0;
    taskGroups.add(pid);
    const cgroups = containerCgroups(agentId, 'half-removed');
    expect(cgroups.length, cgroups.join(', ')).toBeGreaterThanOrEqual(4);

    await c.agent.kill();
    writeFileSync(marker, '');
    await waitFor(() => processesInGroup(pid).length === 0, { timeoutMs: 20_000, what: 'the task to end' });
    // The state an agent killed -9 in the middle of removing the container leaves (seen after
    // kill -9 during recovery): the cgroups of some controllers removed, the others not.
    const [memory, cpu] = ['/memory/', '/cpu/'].map((controller) => cgroups.find((dir) => dir.includes(controller)));
    for (const dir of [memory, cpu]) rmdirSync(dir ?? '');

    await c.restartAgent();
    const finished = await fw.waitForState('half-removed', 'TASK_FINISHED');
    expect(finished.exitCode).toBe(0);
    await agentSettled(c, 'after the restart');
    await waitFor(() => containerCgroups(agentId, 'half-removed').length === 0, {
      timeoutMs: 10_000,
      what: `no cgroup left of the task (left: ${containerCgroups(agentId, 'half-removed').join(', ')})`,
    });
  });

  it('resends an unacknowledged terminal update after the restart, with its uuid and exit code', async () => {
    const c = cluster!;
    const fw = await TestFramework.subscribe(c.masterAddress, { name: 'unacked' }, { autoAcknowledge: false });
    framework = fw;
    await fw.launch('exit-3', { shell: true, value: 'exit 3' });
    // The agent sends a task's next update once the previous one is acknowledged: acknowledge
    // each one (TASK_STARTING, TASK_RUNNING) as it comes, but not the terminal one.
    const acknowledged = new Set<string>();
    const failed = await waitFor(
      async () => {
        const next = fw.updates.find((u) => u.taskId?.value === 'exit-3' && !acknowledged.has(u.uuid));
        if (next === undefined) return undefined;
        if (next.state === 'TASK_FAILED') return next;
        acknowledged.add(next.uuid);
        await fw.session.acknowledge(next);
        return undefined;
      },
      { timeoutMs: 30_000, what: 'task exit-3 to reach TASK_FAILED' },
    );
    expect(failed.exitCode).toBe(3);
    expect(failed.uuid).not.toBe('');
    await waitFor(async () => (await agentState(c)).pendingUpdates === 1, {
      timeoutMs: 20_000,
      what: 'exactly the TASK_FAILED update to be pending on the agent',
    });
    const agentId = (await agentState(c)).info?.id?.value ?? '';

    await c.agent.kill();
    const failedBefore = fw.updates.filter((u) => u.taskId?.value === 'exit-3' && u.state === 'TASK_FAILED').length;
    await c.restartAgent();
    // The agent resends it: the same update (uuid), its exit code intact.
    const resent = await waitFor(
      () =>
        fw.updates.filter((u) => u.taskId?.value === 'exit-3' && u.state === 'TASK_FAILED').length > failedBefore &&
        fw.updates.filter((u) => u.taskId?.value === 'exit-3' && u.state === 'TASK_FAILED').at(-1),
      { timeoutMs: 30_000, what: 'the TASK_FAILED update to be resent after the restart' },
    );
    expect(resent.uuid).toBe(failed.uuid);
    expect(resent.hasExitCode).toBe(true);
    expect(resent.exitCode).toBe(3);
    expect(resent.agentId?.value).toBe(agentId);
    // Acknowledged now, it is forgotten by the agent and the master.
    await fw.session.acknowledge(resent);
    const settled = await agentSettled(c, 'after the acknowledgement');
    expect(settled.info?.id?.value).toBe(agentId);
    await waitFor(
      async () => {
        const record = (await c.tasks()).find((t) => t.task?.taskId?.value === 'exit-3');
        return record?.status?.uuid === failed.uuid && record.acknowledgedState === 'TASK_FAILED';
      },
      { timeoutMs: 20_000, what: "the master to record the acknowledgement of exit-3's TASK_FAILED" },
    );
  });

  it('a run journaled but perhaps not started when the agent dies: TASK_FAILED or recovered, no stray process', async () => {
    const c = cluster!;
    const fw = await TestFramework.subscribe(c.masterAddress, { name: 'journal-crash' });
    framework = fw;
    // A distinctive command line: it finds the task's process wherever it runs.
    const argv = ['sleep', '6071'];
    const journal = join(c.agentWorkDir, 'journal.jsonl');
    await fw.launch('half-launched', { shell: false, value: '/bin/sleep', arguments: argv });
    // Kill -9 the agent the moment the run is journaled: before or just after it spawns the task.
    await waitFor(
      () => {
        try {
          const lines = readFileSync(journal, 'utf8').split('\n');
          return lines.some((l) => l.startsWith('{"t":"run"') && l.includes('"taskId":"half-launched"')) || undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 20_000, intervalMs: 1, what: 'the run of half-launched to be journaled' },
    );
    await c.agent.kill();
    const startedBeforeCrash = processesWithArgv(argv);
    for (const pid of startedBeforeCrash) taskGroups.add(pid);
    await c.restartAgent();
    await agentSettled(c, 'after the restart');
    const outcome = await waitFor(
      () =>
        fw.updates.find(
          (u) => u.taskId?.value === 'half-launched' && (u.state === 'TASK_RUNNING' || TERMINAL.has(String(u.state))),
        ),
      { timeoutMs: 30_000, what: 'half-launched to be running or to end' },
    );
    const onAgent = (await c.agentTasks()).find((t) => t.task?.taskId?.value === 'half-launched');
    if (outcome.state === 'TASK_RUNNING') {
      expect(onAgent?.pid).toBeGreaterThan(0);
      taskGroups.add(onAgent?.pid ?? 0);
      await fw.session.kill('half-launched');
      await fw.waitForState('half-launched', 'TASK_KILLED');
    } else {
      expect(String(outcome.state)).toBe('TASK_FAILED');
      expect(outcome.reason).toBe('REASON_AGENT_RESTARTED');
    }
    // Either way nothing of it is left running, whether or not it had started before the crash.
    await waitFor(() => processesWithArgv(argv).length === 0, {
      timeoutMs: 20_000,
      what: `no process of half-launched left (before the crash: pids ${startedBeforeCrash.join(', ') || 'none'})`,
    });
    expect(fw.statesOf('half-launched').filter((s) => TERMINAL.has(s))).toHaveLength(1);
  });

  it('a task whose RunTask never reached the agent is sent again when the agent re-registers: it runs, once', async () => {
    const c = cluster!;
    const aware = await TestFramework.subscribe(c.masterAddress, { name: 'aware', capabilities: ['PARTITION_AWARE'] });
    framework = aware;
    const unaware = await TestFramework.subscribe(c.masterAddress, {
      name: 'unaware',
      roles: ['unaware'],
      capabilities: [],
    });
    otherFrameworks.push(unaware);
    const agentId = (await agentState(c)).info?.id?.value ?? '';
    // A stopped agent keeps its connection but reads nothing: the master sends RunTask, the agent never sees it.
    process.kill(c.agent.pid ?? 0, 'SIGSTOP');
    await aware.launch('never-arrived-aware', { shell: false, value: '/bin/sleep', arguments: ['sleep', '6074'] });
    await unaware.launch('never-arrived', { shell: false, value: '/bin/sleep', arguments: ['sleep', '6075'] });
    await waitFor(async () => (await c.tasks()).length === 2, {
      timeoutMs: 20_000,
      what: 'the master to hold both launched tasks',
    });
    await c.agent.kill();
    await c.restartAgent();
    await agentSettled(c, 'after the restart');
    expect((await agentState(c)).info?.id?.value).toBe(agentId);

    // The launches were persisted and are still TASK_STAGING: the master sends them again (RunTask is
    // idempotent by task ID), and each runs once.
    await aware.waitForState('never-arrived-aware', 'TASK_RUNNING');
    await unaware.waitForState('never-arrived', 'TASK_RUNNING');
    for (const argv of [
      ['sleep', '6074'],
      ['sleep', '6075'],
    ]) {
      const running = await waitFor(() => processesWithArgv(argv).length > 0 && processesWithArgv(argv), {
        timeoutMs: 20_000,
        what: `a process ${argv.join(' ')}`,
      });
      expect(running).toHaveLength(1);
    }
    expect(aware.statesOf('never-arrived-aware').filter((s) => TERMINAL.has(s))).toEqual([]);
    expect(unaware.statesOf('never-arrived').filter((s) => TERMINAL.has(s))).toEqual([]);
    expect(
      (await c.agentTasks()).map((t) => t.task?.taskId?.value).sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual(['never-arrived', 'never-arrived-aware']);
    await aware.session.kill('never-arrived-aware');
    await unaware.session.kill('never-arrived');
    await aware.waitForState('never-arrived-aware', 'TASK_KILLED');
    await unaware.waitForState('never-arrived', 'TASK_KILLED');
  });
});
