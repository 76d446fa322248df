import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, type ClusterMaster } from '../support/cluster.js';
import { accountFor, launchesResent, leaderStateTasks, MarksFile } from './support/accounting.js';
import { ChaosFramework } from './support/chaos-framework.js';
import { supervise, type Supervisor } from './support/supervise.js';

const TASKS = 500;
/** How long the leader stays stopped at least: well past its 1.5 s lease. */
const STOPPED_MS = 4_000;

describe('chaos: the leading master stopped (SIGSTOP) past its lease in the middle of a launch', () => {
  let cluster: Cluster;
  let supervisor: Supervisor | undefined;
  let framework: ChaosFramework | undefined;
  let stopped: ClusterMaster | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start({
      masters: 3,
      redisPersistence: 'everysec',
      agents: [{ hostname: 'chaos-c1' }, { hostname: 'chaos-c2' }],
    });
  });

  afterAll(async () => {
    stopped?.process.thaw();
    framework?.close();
    await supervisor?.stop();
    await cluster?.stop();
  });

  it(`a follower takes over; the old leader wakes, is refused by fencing, steps down (exit 3); each of ${TASKS} tasks once`, async () => {
    const startedAt = performance.now();
    supervisor = supervise(cluster.masterList.map((m) => m.process));
    const marks = new MarksFile(join(cluster.workDir, 'chaos-marks'));
    const taskIds = Array.from({ length: TASKS }, (_, i) => `t-${String(i).padStart(3, '0')}`);
    const fw = await ChaosFramework.start({
      masters: cluster.masterAddresses,
      name: 'chaos-sigstop',
      role: 'chaos',
      taskIds,
      command: () => marks.command(),
    });
    framework = fw;
    const old = await cluster.leader();

    await waitFor(() => fw.launched >= TASKS / 2 && fw.count('accepting') !== 0, {
      timeoutMs: 60_000,
      intervalMs: 1,
      what: `${TASKS / 2} tasks launched and an Accept in flight`,
    });
    const launchedAtStop = fw.launched;
    const stoppedAt = performance.now();
    stopped = old;
    old.process.freeze();
    let next: ClusterMaster;
    let tookOverMs: number;
    try {
      // A follower wins the lapsed lease while the leader sleeps (it answers nothing, /healthz included).
      const followers = cluster.masterList.filter((m) => m !== old);
      next = await waitFor(
        async () => {
          const roles = await Promise.all(followers.map((m) => cluster.masterHealth(m)));
          return followers.find((_, i) => roles[i]?.role === 'leader');
        },
        { timeoutMs: 60_000, intervalMs: 20, what: 'a follower to lead while the leader is stopped' },
      );
      tookOverMs = Math.round(performance.now() - stoppedAt);
      // The scenario's hold: stopped for at least STOPPED_MS in all.
      const heldMs = performance.now() - stoppedAt;
      if (heldMs < STOPPED_MS) await new Promise((resolve) => setTimeout(resolve, STOPPED_MS - heldMs));
    } finally {
      old.process.thaw();
      stopped = undefined;
    }
    const thawedAt = performance.now();

    // On waking it finds its lease gone: it stops leading and exits with code 3 (the supervisor restarts it).
    const exit = await waitFor(() => supervisor?.exitsOf(old.process)[0], {
      timeoutMs: 30_000,
      what: `${old.process.name} to step down after waking`,
    });
    expect(exit.code).toBe(3);
    const stepDownMs = Math.round(exit.atMs - thawedAt);
    const oldLog = readFileSync(old.process.logFile, 'utf8');
    const deposed = /a registry write failed|lost the leader lease|FencedError/.exec(oldLog)?.[0];
    expect(deposed, `${old.process.name} says why it stopped leading`).toBeDefined();
    const fencedWrites = oldLog.match(/FencedError/g)?.length ?? 0;

    try {
      await fw.allEnded(90_000);
    } catch (error) {
      console.log(cluster.infoLogs(30));
      throw error;
    }
    const final = await cluster.leader(60_000);
    const accounting = accountFor(fw, marks.counts(), await leaderStateTasks(final, fw.frameworkId), 'TASK_FINISHED');
    console.log(
      `master-sigstop: ${TASKS} tasks (${launchedAtStop} launched at the stop), leader ${old.process.name} stopped ${Math.round(thawedAt - stoppedAt)} ms, ` +
        `${next.process.name} led after ${tookOverMs} ms, the old one stepped down (exit ${exit.code}, "${deposed}", ${fencedWrites} fenced writes logged) ` +
        `${stepDownMs} ms after waking; ${fw.acceptFailures} Accepts failed: ${fw.relaunched} tasks relaunched with the same ID, ` +
        `${fw.inDoubtKnown} known, ${launchesResent(cluster.masterList)} launches re-sent by a new leader; ` +
        `${accounting.knownToLeader} in the final leader's state, ${accounting.repeatedTerminalUpdates} terminal updates repeated, ` +
        `${[...accounting.byState].map(([s, n]) => `${n} ${s}`).join(', ')}, ${Math.round((performance.now() - startedAt) / 1000)} s`,
    );
    expect(accounting.problems).toEqual([]);
  }, 170_000);
});
