import { join } from 'node:path';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.js';
import { accountFor, launchesResent, leaderTasks, MarksFile } from './support/accounting.js';
import { ChaosFramework } from './support/chaos-framework.js';
import { supervise, type Supervisor } from './support/supervise.js';

const TASKS = 500;

describe('chaos: kill -9 of the leading master in the middle of a launch', () => {
  let cluster: Cluster;
  let supervisor: Supervisor | undefined;
  let framework: ChaosFramework | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start({
      masters: 3,
      redisPersistence: 'everysec',
      agents: [{ hostname: 'chaos-a1' }, { hostname: 'chaos-a2' }],
    });
  });

  afterAll(async () => {
    framework?.close();
    await supervisor?.stop();
    await cluster?.stop();
  });

  it(`accounts for each of ${TASKS} tasks exactly once: the framework follows the new leader, relaunches only what it never had`, async () => {
    const startedAt = performance.now();
    supervisor = supervise(cluster.masterList.map((m) => m.process));
    const marks = new MarksFile(join(cluster.workDir, 'chaos-marks'));
    const taskIds = Array.from({ length: TASKS }, (_, i) => `t-${String(i).padStart(3, '0')}`);
    framework = await ChaosFramework.start({
      masters: cluster.masterAddresses,
      name: 'chaos-kill',
      role: 'chaos',
      taskIds,
      command: () => marks.command(),
    });
    const first = await cluster.leader();

    // About half launched, and an Accept on its way: the leader dies.
    await waitFor(() => (framework?.launched ?? 0) >= TASKS / 2 && framework?.count('accepting') !== 0, {
      timeoutMs: 60_000,
      intervalMs: 1,
      what: `${TASKS / 2} tasks launched and an Accept in flight`,
    });
    const launchedAtKill = framework.launched;
    const acceptingAtKill = framework.count('accepting');
    const killedAt = performance.now();
    await first.process.kill();
    // NOTE: the killed master, restarted by the supervisor at once, may win the next election like any other.
    const next = await cluster.leader(60_000);
    const leaderAt = performance.now();
    await waitFor(() => framework?.resubscribes.some((r) => r.atMs > killedAt && r.master === next.address), {
      timeoutMs: 60_000,
      what: `the framework to re-subscribe at the new leader ${next.address}`,
    });
    const followedAt = performance.now();

    try {
      await framework.allEnded(90_000);
    } catch (error) {
      console.log(cluster.infoLogs(30));
      throw error;
    }
    const final = await cluster.leader(60_000);
    const accounting = accountFor(
      framework,
      marks.counts(),
      await leaderTasks(final, framework.frameworkId),
      'TASK_FINISHED',
    );
    console.log(
      `master-kill-launch: ${TASKS} tasks (${launchedAtKill} launched and ${acceptingAtKill} in an Accept at the kill), 1 kill -9 of the leader, ` +
        `${framework.acceptFailures} Accepts failed: ${framework.relaunched} tasks relaunched with the same ID (unknown to the leader), ` +
        `${framework.inDoubtKnown} known (not relaunched), ${launchesResent(cluster.masterList)} launches re-sent by the new leader; ` +
        `new leader after ${Math.round(leaderAt - killedAt)} ms, framework re-subscribed after ${Math.round(followedAt - killedAt)} ms, ` +
        `${accounting.knownToLeader} known to the final leader, ${accounting.repeatedTerminalUpdates} terminal updates repeated, ` +
        `${[...accounting.byState].map(([s, n]) => `${n} ${s}`).join(', ')}, ${Math.round((performance.now() - startedAt) / 1000)} s`,
    );
    expect(accounting.problems).toEqual([]);
    // The killed master was restarted (by the supervisor) and serves again.
    await waitFor(async () => (await cluster.masterHealth(first))?.role !== undefined, {
      timeoutMs: 30_000,
      what: 'the killed master to come back',
    });
    expect(supervisor.exitsOf(first.process).map((e) => e.signal)).toEqual(['SIGKILL']);
  }, 170_000);
});
