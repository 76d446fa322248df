import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { status as grpcStatus } from '@grpc/grpc-js';
import { call, marathonClient } from '@tessera/client';
import { decodeMessage, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { MarathonProcess, type SseEvent } from './support/marathon.js';

const run = promisify(execFile);

/** A tiny HTTP server on $PORT0 that answers 200 to every request: the health check's target. */
const SERVER = `${process.execPath} -e "require('http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT0))"`;

function webApp(id: string, instances: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    cmd: SERVER,
    instances,
    cpus: 0.1,
    mem: 32,
    healthChecks: [
      {
        protocol: 'MESOS_HTTP',
        path: '/',
        portIndex: 0,
        gracePeriodSeconds: 30,
        // A loaded machine may answer a local request slowly: a check that times out would count as a health drop.
        intervalSeconds: 3,
        timeoutSeconds: 2,
        delaySeconds: 0,
        maxConsecutiveFailures: 3,
      },
    ],
    ...extra,
  };
}

const ACTIVE = new Set(['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING']);

/** The instance a task belongs to: "<instance id>.<incarnation>". */
const instanceOfTask = (taskId: string): string => taskId.slice(0, taskId.lastIndexOf('.'));

/** Healthy and active instance counts of `appId` after each event, from the event stream alone. */
function capacityTrace(events: readonly SseEvent[], appId: string): { healthy: number; total: number }[] {
  const state = new Map<string, string>();
  const alive = new Map<string, boolean>();
  const trace: { healthy: number; total: number }[] = [];
  for (const { eventType, data } of events) {
    if (data['appId'] !== appId) continue;
    if (eventType === 'status_update_event') {
      state.set(instanceOfTask(String(data['taskId'])), String(data['taskStatus']));
    } else if (eventType === 'health_status_changed_event') {
      alive.set(String(data['instanceId']), data['alive'] === true);
    } else continue;
    let healthy = 0;
    let total = 0;
    for (const [instanceId, taskState] of state) {
      if (!ACTIVE.has(taskState)) continue;
      total += 1;
      if (taskState === 'TASK_RUNNING' && alive.get(instanceId) === true) healthy += 1;
    }
    trace.push({ healthy, total });
  }
  return trace;
}

describe('Marathon end to end: apps deployed, kept healthy and replaced', () => {
  let cluster: Cluster;
  let marathon: MarathonProcess;
  let nats: NatsConnection;
  const facts: { subject: string; type: string | undefined; event: v1.MarathonEvent__Output }[] = [];

  beforeAll(async () => {
    cluster = await Cluster.start({ leaderLeaseMs: 5000 });
    nats = await connect({ servers: cluster.nats.url });
    nats.subscribe('tessera.marathon.>', {
      callback: (_error, message) =>
        facts.push({
          subject: message.subject,
          type: message.headers?.get('tessera-type'),
          event: decodeMessage<v1.MarathonEvent__Output>('tessera.v1.MarathonEvent', message.data),
        }),
    });
    marathon = await MarathonProcess.start(cluster);
  });

  afterAll(async () => {
    await nats?.close();
    await marathon?.stop();
    await cluster?.stop();
  });

  it('POST an app with 3 instances and an HTTP health check → 3 healthy instances', async () => {
    const created = await marathon.rest<Record<string, unknown>>('POST', '/v2/apps', webApp('/prod/web', 3));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toContain('/v2/apps/prod/web');
    const deployment = created.headers.get('marathon-deployment-id');
    expect(deployment).toBeTruthy();
    expect(created.body['id']).toBe('/prod/web');
    const app = await marathon.waitApp('/prod/web', (a) => a['tasksHealthy'] === 3, '3 healthy instances');
    expect(app['tasksRunning']).toBe(3);
    expect(app.tasks).toHaveLength(3);
    for (const task of app.tasks) {
      const port = (task['ports'] as number[])[0];
      const answer = await fetch(`http://127.0.0.1:${port}/`);
      expect(await answer.text()).toBe('ok');
    }
    await marathon.waitNoDeployments();
    // The same events are facts on NATS.
    const fact = await waitFor(
      () =>
        facts.find((f) => f.subject === 'tessera.marathon.deployment_success' && f.event.deploymentId === deployment),
      { timeoutMs: 10_000, what: 'the deployment_success fact on NATS' },
    );
    expect(fact.type).toBe('tessera.v1.MarathonEvent');
    expect(JSON.parse(fact.event.json)).toMatchObject({ eventType: 'deployment_success', id: deployment });
    expect(
      facts.some((f) => f.subject === 'tessera.marathon.status_update_event' && f.event.appId === '/prod/web'),
    ).toBe(true);
  });

  it('a rolling restart keeps ≥ 2 healthy and ≤ 3 in total, and ends with 3 new instances', async () => {
    const stream = marathon.events(['status_update_event', 'health_status_changed_event', 'deployment_success']);
    await stream.opened;
    const before = await marathon.app('/prod/web');
    const oldTasks = new Set(before.tasks.map((task) => String(task['id'])));
    const changed = await marathon.rest<{ deploymentId: string; version: string }>(
      'PUT',
      '/v2/apps/prod/web',
      webApp('/prod/web', 3, {
        cmd: `${SERVER} # v2`,
        upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
      }),
    );
    expect(changed.status).toBe(200);
    const deploymentId = changed.body.deploymentId;
    await waitFor(
      () => stream.received.some((e) => e.eventType === 'deployment_success' && e.data['id'] === deploymentId),
      { timeoutMs: 90_000, intervalMs: 200, what: 'the restart to succeed' },
    );
    stream.close();
    const app = await marathon.waitApp('/prod/web', (a) => a['tasksHealthy'] === 3, '3 healthy new instances');
    expect(app.tasks).toHaveLength(3);
    for (const task of app.tasks) {
      expect(oldTasks.has(String(task['id']))).toBe(false);
      expect(task['version']).toBe(changed.body.version);
    }
    // The bounds, observed from the event stream (starting with 3 healthy old instances).
    const trace = capacityTrace(
      [
        ...before.tasks.flatMap((task): SseEvent[] => [
          {
            eventType: 'status_update_event',
            data: { appId: '/prod/web', taskId: task['id'], taskStatus: 'TASK_RUNNING' },
          },
          {
            eventType: 'health_status_changed_event',
            data: { appId: '/prod/web', instanceId: instanceOfTask(String(task['id'])), alive: true },
          },
        ]),
        ...stream.received,
      ],
      '/prod/web',
    ).slice(6);
    expect(trace.length).toBeGreaterThan(6);
    for (const point of trace) {
      expect(point.total).toBeLessThanOrEqual(3);
      expect(point.healthy).toBeGreaterThanOrEqual(2);
    }
  });

  it('an instance whose process is killed is replaced', async () => {
    const app = await marathon.app('/prod/web');
    const victim = app.tasks[0] as Record<string, unknown>;
    const port = (victim['ports'] as number[])[0] as number;
    // The process listening on the victim's port: kill -9 it.
    const { stdout } = await run('sh', ['-c', `ss -Htlnp 'sport = :${port}' | grep -o 'pid=[0-9]*' | head -1`]);
    const pid = Number(stdout.trim().replace('pid=', ''));
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    const replaced = await marathon.waitApp(
      '/prod/web',
      (a) => a['tasksHealthy'] === 3 && !a.tasks.some((task) => task['id'] === victim['id']),
      'the killed instance to be replaced',
    );
    expect(replaced.tasks).toHaveLength(3);
  });

  it('an app that always exits is relaunched with a growing launch delay, shown by /v2/queue', async () => {
    const created = await marathon.rest('POST', '/v2/apps', {
      id: '/crashy',
      cmd: 'exit 1',
      cpus: 0.1,
      mem: 16,
      backoffSeconds: 1,
      backoffFactor: 2,
      maxLaunchDelaySeconds: 60,
    });
    expect(created.status).toBe(201);
    type Queue = { queue: { app: { id: string }; delay: { timeLeftSeconds: number; overdue: boolean } }[] };
    const delayOf = async (): Promise<number | undefined> => {
      const answer = await marathon.rest<Queue>('GET', '/v2/queue');
      return answer.body.queue.find((entry) => entry.app.id === '/crashy')?.delay.timeLeftSeconds;
    };
    // 1 s after the first failure, then 2 s, 4 s: a delay above backoffSeconds shows the factor at work.
    const grown = await waitFor(
      async () => {
        const left = await delayOf();
        return left !== undefined && left > 1 ? left : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the launch delay to grow past backoffSeconds' },
    );
    expect(grown).toBeGreaterThan(1);
    expect(grown).toBeLessThanOrEqual(60);
    const reset = await marathon.rest('DELETE', '/v2/queue/crashy/delay');
    expect(reset.status).toBe(204);
    const removed = await marathon.rest('DELETE', '/v2/apps/crashy');
    expect(removed.status).toBe(200);
  });

  it('refuses bad input with 422 and details, changing nothing', async () => {
    const cases: [string, unknown][] = [
      ['invalid JSON', '{"id": "/bad", "cmd": '],
      ['a Docker container', { id: '/bad', cmd: 'true', container: { type: 'DOCKER', docker: { image: 'nginx' } } }],
      ['negative instances', { id: '/bad', cmd: 'true', instances: -1 }],
      ['a bad constraint operator', { id: '/bad', cmd: 'true', constraints: [['hostname', 'SOMETIMES']] }],
    ];
    for (const [what, body] of cases) {
      const answer = await marathon.rest<{ message: string; details: { path: string; errors: string[] }[] }>(
        'POST',
        '/v2/apps',
        body,
      );
      expect(answer.status, what).toBe(422);
      expect(answer.body.details.length, what).toBeGreaterThan(0);
      expect(answer.body.details[0]?.errors.length, what).toBeGreaterThan(0);
    }
    expect((await marathon.rest('GET', '/v2/apps/bad')).status).toBe(404);
  });

  it('a change during a deployment gets 409 naming it; with force=true it is accepted', async () => {
    // Unfittable instances keep the deployment running.
    const first = await marathon.rest<{ deploymentId: string }>('PUT', '/v2/apps/prod/web', {
      ...webApp('/prod/web', 3),
      cpus: 100,
    });
    expect(first.status).toBe(200);
    const locked = await marathon.rest<{ message: string; deployments: { id: string }[] }>(
      'PUT',
      '/v2/apps/prod/web',
      webApp('/prod/web', 2),
    );
    expect(locked.status).toBe(409);
    expect(locked.body.deployments.map((d) => d.id)).toContain(first.body.deploymentId);
    const forced = await marathon.rest('PUT', '/v2/apps/prod/web?force=true', webApp('/prod/web', 2));
    expect(forced.status).toBe(200);
    await marathon.waitApp('/prod/web', (a) => a['tasksHealthy'] === 2 && a.tasks.length === 2, '2 healthy instances');
    await marathon.waitNoDeployments();
  });

  it('the gRPC API (tessera.v1.Marathon) answers the same state, and refuses an invalid app with its problems', async () => {
    const client = marathonClient(`127.0.0.1:${marathon.grpcPort}`);
    try {
      const answer = await call<v1.GetAppRequest, v1.GetAppResponse__Output>(client.GetApp.bind(client), {
        appId: '/prod/web',
      });
      expect(answer.app?.app?.id).toBe('/prod/web');
      expect(answer.app?.tasksRunning).toBeGreaterThan(0);
      const refused = await call<v1.CreateAppRequest, v1.DeploymentResult__Output>(client.CreateApp.bind(client), {
        app: { id: '/bad-grpc', cmd: 'true', cpus: -1 },
      }).then(
        () => undefined,
        (error: unknown) => error as { code: number; metadata: { get(key: string): unknown[] } },
      );
      expect(refused?.code).toBe(grpcStatus.INVALID_ARGUMENT);
      const problems = decodeMessage<v1.ValidationProblems__Output>(
        'tessera.v1.ValidationProblems',
        refused?.metadata.get('tessera-problems-bin')[0] as Uint8Array,
      );
      expect(problems.details.map((problem) => problem.path)).toContain('/cpus');
      expect((await marathon.rest('GET', '/v2/apps/bad-grpc')).status).toBe(404);
    } finally {
      client.close();
    }
  });

  it('a plain curl of /v2/events receives the deployment events', async () => {
    const curl = execFile('curl', ['-sN', `${marathon.baseUrl}/v2/events`]);
    let output = '';
    curl.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('event_stream_attached'), { timeoutMs: 10_000, what: 'curl to attach' });
    const scaled = await marathon.rest('PUT', '/v2/apps/prod/web', webApp('/prod/web', 1));
    expect(scaled.status).toBe(200);
    await waitFor(() => output.includes('event: deployment_success'), {
      timeoutMs: 30_000,
      what: 'curl to receive deployment_success',
    });
    curl.kill();
    expect(output).toContain('event: deployment_info');
  });

  it('DELETE /v2/apps/{id} stops the app: its tasks end', async () => {
    const removed = await marathon.rest('DELETE', '/v2/apps/prod/web');
    expect(removed.status).toBe(200);
    await marathon.waitNoDeployments();
    expect((await marathon.rest('GET', '/v2/apps/prod/web')).status).toBe(404);
    const tasks = await marathon.rest<{ tasks: unknown[] }>('GET', '/v2/tasks');
    expect(tasks.body.tasks).toHaveLength(0);
  });
});
