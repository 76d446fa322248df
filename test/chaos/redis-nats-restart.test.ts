import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '@tessera/testkit';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.js';
import { TestFramework } from '../support/framework.js';
import { MarathonProcess } from '../support/marathon.js';
import { supervise, type Supervisor } from './support/supervise.js';
import {
  countLines,
  leaderTasks,
  leaderWeights,
  readMarks,
  setWeightOnLeader,
  TaskLoad,
} from './support-b/task-load.js';

/** How long Redis, then NATS, stays down: past the masters' 1.5 s lease and Marathon's 3 s one. */
const OUTAGE_MS = 4000;
/** The load: at most one task launch every this many ms. */
const LOAD_PACE_MS = 250;
const APP_ID = '/chaos';

type AppTask = { id: string; state: string };

describe('chaos: kill -9 of Redis, then of NATS, under load', () => {
  let cluster: Cluster;
  let marathon: MarathonProcess;
  let framework: TestFramework;
  let supervisor: Supervisor;
  let marksDir: string;
  let nats: NatsConnection | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start({ masters: 3, redisPersistence: 'everysec' });
    // Tasks may run as nobody: a directory every task can write its mark into.
    marksDir = join(cluster.workDir, 'marks');
    mkdirSync(marksDir);
    chmodSync(marksDir, 0o777);
    marathon = await MarathonProcess.start(cluster);
    // The test is the supervisor: a master or Marathon that steps down (exit 3) is started again.
    supervisor = supervise([...cluster.masterList.map((m) => m.process), marathon.process]);
    framework = await TestFramework.subscribe(
      cluster.masterAddresses,
      { name: 'chaos-load', roles: ['chaos'] },
      { reconnect: true },
    );
  });

  afterAll(async () => {
    await supervisor?.stop();
    await nats?.close();
    framework?.close();
    await marathon?.stop();
    await cluster?.stop();
  });

  /** Waits until Marathon (possibly restarted by the supervisor) leads again. */
  async function marathonLeads(timeoutMs = 90_000): Promise<void> {
    await waitFor(async () => marathon.process.running && (await fetch(`${marathon.baseUrl}/v2/info`)).ok, {
      timeoutMs,
      intervalMs: 200,
      what: 'Marathon to lead again',
    });
  }

  /**
   * The app settled at exactly `instances` running, and the leading master
   * agrees: the same task IDs, each started once (one mark each).
   */
  async function expectAppSettled(instances: number): Promise<string[]> {
    await marathonLeads();
    await marathon.waitNoDeployments(90_000);
    const app = await marathon.waitApp(
      APP_ID,
      (a) => a['tasksRunning'] === instances && a.tasks.length === instances,
      `${APP_ID} to run exactly ${instances} instances`,
      90_000,
    );
    const appTaskIds = (app.tasks as unknown as AppTask[]).map((task) => task.id).sort();
    const masterRunning = await waitFor(
      async () => {
        const running = (await leaderTasks(cluster))
          .filter((r) => r.task?.taskId?.value.startsWith('chaos.') && r.status?.state === 'TASK_RUNNING')
          .map((r) => r.task?.taskId?.value ?? '')
          .sort();
        return running.length === instances ? running : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: `the master to list exactly ${instances} running tasks of ${APP_ID}`,
      },
    );
    expect(masterRunning).toEqual(appTaskIds);
    const marks = await waitFor(
      () => {
        const counts = countLines(readMarks(join(marksDir, 'app')));
        return appTaskIds.every((id) => counts.has(id)) ? counts : undefined;
      },
      { timeoutMs: 30_000, what: "a mark of every one of the app's tasks" },
    );
    // No instance task ever started twice (a relaunch gets a new task ID, so any count above 1 is a double start).
    expect([...marks.entries()].filter(([, count]) => count > 1)).toEqual([]);
    return appTaskIds;
  }

  /**
   * Every task the load acknowledged (launch accepted, or seen RUNNING) is
   * RUNNING at the leading master and started exactly once; no attempted task
   * started twice.
   */
  async function expectLoadAccounted(load: TaskLoad, marksFile: string): Promise<number> {
    const acknowledged = [...load.acknowledged()].sort();
    await waitFor(
      async () => {
        const records = new Map((await leaderTasks(cluster)).map((r) => [r.task?.taskId?.value ?? '', r]));
        return acknowledged.every((id) => records.get(id)?.status?.state === 'TASK_RUNNING');
      },
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: `all ${acknowledged.length} acknowledged tasks RUNNING at the leader`,
      },
    );
    const counts = await waitFor(
      () => {
        const marked = countLines(readMarks(marksFile));
        return acknowledged.every((id) => marked.has(id)) ? marked : undefined;
      },
      { timeoutMs: 30_000, what: 'a mark of every acknowledged task' },
    );
    expect([...counts.entries()].filter(([, count]) => count > 1)).toEqual([]);
    // A mark only from a task that was launched.
    expect([...counts.keys()].filter((id) => !load.attempted.has(id))).toEqual([]);
    return acknowledged.length;
  }

  it('Redis: everything acknowledged before the kill is there after the restart, nothing doubled', async () => {
    const marksFile = join(marksDir, 'redis');
    await setWeightOnLeader(cluster, 'chaos', 2);
    const created = await marathon.rest('POST', '/v2/apps', {
      id: APP_ID,
      cmd: `echo $MESOS_TASK_ID >> ${join(marksDir, 'app')}; exec sleep 600`,
      instances: 2,
      cpus: 0.1,
      mem: 16,
    });
    expect(created.status).toBe(201);
    await marathon.waitApp(APP_ID, (a) => a['tasksRunning'] === 2, '2 instances running', 90_000);
    await marathon.waitNoDeployments(60_000);

    const load = new TaskLoad(framework, marksFile, { prefix: 'redis', maxTasks: 60, paceMs: LOAD_PACE_MS });
    await load.waitAccepted(6, 90_000);
    // A deployment in flight when Redis dies: scaling to 4, acknowledged (200) before the kill.
    const scaled = await marathon.rest('PUT', `/v2/apps${APP_ID}`, { instances: 4 });
    expect(scaled.status).toBe(200);
    const acceptedBefore = load.accepted.size;
    await cluster.redis.kill();
    await delay(OUTAGE_MS); // the outage itself: a scenario parameter, not a wait for an event
    await cluster.redis.restart();
    const restartedAt = performance.now();

    const leader = await cluster.leader(60_000);
    await waitFor(() => framework.session.state === 'subscribed', {
      timeoutMs: 60_000,
      what: 'the framework to re-subscribe',
    });
    // Launches work again after the restart: five more accepted, then the load stops.
    const acceptedAtRestart = load.accepted.size;
    await load.waitAccepted(acceptedAtRestart + 5, 90_000);
    await load.stop();
    const recoveredMs = Math.round(performance.now() - restartedAt);

    const tasks = await expectLoadAccounted(load, marksFile);
    await expectAppSettled(4);
    expect(await leaderWeights(cluster)).toContainEqual(expect.objectContaining({ role: 'chaos', weight: 2 }));
    console.log(
      `chaos redis: outage ${OUTAGE_MS} ms, ${tasks} tasks acknowledged (${acceptedBefore} before the kill, ${load.failures} launches refused), ` +
        `app 2→4 deployed, leader ${leader.id}, load recovered ${recoveredMs} ms after the restart, restarts ${supervisor.summary()}`,
    );
  });

  it('NATS: state is untouched, services reconnect, facts published after the restart arrive', async () => {
    const marksFile = join(marksDir, 'nats');
    const restartsBefore = supervisor.exits.length;
    await cluster.nats.kill();
    const outageStarted = performance.now();
    // State changes while NATS is away are still made (NATS carries facts only).
    const load = new TaskLoad(framework, marksFile, { prefix: 'nats', maxTasks: 60, paceMs: LOAD_PACE_MS });
    const scaled = await marathon.rest('PUT', `/v2/apps${APP_ID}`, { instances: 5 });
    expect(scaled.status).toBe(200);
    await load.waitAccepted(3, 60_000);
    const acceptedDuringOutage = load.accepted.size;
    await delay(Math.max(0, OUTAGE_MS - (performance.now() - outageStarted)));
    await cluster.nats.restart();

    // A fresh subscriber: facts published from now on must reach it.
    const client = await connect({ servers: cluster.nats.url });
    nats = client;
    const subjects: { subject: string; payload: string }[] = [];
    const subscription = client.subscribe('tessera.>');
    void (async () => {
      for await (const message of subscription)
        subjects.push({ subject: message.subject, payload: Buffer.from(message.data).toString('latin1') });
    })();
    await client.flush();

    const acceptedAtRestart = load.accepted.size;
    // A TaskUpdated names its task as a length-delimited TaskID: the exact ID, not a prefix of a longer one.
    const factOf = (id: string) =>
      subjects.some(
        (s) => s.subject === 'tessera.task.updated' && s.payload.includes(`\n${String.fromCharCode(id.length)}${id}`),
      );
    // The master reconnected: once it has, the facts of every launch reach the subscriber — three launched after
    // the restart in a row with their facts (launches made before it reconnected lose theirs: facts only).
    await waitFor(
      () => {
        const after = [...load.accepted].slice(acceptedAtRestart);
        return after.some((_, i) => i + 3 <= after.length && after.slice(i, i + 3).every(factOf));
      },
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: 'tessera.task.updated facts of three launches in a row after the restart',
      },
    );
    await load.stop();
    // Marathon reconnected: its events of a change made after the restart arrive.
    const rescaled = await marathon.rest('PUT', `/v2/apps${APP_ID}`, { instances: 6 });
    expect(rescaled.status).toBe(200);
    await waitFor(() => subjects.some((s) => s.subject.startsWith('tessera.marathon.')), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'a tessera.marathon.* fact after the restart',
    });

    const tasks = await expectLoadAccounted(load, marksFile);
    await expectAppSettled(6);
    expect(await leaderWeights(cluster)).toContainEqual(expect.objectContaining({ role: 'chaos', weight: 2 }));
    // NATS alone going away stops no master nor Marathon.
    expect(supervisor.exits.slice(restartsBefore)).toEqual([]);
    console.log(
      `chaos nats: outage ${OUTAGE_MS} ms, ${tasks} tasks acknowledged (${acceptedDuringOutage} during the outage), app 4→5→6, ` +
        `${subjects.length} facts after the restart, no restart`,
    );
  });
});
