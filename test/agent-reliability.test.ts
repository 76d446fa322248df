import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResources } from '@tessera/domain';
import { resourcesToProto, taskStateFromProto, type v1 } from '@tessera/proto';
import { freePort, waitFor } from '@tessera/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeAgentCgroups } from './support/cgroups.js';
import { Cluster } from './support/cluster.js';
import { agentState, describeUpdates, TERMINAL } from './support/observe.js';
import { TestFramework } from './support/framework.js';
import { ENTRY } from './support/service-process.js';
import { killProcessGroups, processesInGroup } from './support/processes.js';

/** Shared set-up of the tests that run a cluster: start, print logs on failure, stop everything. */
function clusterLifecycle(options: Parameters<typeof Cluster.start>[0] = {}) {
  const state: { cluster?: Cluster; frameworks: TestFramework[]; taskGroups: Set<number> } = {
    frameworks: [],
    taskGroups: new Set(),
  };
  beforeEach(async () => {
    state.cluster = await Cluster.start(options);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      if (state.cluster !== undefined) console.log(`cluster logs:\n${state.cluster.infoLogs()}`);
      for (const framework of state.frameworks)
        console.log(`updates seen by framework ${framework.id}:\n${describeUpdates(framework.updates)}`);
    }
    for (const framework of state.frameworks.splice(0)) framework.close();
    let agentId: string | undefined;
    try {
      const checkpoint = state.cluster && readFileSync(join(state.cluster.agentWorkDir, 'agent.json'), 'utf8');
      agentId = checkpoint ? (JSON.parse(checkpoint) as { agentId?: string }).agentId : undefined;
    } catch {
      // no agent.json
    }
    try {
      await state.cluster?.stop();
    } finally {
      // NOTE: the agent leaves its own (empty) cgroup behind when it stops.
      if (agentId !== undefined) removeAgentCgroups(agentId);
      state.cluster = undefined;
      killProcessGroups(state.taskGroups);
      state.taskGroups.clear();
    }
  });
  return state;
}

describe('status updates survive a master restart in the middle of delivery', () => {
  const state = clusterLifecycle();

  it('every task of a burst reaches the framework with its terminal state and exit code', async () => {
    const cluster = state.cluster!;
    const TASKS = 20;
    const first = await TestFramework.subscribe(cluster.masterAddress, { name: 'burst' });
    state.frameworks.push(first);
    // Spread over ~2 s so that the master dies with most terminal updates still to deliver.
    const expected = new Map<string, { state: string; exitCode: number }>();
    const tasks: v1.TaskInfo[] = [];
    for (let i = 0; i < TASKS; i++) {
      const taskId = `burst-${i}`;
      const exitCode = i % 2 === 0 ? 0 : 3;
      expected.set(taskId, { state: exitCode === 0 ? 'TASK_FINISHED' : 'TASK_FAILED', exitCode });
      tasks.push({
        name: taskId,
        taskId: { value: taskId },
        command: { shell: true, value: `sleep ${(0.1 * i).toFixed(1)}; exit ${exitCode}` },
        resources: resourcesToProto(parseResources('cpus:0.1;mem:32')),
      });
    }
    const offer = await first.offerWith(`cpus:${0.1 * TASKS};mem:${32 * TASKS}`);
    await first.session.launch([offer.id?.value ?? ''], tasks, 0.05);
    const terminalSeen = (framework: TestFramework) =>
      new Set(framework.updates.filter((u) => TERMINAL.has(String(u.state))).map((u) => u.taskId?.value ?? ''));
    await waitFor(() => terminalSeen(first).size >= 3, {
      timeoutMs: 30_000,
      what: 'the first terminal updates to reach the framework',
    });
    let closed = false;
    first.session.on('closed', () => (closed = true));
    await cluster.master.kill();
    const terminalBeforeCrash = terminalSeen(first);
    const seenBeforeCrash = terminalBeforeCrash.size;
    // The crash came in the middle of the burst, or this test proves nothing.
    expect(seenBeforeCrash).toBeLessThan(TASKS);
    await waitFor(() => closed, { what: 'the framework to notice the master is gone' });

    await cluster.master.restart();
    const second = await TestFramework.subscribe(cluster.masterAddress, { id: { value: first.id }, name: 'burst' });
    state.frameworks.push(second);
    expect(second.id).toBe(first.id);
    const all = () => [...first.updates, ...second.updates];
    await waitFor(
      () => {
        const seen = new Set(
          all()
            .filter((u) => TERMINAL.has(String(u.state)))
            .map((u) => u.taskId?.value),
        );
        return [...expected.keys()].every((id) => seen.has(id));
      },
      {
        timeoutMs: 60_000,
        intervalMs: 50,
        what: `every task's terminal update (before the crash: ${seenBeforeCrash} of ${TASKS})`,
      },
    );
    // Each terminal update seen (a resend may repeat one) is the right one, with the right exit code.
    for (const [taskId, want] of expected) {
      const terminal = all().filter((u) => u.taskId?.value === taskId && TERMINAL.has(String(u.state)));
      expect(terminal.length, `terminal updates of ${taskId}`).toBeGreaterThan(0);
      for (const update of terminal) {
        expect(String(update.state), `state of ${taskId}`).toBe(want.state);
        expect(update.hasExitCode, `${taskId} has an exit code`).toBe(true);
        expect(update.exitCode, `exit code of ${taskId}`).toBe(want.exitCode);
      }
      // Repeats are resends of one update, never a second terminal update.
      expect(new Set(terminal.map((u) => u.uuid)).size, `distinct terminal updates of ${taskId}`).toBe(1);
    }
    // The master agrees. NOTE: a task whose terminal update the framework had already
    // acknowledged before the crash is forgotten (as in Mesos, completed tasks are kept
    // in memory only), so the restarted master may answer TASK_UNKNOWN for it.
    const reconciled = await second.session.reconcile([...expected.keys()]);
    expect(reconciled).toHaveLength(TASKS);
    for (const status of reconciled) {
      const taskId = status.taskId?.value ?? '';
      const allowed = [expected.get(taskId)?.state, ...(terminalBeforeCrash.has(taskId) ? ['TASK_UNKNOWN'] : [])];
      expect(allowed, `reconciled state of ${taskId}`).toContain(String(status.state));
    }
    await waitFor(async () => (await agentState(cluster)).pendingUpdates === 0, {
      timeoutMs: 30_000,
      what: 'the agent to have no unacknowledged update',
    });
  });
});

describe('status updates survive repeated agent and master crashes during a burst', () => {
  const state = clusterLifecycle();

  it('kill -9 of the agent, the master, and both, mid-burst: each task ends once, with its exit code', async () => {
    const cluster = state.cluster!;
    const TASKS = 40;
    const first = await TestFramework.subscribe(cluster.masterAddress, { name: 'chaos' });
    state.frameworks.push(first);
    const updates = () => state.frameworks.flatMap((f) => f.updates);
    // Each task waits for its gate file, so the test decides which tasks end between crashes
    // (a burst spread over time ended before the last crash on a loaded machine).
    const gates = join(cluster.workDir, 'gates');
    mkdirSync(gates, { mode: 0o755 });
    chmodSync(gates, 0o755);
    let released = 0;
    const releaseUpTo = (count: number) => {
      for (; released < count; released++) writeFileSync(join(gates, String(released)), '');
    };
    const tasks: v1.TaskInfo[] = [];
    for (let i = 0; i < TASKS; i++) {
      tasks.push({
        name: `chaos-${i}`,
        taskId: { value: `chaos-${i}` },
        // Exit codes 0-4, once released.
        command: { shell: true, value: `until [ -e ${gates}/${i} ]; do sleep 0.3; done; exit ${i % 5}` },
        resources: resourcesToProto(parseResources('cpus:0.1;mem:32')),
      });
    }
    const offer = await first.offerWith(`cpus:${0.1 * TASKS};mem:${32 * TASKS}`);
    await first.session.launch([offer.id?.value ?? ''], tasks, 0.05);
    const ended = () =>
      new Set(
        updates()
          .filter((u) => TERMINAL.has(String(u.state)))
          .map((u) => u.taskId?.value),
      );
    const crashes: string[] = [];
    for (const [after, what] of [
      [4, 'agent'],
      [12, 'master'],
      [20, 'agent'],
      [26, 'both'],
    ] as const) {
      releaseUpTo(after);
      await waitFor(() => ended().size >= after, {
        timeoutMs: 30_000,
        what: `${after} tasks to end (crashes: ${crashes.join(', ')})`,
      });
      crashes.push(`${what} at ${ended().size}`);
      if (what !== 'master') await cluster.agent.kill();
      if (what !== 'agent') await cluster.master.kill();
      if (what !== 'agent') await cluster.master.restart();
      if (what !== 'master') await cluster.restartAgent();
      if (what !== 'agent') {
        state.frameworks.push(
          await TestFramework.subscribe(cluster.masterAddress, { id: { value: first.id }, name: 'chaos' }),
        );
      }
    }
    // The last crash came before the burst was over, or it proves little.
    expect(crashes.at(-1), crashes.join(', ')).not.toBe(`both at ${TASKS}`);
    releaseUpTo(TASKS);
    await waitFor(() => ended().size === TASKS, {
      timeoutMs: 60_000,
      what: `every task to end (crashes: ${crashes.join(', ')})`,
    });
    for (let i = 0; i < TASKS; i++) {
      const terminal = updates().filter((u) => u.taskId?.value === `chaos-${i}` && TERMINAL.has(String(u.state)));
      const want = i % 5 === 0 ? 'TASK_FINISHED' : 'TASK_FAILED';
      // Resends of one update may repeat it; never a second, different terminal update.
      expect(new Set(terminal.map((u) => `${u.uuid} ${String(u.state)} exit ${u.exitCode}`)), `chaos-${i}`).toEqual(
        new Set([`${terminal[0]?.uuid} ${want} exit ${i % 5}`]),
      );
    }
    await waitFor(async () => (await agentState(cluster)).pendingUpdates === 0, {
      timeoutMs: 30_000,
      what: 'the agent to have no unacknowledged update',
    });
  });
});

/** Runs the agent binary to its exit (it must exit by itself within `timeoutMs`). */
function runAgent(
  args: string[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY.agent, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the agent did not exit within ${timeoutMs} ms; output:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a malformed --resources stops the agent with a message naming the problem', () => {
  let workDir = '';
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-config-'));
  });
  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each([
    ['cpus:4;mem:abc', 'invalid value "abc" for mem at position 11 of "cpus:4;mem:abc"'],
    ['cpus:[1-2]', 'cpus must be a scalar, got ranges at position 0 of "cpus:[1-2]"'],
  ])('--resources %s', async (resources, problem) => {
    const [port, httpPort] = await Promise.all([freePort(), freePort()]);
    const result = await runAgent([
      '--master',
      '127.0.0.1:1',
      '--port',
      String(port),
      '--http-port',
      String(httpPort),
      '--work-dir',
      join(workDir, 'agent'),
      '--resources',
      resources,
    ]);
    // Exit status 2: a configuration problem (see runMain); the message names the flag, the position and the problem.
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('invalid tessera-agent configuration');
    expect(result.stderr).toContain(`resources: ${problem} (from flag --resources)`);
    // It stopped before starting anything: no server, no agent ID.
    expect(result.stdout).not.toContain('agent started');
    expect(readdirSync(workDir)).toEqual([]);
  });
});

describe('a rebooted machine registers as a new agent and its old tasks are TASK_GONE', () => {
  const state = clusterLifecycle({ agentFlags: ['--boot-id', 'e2e-boot-1'] });

  it('TASK_GONE (REASON_AGENT_RESTARTED) to a partition-aware framework, TASK_LOST to another', async () => {
    const cluster = state.cluster!;
    const aware = await TestFramework.subscribe(cluster.masterAddress, {
      name: 'aware',
      roles: ['aware'],
      capabilities: ['PARTITION_AWARE'],
    });
    state.frameworks.push(aware);
    const unaware = await TestFramework.subscribe(cluster.masterAddress, {
      name: 'unaware',
      roles: ['unaware'],
      capabilities: [],
    });
    state.frameworks.push(unaware);
    await aware.launch('before-reboot', { shell: true, value: 'sleep 600' });
    await unaware.launch('before-reboot-2', { shell: true, value: 'sleep 600' });
    await aware.waitForState('before-reboot', 'TASK_RUNNING');
    await unaware.waitForState('before-reboot-2', 'TASK_RUNNING');
    const before = await agentState(cluster);
    const oldAgentId = before.info?.id?.value ?? '';
    expect(oldAgentId).not.toBe('');
    expect(before.info?.bootId).toBe('e2e-boot-1');
    const pids = before.tasks.map((t) => t.pid);
    expect(pids).toHaveLength(2);
    for (const pid of pids) state.taskGroups.add(pid);
    await waitFor(async () => (await agentState(cluster)).pendingUpdates === 0, {
      timeoutMs: 20_000,
      what: 'the TASK_RUNNING updates to be acknowledged',
    });

    // The "reboot": the agent dies, and so do its tasks.
    await cluster.agent.kill();
    killProcessGroups(pids);
    for (const pid of pids) {
      await waitFor(() => processesInGroup(pid).length === 0, { what: `no process left in group ${pid}` });
    }
    // What a reboot would also have removed: the old agent's (now empty) cgroups.
    removeAgentCgroups(oldAgentId);
    await cluster.restartAgent({ bootId: 'e2e-boot-2' });

    const gone = await aware.waitForState('before-reboot', 'TASK_GONE');
    expect(gone.reason).toBe('REASON_AGENT_RESTARTED');
    expect(gone.agentId?.value).toBe(oldAgentId);
    const lost = await unaware.waitForState('before-reboot-2', 'TASK_LOST');
    expect(lost.reason).toBe('REASON_AGENT_RESTARTED');

    // A new agent ID for the new boot; the old agent is GONE.
    const after = await waitFor(
      async () => {
        const s = await agentState(cluster);
        return s.registered && s.info?.id?.value !== oldAgentId ? s : undefined;
      },
      { timeoutMs: 30_000, what: 'the agent to register under a new ID' },
    );
    const newAgentId = after.info?.id?.value ?? '';
    expect(newAgentId).not.toBe('');
    expect(after.info?.bootId).toBe('e2e-boot-2');
    expect(after.tasks).toEqual([]);
    const agents = await cluster.agents();
    expect(agents.find((a) => a.info?.id?.value === oldAgentId)?.status).toBe('GONE');
    expect(agents.find((a) => a.info?.id?.value === newAgentId)?.status).toBe('ACTIVE');
    // agent.json is rewritten just after the registration (not before the agent reports itself registered).
    await waitFor(
      () => {
        const checkpoint = JSON.parse(readFileSync(join(cluster.agentWorkDir, 'agent.json'), 'utf8')) as {
          agentId?: string;
          bootId?: string;
        };
        return checkpoint.agentId === newAgentId && checkpoint.bootId === 'e2e-boot-2';
      },
      { timeoutMs: 10_000, what: 'agent.json to name the new agent ID and boot' },
    );

    // Reconciliation agrees; each old task ended once.
    const [reconciled] = await aware.session.reconcile(['before-reboot']);
    expect(reconciled?.state).toBe('TASK_GONE');
    expect(aware.statesOf('before-reboot').filter((s) => TERMINAL.has(s))).toEqual(['TASK_GONE']);
    expect(unaware.statesOf('before-reboot-2').filter((s) => TERMINAL.has(s))).toEqual(['TASK_LOST']);
    const masterState = (await cluster.tasks()).find((t) => t.task?.taskId?.value === 'before-reboot');
    expect(taskStateFromProto(masterState?.status?.state ?? '')).toBe('TASK_GONE');

    // The new agent runs tasks.
    await aware.launch('after-reboot', { shell: true, value: 'true' });
    const finished = await aware.waitForState('after-reboot', 'TASK_FINISHED');
    expect(finished.agentId?.value).toBe(newAgentId);
  });
});
