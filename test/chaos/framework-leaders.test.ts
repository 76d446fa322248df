import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChronosProcess, type RunView } from '../support/chronos.js';
import { Cluster } from '../support/cluster.js';
import { MarathonProcess } from '../support/marathon.js';
import { supervise, type Supervisor } from './support/supervise.js';
import { countLines, leaderTasks, readMarks } from './support-b/task-load.js';

/** Instances of the app rolled while its Marathon leader is killed. */
const INSTANCES = 4;
/** How many ticks of the per-second job run under each Chronos / master leader before the next kill. */
const TICKS_PER_TENURE = 4;

const iso = (ms: number): string => new Date(ms).toISOString();

/** A tiny HTTP server on $PORT0 (the health check's target) that first marks its task ID and app version. */
function serverCmd(marksFile: string, tag: string): string {
  const server = `${process.execPath} -e "require('http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT0))"`;
  return `echo "$MESOS_TASK_ID $MARATHON_APP_VERSION" >> ${marksFile}; exec ${server} # ${tag}`;
}

type AppTask = { id: string; version: string; state: string };

describe('chaos: two Marathons and two Chronos on three masters, their leaders killed', () => {
  let cluster: Cluster;
  let marathons: MarathonProcess[];
  let chronoses: ChronosProcess[];
  let supervisor: Supervisor;
  let marksDir: string;

  beforeAll(async () => {
    cluster = await Cluster.start({ masters: 3, redisPersistence: 'everysec' });
    marksDir = join(cluster.workDir, 'marks');
    mkdirSync(marksDir);
    chmodSync(marksDir, 0o777);
    // Only the masters are supervised: a killed Marathon or Chronos stays down, so the other one must take over.
    supervisor = supervise(cluster.masterList.map((m) => m.process));
    const marathonA = await MarathonProcess.start(cluster, { name: 'marathon-a' });
    const marathonB = await MarathonProcess.start(cluster, { name: 'marathon-b', waitLeader: false });
    const chronos1 = await ChronosProcess.start(cluster, { name: 'chronos-1' });
    const chronos2 = await ChronosProcess.start(cluster, { name: 'chronos-2', waitLeader: false });
    marathons = [marathonA, marathonB];
    chronoses = [chronos1, chronos2];
  });

  afterAll(async () => {
    await supervisor?.stop();
    for (const service of [...(marathons ?? []), ...(chronoses ?? [])]) await service.stop();
    await cluster?.stop();
  });

  it('kill -9 of the Marathon leader mid rolling upgrade: the other finishes it, no instance lost or doubled', async () => {
    const [leader, follower] = marathons as [MarathonProcess, MarathonProcess];
    const marksFile = join(marksDir, 'svc');
    const definition = (tag: string) => ({
      id: '/svc',
      cmd: serverCmd(marksFile, tag),
      instances: INSTANCES,
      cpus: 0.1,
      mem: 32,
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
      healthChecks: [
        {
          protocol: 'MESOS_HTTP',
          portIndex: 0,
          // Each new instance takes a few seconds to count: the upgrade is still running when its leader dies.
          delaySeconds: 2,
          intervalSeconds: 2,
          timeoutSeconds: 1,
          gracePeriodSeconds: 60,
          maxConsecutiveFailures: 3,
        },
      ],
    });
    // Created through the follower: it forwards to the leader.
    expect((await follower.rest('POST', '/v2/apps', definition('v1'))).status).toBe(201);
    const before = await leader.waitApp('/svc', (a) => a['tasksHealthy'] === INSTANCES, `${INSTANCES} healthy`, 90_000);
    await leader.waitNoDeployments(60_000);
    const oldIds = new Set(before.tasks.map((task) => String(task['id'])));
    const oldVersion = String(before['version']);

    const upgrade = await leader.rest<{ deploymentId: string; version: string }>('PUT', '/v2/apps/svc', {
      cmd: serverCmd(marksFile, 'v2'),
    });
    expect(upgrade.status).toBe(200);
    const newVersion = upgrade.body.version;
    await leader.waitApp(
      '/svc',
      (a) => a.tasks.some((task) => task['version'] === newVersion),
      'the upgrade to launch its first new instance',
      60_000,
    );
    expect((await leader.rest<unknown[]>('GET', '/v2/deployments')).body).toHaveLength(1);
    await leader.kill();
    const killedAt = performance.now();
    await follower.waitLeader(60_000);
    const tookOverMs = Math.round(performance.now() - killedAt);

    await follower.waitNoDeployments(120_000);
    const after = await follower.waitApp(
      '/svc',
      (a) =>
        a['tasksHealthy'] === INSTANCES &&
        a.tasks.length === INSTANCES &&
        a.tasks.every((task) => task['version'] === newVersion),
      `${INSTANCES} healthy instances of the new version`,
      60_000,
    );
    const tasks = after.tasks as unknown as AppTask[];
    const appTaskIds = tasks.map((task) => task.id).sort();
    expect(appTaskIds.filter((id) => oldIds.has(id))).toEqual([]);
    // One task per instance.
    expect(new Set(tasks.map((task) => task.id.slice(0, task.id.lastIndexOf('.')))).size).toBe(INSTANCES);
    // The master agrees: exactly these run, no orphan launched by either leader; every old task ended.
    const records = await waitFor(
      async () => {
        const all = (await leaderTasks(cluster)).filter((r) => r.task?.taskId?.value.startsWith('svc.'));
        const running = all.filter((r) => r.status?.state === 'TASK_RUNNING');
        return running.length === INSTANCES ? all : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `the master to list exactly ${INSTANCES} running tasks of /svc` },
    );
    const stateOf = new Map(records.map((r) => [r.task?.taskId?.value ?? '', r.status?.state ?? '']));
    expect(
      records
        .filter((r) => r.status?.state === 'TASK_RUNNING')
        .map((r) => r.task?.taskId?.value)
        .sort(),
    ).toEqual(appTaskIds);
    for (const id of oldIds) expect(stateOf.get(id) ?? 'gone').not.toBe('TASK_RUNNING');
    // Each version's tasks accounted for: every task started once; every start of the old version is one of the
    // old instances; every start of the new version runs now or ended (none running unknown to Marathon).
    const marks = readMarks(marksFile).map((line) => line.split(' ') as [string, string]);
    const counts = countLines(marks.map(([id]) => id));
    expect([...counts.entries()].filter(([, count]) => count > 1)).toEqual([]);
    const oldStarts = marks.filter(([, version]) => version === oldVersion).map(([id]) => id);
    const newStarts = marks.filter(([, version]) => version === newVersion).map(([id]) => id);
    expect(oldStarts.sort()).toEqual([...oldIds].sort());
    expect(oldStarts.length + newStarts.length).toBe(marks.length);
    for (const id of appTaskIds) expect(newStarts).toContain(id);
    for (const id of newStarts.filter((started) => !appTaskIds.includes(started)))
      expect(stateOf.get(id) ?? 'gone').not.toBe('TASK_RUNNING');
    console.log(
      `chaos marathon: ${INSTANCES} instances upgraded, leader killed mid-deployment, follower leading after ${tookOverMs} ms, ` +
        `${newStarts.length} new-version starts (${newStarts.length - INSTANCES} replaced), none doubled`,
    );
  });

  it('kill -9 of the Chronos leader, then of the leading master, during a job every second: no run missed or doubled', async () => {
    const [first, second] = chronoses as [ChronosProcess, ChronosProcess];
    const marksFile = join(marksDir, 'ticks');
    const startMs = Math.ceil((Date.now() + 2000) / 1000) * 1000;
    await first.addJob('iso8601', {
      name: 'tick',
      // Each run leaves a mark named by its scheduled time: a time run twice would write it twice.
      command: `echo "$CHRONOS_JOB_RUN_TIME" >> ${marksFile}`,
      schedule: `R/${iso(startMs)}/PT1S`,
      // Times due while no Chronos or no master leads are run late, not skipped.
      epsilon: 'PT60S',
      concurrent: true,
      cpus: 0.1,
      mem: 16,
    });
    const succeededAfter = (runs: RunView[], fromMs: number) =>
      runs.filter((run) => run.state === 'Succeeded' && Date.parse(run.scheduledAt) >= fromMs).length;

    await first.waitRuns('tick', (runs) => succeededAfter(runs, startMs) >= TICKS_PER_TENURE, 'ticks', 60_000);
    await first.kill();
    const chronosKilledMs = Date.now();
    await second.waitLeader(60_000);
    const chronosTookOverMs = Date.now() - chronosKilledMs;
    await second.waitRuns(
      'tick',
      (runs) => succeededAfter(runs, chronosKilledMs + 1000) >= TICKS_PER_TENURE,
      'ticks under the second Chronos',
      60_000,
    );

    const masterLeader = await cluster.leader();
    await masterLeader.process.kill();
    const masterKilledMs = Date.now();
    const nextMaster = await cluster.leader(60_000);
    await second.waitRuns(
      'tick',
      (runs) => succeededAfter(runs, masterKilledMs + 1000) >= TICKS_PER_TENURE,
      'ticks under the next master',
      90_000,
    );

    // The window: every time from the start to a second ago, settled.
    const endMs = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const expected = Array.from({ length: (endMs - startMs) / 1000 + 1 }, (_, k) => startMs + k * 1000);
    const inWindow = (run: RunView) => Date.parse(run.scheduledAt) <= endMs;
    const runs = await second.waitRuns(
      'tick',
      (all) => {
        const settled = all.filter((run) => inWindow(run) && (run.state === 'Succeeded' || run.state === 'Skipped'));
        const covered = settled.reduce((sum, run) => sum + (run.state === 'Skipped' ? run.skippedCount : 1), 0);
        return covered >= expected.length;
      },
      'every time of the window settled',
      90_000,
    );
    const windowRuns = runs.filter(inWindow);
    // Nothing missed: every time ran (none skipped, epsilon covers both failovers), once.
    expect(
      windowRuns.filter((run) => run.state !== 'Succeeded').map((run) => `${run.scheduledAt} ${run.state}`),
    ).toEqual([]);
    expect(windowRuns.map((run) => Date.parse(run.scheduledAt)).sort((a, b) => a - b)).toEqual(expected);
    for (const run of windowRuns)
      expect(run.attempts.filter((a) => a.taskState === 'TASK_FINISHED').length).toBeLessThanOrEqual(1);
    // Nothing doubled: one mark per time of the window, and no time marked twice at all.
    const lines = readMarks(marksFile);
    expect([...countLines(lines).entries()].filter(([, count]) => count > 1)).toEqual([]);
    expect(
      lines
        .map((line) => Date.parse(line))
        .filter((ms) => ms <= endMs)
        .sort((a, b) => a - b),
    ).toEqual(expected);
    console.log(
      `chaos chronos: ${expected.length} per-second runs, Chronos leader killed (follower leading after ${chronosTookOverMs} ms), ` +
        `leading master killed (${masterLeader.id} → ${nextMaster.id}), none missed or doubled, master restarts ${supervisor.summary()}`,
    );
  });
});
