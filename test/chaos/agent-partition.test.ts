import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { agentClient, call } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.js';
import { MarathonProcess, type SseEvent } from '../support/marathon.js';
import { NetnsLink, partitionUnavailable } from './support-b/netns.js';
import { countLines, readMarks } from './support-b/task-load.js';

/** The master marks an agent unreachable after this long without it. */
const UNREACHABLE_TIMEOUT_MS = 3000;
/** How long the link stays cut beyond the time the replacements take: a scenario parameter. */
const EXTRA_PARTITION_MS = 2000;
const INSTANCES = 2;
const TERMINAL = new Set([
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_GONE',
  'TASK_DROPPED',
]);

const unavailable = partitionUnavailable();
if (unavailable !== undefined) console.log(`chaos agent partition: skipped, ${unavailable}`);

type AppTask = { id: string; host: string; state: string };

/** Agent.GetTasks of the agent at `address`. */
async function agentTasks(address: string): Promise<v1.AgentTask__Output[]> {
  const client = agentClient(address);
  try {
    return (await call<v1.GetAgentTasksRequest, v1.GetAgentTasksResponse__Output>(client.GetTasks.bind(client), {}))
      .tasks;
  } finally {
    client.close();
  }
}

describe.skipIf(unavailable !== undefined)('chaos: an agent cut off by a network partition, then back', () => {
  let link: NetnsLink;
  let cluster: Cluster;
  let marathon: MarathonProcess;
  let marksDir: string;

  beforeAll(async () => {
    link = NetnsLink.create({
      name: `tessera-chaosb-${process.pid}`,
      hostAddress: '10.201.0.1',
      nsAddress: '10.201.0.2',
    });
    cluster = await Cluster.start({
      masterHost: '0.0.0.0',
      // Pinged every second, the cut agent is disconnected after 3 missed pings, then unreachable after the timeout.
      masterFlags: [
        '--agent-unreachable-timeout-ms',
        String(UNREACHABLE_TIMEOUT_MS),
        '--agent-ping-interval-ms',
        '1000',
      ],
      agents: [
        { hostname: 'inside', netns: { name: link.name, host: link.nsAddress, masterHost: link.hostAddress } },
        { hostname: 'outside' },
      ],
    });
    marksDir = join(cluster.workDir, 'marks');
    mkdirSync(marksDir);
    chmodSync(marksDir, 0o777);
    marathon = await MarathonProcess.start(cluster);
  });

  afterAll(async () => {
    link?.heal();
    await marathon?.stop();
    await cluster?.stop();
    link?.remove();
  });

  it("past the unreachable timeout Marathon replaces the agent's instances; healed, the old tasks end once, exactly N run", async () => {
    const marksFile = join(marksDir, 'app');
    const inside = cluster.agentNamed('inside');
    const outside = cluster.agentNamed('outside');
    // The instances start inside: the outside agent is away while they are placed.
    await outside.process.stop();
    await waitFor(
      async () => (await cluster.agents()).some((a) => a.info?.hostname === 'outside' && a.status !== 'ACTIVE'),
      { timeoutMs: 30_000, intervalMs: 200, what: 'the outside agent to be away' },
    );
    const created = await marathon.rest('POST', '/v2/apps', {
      id: '/part',
      cmd: `echo $MESOS_TASK_ID >> ${marksFile}; exec sleep 600`,
      instances: INSTANCES,
      cpus: 0.1,
      mem: 16,
    });
    expect(created.status).toBe(201);
    const placed = await marathon.waitApp('/part', (a) => a['tasksRunning'] === INSTANCES, 'instances inside', 90_000);
    const oldTasks = (placed.tasks as unknown as AppTask[]).map((task) => task.id);
    expect((placed.tasks as unknown as AppTask[]).every((task) => task.host === 'inside')).toBe(true);
    await marathon.waitNoDeployments(60_000);
    await outside.process.restart();
    await cluster.waitForAgents(2, 60_000);

    const events = marathon.events(['status_update_event']);
    await events.opened;
    try {
      link.cut();
      const cutAt = performance.now();
      // The master reports the agent's tasks unreachable, and Marathon replaces them outside.
      await waitFor(
        async () => {
          const states = new Map((await cluster.tasks()).map((r) => [r.task?.taskId?.value, r.status?.state]));
          return oldTasks.every((id) => states.get(id) === 'TASK_UNREACHABLE');
        },
        { timeoutMs: 60_000, intervalMs: 200, what: 'the master to report the inside tasks TASK_UNREACHABLE' },
      );
      const unreachableMs = Math.round(performance.now() - cutAt);
      await marathon.waitApp(
        '/part',
        (a) =>
          (a.tasks as unknown as AppTask[]).filter((t) => t.host === 'outside' && t.state === 'TASK_RUNNING').length ===
          INSTANCES,
        `${INSTANCES} replacements running outside`,
        90_000,
      );
      await delay(EXTRA_PARTITION_MS); // the partition lasts a while longer: a scenario parameter
      link.heal();
      const healedAt = performance.now();

      await waitFor(
        async () => (await cluster.agents()).some((a) => a.info?.hostname === 'inside' && a.status === 'ACTIVE'),
        { timeoutMs: 90_000, intervalMs: 200, what: 'the inside agent to re-register' },
      );
      const reregisteredMs = Math.round(performance.now() - healedAt);
      // The old tasks are ended; exactly the replacements run, and Marathon and the master agree.
      let seen = '';
      const running = await waitFor(
        async () => {
          const records = (await cluster.tasks()).filter((r) => r.task?.taskId?.value.startsWith('part.'));
          seen = records.map((r) => `${r.task?.taskId?.value}@${r.agentId?.value}: ${r.status?.state}`).join(', ');
          const oldEnded = oldTasks.every((id) => {
            const state = records.find((r) => r.task?.taskId?.value === id)?.status?.state;
            return state === undefined || TERMINAL.has(state);
          });
          const live = records
            .filter((r) => r.status?.state === 'TASK_RUNNING')
            .map((r) => r.task?.taskId?.value ?? '');
          return oldEnded && live.length === INSTANCES ? live.sort() : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'the old tasks ended and exactly the replacements running' },
      ).catch((error: unknown) => {
        throw new Error(
          `${(error as Error).message}; the master's tasks: ${seen}\n${marathon.process.tailInfo()}\n${cluster.master.tailInfo()}`,
          { cause: error },
        );
      });
      const app = await marathon.waitApp(
        '/part',
        (a) => a['tasksRunning'] === INSTANCES && a.tasks.length === INSTANCES,
        `${INSTANCES} instances`,
        30_000,
      );
      expect((app.tasks as unknown as AppTask[]).map((t) => t.id).sort()).toEqual(running);
      expect(running.filter((id) => oldTasks.includes(id))).toEqual([]);
      await marathon.waitNoDeployments(30_000);
      // The agent itself ended them: none of the old tasks still runs inside.
      const insideTasks = await waitFor(
        async () => {
          const tasks = await agentTasks(inside.address);
          return oldTasks.every((id) => {
            const state = tasks.find((t) => t.task?.taskId?.value === id)?.status?.state;
            return state === undefined || TERMINAL.has(state);
          })
            ? tasks
            : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, what: 'the inside agent to have ended the old tasks' },
      );
      expect(insideTasks.filter((t) => t.status?.state === 'TASK_RUNNING').map((t) => t.task?.taskId?.value)).toEqual(
        [],
      );

      // Nothing reported twice: no task's terminal state reached Marathon twice, no state twice in a row.
      const updates = events.received.map((e: SseEvent) => ({
        taskId: String(e.data['taskId']),
        state: String(e.data['taskStatus']),
      }));
      const byTask = new Map<string, string[]>();
      for (const u of updates) byTask.set(u.taskId, [...(byTask.get(u.taskId) ?? []), u.state]);
      for (const [taskId, states] of byTask) {
        expect(states.filter((s) => TERMINAL.has(s)).length, `${taskId}: ${states.join(' → ')}`).toBeLessThanOrEqual(1);
        expect(
          states.some((s, i) => i > 0 && states[i - 1] === s),
          `${taskId}: ${states.join(' → ')}`,
        ).toBe(false);
      }
      for (const id of oldTasks) expect(byTask.get(id) ?? []).toContain('TASK_UNREACHABLE');
      // Every task started once.
      const marks = countLines(readMarks(marksFile));
      expect([...marks.entries()].filter(([, count]) => count > 1)).toEqual([]);
      for (const id of [...oldTasks, ...running]) expect(marks.has(id)).toBe(true);
      console.log(
        `chaos agent partition: ${INSTANCES} instances inside, unreachable ${unreachableMs} ms after the cut, replaced outside, ` +
          `re-registered ${reregisteredMs} ms after the heal, old tasks ended (Marathon saw ${oldTasks
            .map((id) => (byTask.get(id) ?? []).join('→'))
            .join('; ')}), exactly ${INSTANCES} running`,
      );
    } finally {
      events.close();
    }
  });
});
