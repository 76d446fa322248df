import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { MarathonProcess } from './support/marathon.js';

/** A tiny HTTP server on $PORT0: the health check's target. */
const SERVER = `${process.execPath} -e "require('http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT0))"`;

function app(cmd: string): Record<string, unknown> {
  return {
    id: '/svc',
    cmd,
    instances: 4,
    cpus: 0.1,
    mem: 32,
    upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
    healthChecks: [
      {
        protocol: 'MESOS_HTTP',
        portIndex: 0,
        // Each new instance takes a few seconds to count: the restart is still running when its leader dies.
        delaySeconds: 2,
        intervalSeconds: 2,
        timeoutSeconds: 1,
        gracePeriodSeconds: 30,
        maxConsecutiveFailures: 3,
      },
    ],
  };
}

type Task = { id: string; version: string; state: string; healthCheckResults: { alive: boolean }[] };

describe('two Marathons: the follower proxies, and takes over a rolling restart when the leader is killed', () => {
  let cluster: Cluster;
  let leader: MarathonProcess;
  let follower: MarathonProcess;

  beforeAll(async () => {
    cluster = await Cluster.start({ leaderLeaseMs: 5000 });
    leader = await MarathonProcess.start(cluster, { name: 'marathon-a' });
    follower = await MarathonProcess.start(cluster, { name: 'marathon-b', waitLeader: false });
  });

  afterAll(async () => {
    await follower?.stop();
    await leader?.stop();
    await cluster?.stop();
  });

  it('the follower names the leader and forwards the API to it', async () => {
    const named = await waitFor(
      async () => {
        const answer = await follower.rest<{ leader: string }>('GET', '/v2/leader');
        return answer.status === 200 ? answer.body.leader : undefined;
      },
      { timeoutMs: 10_000, what: 'the follower to know the leader' },
    );
    expect(named).toBe(`127.0.0.1:${leader.httpPort}`);
    const created = await follower.rest('POST', '/v2/apps', app(`${SERVER} # v1`));
    expect(created.status).toBe(201);
    expect(created.headers.get('x-marathon-leader')).toBe(`http://127.0.0.1:${leader.httpPort}`);
    await follower.waitApp('/svc', (a) => a['tasksHealthy'] === 4, '4 healthy instances, read through the follower');
    await follower.waitNoDeployments();
  });

  it('kill -9 of the leader mid-restart: the follower finishes it, no instance lost, none launched twice', async () => {
    const before = await leader.app('/svc');
    const oldIds = new Set(before.tasks.map((task) => String(task['id'])));
    const restart = await leader.rest<{ deploymentId: string; version: string }>('PUT', '/v2/apps/svc', {
      cmd: `${SERVER} # v2`,
    });
    expect(restart.status).toBe(200);
    // Mid-deployment: at least one new instance launched, the deployment not finished.
    await leader.waitApp(
      '/svc',
      (a) => a.tasks.some((task) => task['version'] === restart.body.version),
      'the restart to launch its first new instance',
    );
    expect((await leader.rest<unknown[]>('GET', '/v2/deployments')).body).toHaveLength(1);
    await leader.kill();
    const killedAt = Date.now();

    await follower.waitLeader(60_000);
    const tookOverMs = Date.now() - killedAt;
    console.log(`follower leading ${tookOverMs} ms after kill -9 of the leader`);
    await waitFor(
      async () => {
        const answer = await follower.rest<{ leader: string }>('GET', '/v2/leader');
        return answer.body.leader === `127.0.0.1:${follower.httpPort}`;
      },
      { timeoutMs: 10_000, what: 'the follower to name itself leader' },
    );
    await follower.waitNoDeployments(90_000);
    const after = await follower.waitApp(
      '/svc',
      (a) => a['tasksHealthy'] === 4 && a.tasks.every((task) => task['version'] === restart.body.version),
      '4 healthy instances of the new version',
    );
    const tasks = after.tasks as unknown as Task[];
    expect(tasks).toHaveLength(4);
    expect(tasks.some((task) => oldIds.has(task.id))).toBe(false);
    const instanceIds = tasks.map((task) => task.id.slice(0, task.id.lastIndexOf('.')));
    expect(new Set(instanceIds).size).toBe(4);
    // The master agrees: exactly 4 of Marathon's tasks run, no orphan launched by either leader.
    const running = await waitFor(
      async () => {
        const all = await cluster.tasks();
        const live = all.filter(
          (record) => record.task?.taskId?.value.startsWith('svc.') && record.status?.state === 'TASK_RUNNING',
        );
        return live.length === 4 ? live : undefined;
      },
      { timeoutMs: 30_000, what: 'the master to list exactly 4 running tasks of /svc' },
    );
    expect(running.map((record) => record.task?.taskId?.value).sort()).toEqual(tasks.map((task) => task.id).sort());
  });
});
