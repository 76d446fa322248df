import { join } from 'node:path';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.js';
import type { ServiceProcess } from '../support/service-process.js';
import { accountFor, launchesResent, leaderTasks, MarksFile } from './support/accounting.js';
import { ChaosFramework } from './support/chaos-framework.js';
import { supervise, type Supervisor } from './support/supervise.js';

const TASKS = 600;

describe('chaos: kill -9 of the allocator in use, of the leading master, then of both at once, mid-launch', () => {
  let cluster: Cluster;
  let supervisor: Supervisor | undefined;
  let framework: ChaosFramework | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start({
      masters: 3,
      allocators: 2,
      redisPersistence: 'everysec',
      agents: [{ hostname: 'chaos-b1' }, { hostname: 'chaos-b2' }],
    });
  });

  afterAll(async () => {
    framework?.close();
    await supervisor?.stop();
    await cluster?.stop();
  });

  it(`accounts for each of ${TASKS} tasks exactly once through three kills, every killed process restarted`, async () => {
    const startedAt = performance.now();
    const supervised = [...cluster.masterList.map((m) => m.process), ...cluster.allocatorList.map((a) => a.process)];
    supervisor = supervise(supervised);
    const marks = new MarksFile(join(cluster.workDir, 'chaos-marks'));
    const taskIds = Array.from({ length: TASKS }, (_, i) => `t-${String(i).padStart(3, '0')}`);
    const fw = await ChaosFramework.start({
      masters: cluster.masterAddresses,
      name: 'chaos-kills',
      role: 'chaos',
      taskIds,
      command: () => marks.command(),
    });
    framework = fw;
    const kills: { what: string; launched: number; resumedMs: number }[] = [];

    /** Once `fraction` of the tasks are launched and an Accept is on its way, kills `victims()` at once. */
    const killAt = async (fraction: number, what: string, victims: () => Promise<ServiceProcess[]>): Promise<void> => {
      await waitFor(() => fw.launched >= TASKS * fraction && fw.count('accepting') !== 0, {
        timeoutMs: 60_000,
        intervalMs: 1,
        what: `${TASKS * fraction} tasks launched and an Accept in flight, to kill ${what}`,
      });
      const processes = await victims();
      const launched = fw.launched;
      const killedAt = performance.now();
      await Promise.all(processes.map((p) => p.kill()));
      const resumedAt = await fw.launchingAfter(killedAt, 60_000);
      kills.push({ what, launched, resumedMs: Math.round(resumedAt - killedAt) });
      // Each killed process is restarted (by the supervisor).
      await waitFor(() => processes.every((p) => p.running), { timeoutMs: 30_000, what: `${what} restarted` });
    };

    // 1. The allocator in use: the leader moves to the other one and goes on offering.
    const firstAllocator = await cluster.allocatorInUse();
    await killAt(0.2, `the allocator in use (${firstAllocator.process.name})`, async () => [firstAllocator.process]);
    const secondAllocator = await cluster.allocatorInUse();
    expect(secondAllocator).not.toBe(firstAllocator);

    // 2. The leading master: the framework and the agents follow the next one.
    await killAt(0.45, 'the leading master', async () => [(await cluster.leader()).process]);

    // 3. The allocator in use and the leading master at once.
    await killAt(0.7, 'the allocator in use and the leading master', async () => {
      const [allocator, leader] = await Promise.all([cluster.allocatorInUse(), cluster.leader()]);
      return [allocator.process, leader.process];
    });

    try {
      await fw.allEnded(90_000);
    } catch (error) {
      console.log(cluster.infoLogs(30));
      throw error;
    }
    const final = await cluster.leader(60_000);
    const accounting = accountFor(fw, marks.counts(), await leaderTasks(final, fw.frameworkId), 'TASK_FINISHED');
    const killed = supervisor.exits.length;
    console.log(
      `allocator-master-kills: ${TASKS} tasks, ${killed} kill -9s ` +
        `(${kills.map((k) => `${k.what} at ${k.launched} launched: launching again after ${k.resumedMs} ms`).join('; ')}), ` +
        `${fw.acceptFailures} Accepts failed: ${fw.relaunched} tasks relaunched with the same ID, ${fw.inDoubtKnown} known, ` +
        `${launchesResent(cluster.masterList)} launches re-sent by a new leader; ` +
        `${accounting.knownToLeader} known to the final leader, ${accounting.repeatedTerminalUpdates} terminal updates repeated, ` +
        `${[...accounting.byState].map(([s, n]) => `${n} ${s}`).join(', ')}, ${Math.round((performance.now() - startedAt) / 1000)} s`,
    );
    expect(accounting.problems).toEqual([]);
    // 1 + 1 + 2 processes killed, each once, each by SIGKILL (no master stepped down on its own).
    expect(supervisor.exits.map((e) => e.signal)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL', 'SIGKILL']);
  }, 170_000);
});
