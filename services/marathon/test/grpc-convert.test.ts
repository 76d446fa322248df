import { decodeMessage, encodeMessage, type v1 } from '@tessera/proto';
import { describe, expect, it } from 'vitest';
import type { AppStatusJson, InfoJson, TaskJson } from '../src/api.js';
import { ValidationFailedError } from '../src/api.js';
import { appToJson, groupToJson, type AppJson, type QueueItemJson } from '../src/core/index.js';
import {
  appFromProto,
  appStatusToProto,
  appToProto,
  groupFromProto,
  groupToProto,
  infoToProto,
  queueEntryToProto,
  taskToProto,
} from '../src/grpc/convert.js';
import { app as parsedApp, group as parsedGroup, NOW } from './fixtures.js';

/** The message as a server receives it: through the wire codec, defaults filled in (the runtime's options). */
function received<T>(typeName: string, message: object): T {
  return decodeMessage<T>(typeName, encodeMessage(typeName, message));
}
const receivedApp = (app: v1.App): v1.App__Output => received('tessera.v1.App', app);

/** Proto → Marathon JSON → the validation path → Marathon JSON → proto, as through the service and back. */
function roundTrip(app: v1.App): v1.App__Output {
  return receivedApp(appToProto(appToJson(parsedApp(appFromProto(receivedApp(app))))));
}

/** Every field set to something other than its default. */
const fullApp: v1.App = {
  id: '/prod/web',
  cmd: './serve --port $PORT0',
  instances: 3,
  cpus: 0.5,
  mem: 256,
  disk: 64,
  gpus: 1,
  env: { MODE: 'production' },
  labels: { team: 'web' },
  user: 'www',
  portDefinitions: [
    { port: 0, protocol: 'tcp', name: 'http', labels: { public: 'yes' } },
    { port: 10443, protocol: 'udp,tcp', name: 'admin', labels: {} },
  ],
  requirePorts: true,
  fetch: [{ uri: 'https://artifacts.example.org/web/serve-2.tgz', executable: false, extract: true, cache: true }],
  constraints: [
    { field: 'hostname', operator: 'UNIQUE' },
    { field: 'rack', operator: 'GROUP_BY', value: '3' },
  ],
  acceptedResourceRoles: ['*'],
  healthChecks: [
    {
      protocol: 'MESOS_HTTP',
      path: '/health',
      portIndex: 1,
      command: '',
      gracePeriodSeconds: 30,
      intervalSeconds: 10,
      timeoutSeconds: 5,
      maxConsecutiveFailures: 2,
      delaySeconds: 3,
      ignoreHttp1xx: true,
    },
    {
      protocol: 'COMMAND',
      command: 'test -f ready',
      gracePeriodSeconds: 60,
      intervalSeconds: 20,
      timeoutSeconds: 4,
      maxConsecutiveFailures: 1,
      delaySeconds: 0,
      ignoreHttp1xx: false,
    },
  ],
  readinessChecks: [
    {
      name: 'ready',
      protocol: 'HTTPS',
      path: '/ready',
      portName: 'http',
      intervalSeconds: 15,
      timeoutSeconds: 5,
      httpStatusCodesForReady: [200, 204],
      preserveLastResponse: true,
    },
  ],
  upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
  backoffSeconds: 2,
  backoffFactor: 1.5,
  maxLaunchDelaySeconds: 60,
  dependencies: ['/prod/db'],
  killSelection: 'OLDEST_FIRST',
  unreachableStrategy: { disabled: false, inactiveAfterSeconds: 60, expungeAfterSeconds: 600 },
  taskKillGracePeriodSeconds: 7.5,
  role: 'marathon',
};

describe('appFromProto: the proto App as Marathon JSON', () => {
  it('names every field of a full app as Marathon does, and the validation path accepts it', () => {
    const json = appFromProto(receivedApp(fullApp));
    expect(json).toEqual({
      id: '/prod/web',
      cmd: './serve --port $PORT0',
      instances: 3,
      cpus: 0.5,
      mem: 256,
      disk: 64,
      gpus: 1,
      env: { MODE: 'production' },
      labels: { team: 'web' },
      user: 'www',
      portDefinitions: [
        { port: 0, protocol: 'tcp', name: 'http', labels: { public: 'yes' } },
        { port: 10443, protocol: 'udp,tcp', name: 'admin' },
      ],
      requirePorts: true,
      fetch: [{ uri: 'https://artifacts.example.org/web/serve-2.tgz', extract: true, cache: true }],
      constraints: [
        ['hostname', 'UNIQUE'],
        ['rack', 'GROUP_BY', '3'],
      ],
      acceptedResourceRoles: ['*'],
      healthChecks: [
        {
          protocol: 'MESOS_HTTP',
          path: '/health',
          portIndex: 1,
          gracePeriodSeconds: 30,
          intervalSeconds: 10,
          timeoutSeconds: 5,
          maxConsecutiveFailures: 2,
          delaySeconds: 3,
          ignoreHttp1xx: true,
        },
        {
          protocol: 'COMMAND',
          command: { value: 'test -f ready' },
          gracePeriodSeconds: 60,
          intervalSeconds: 20,
          timeoutSeconds: 4,
          maxConsecutiveFailures: 1,
          delaySeconds: 0,
        },
      ],
      readinessChecks: [
        {
          name: 'ready',
          protocol: 'HTTPS',
          path: '/ready',
          portName: 'http',
          intervalSeconds: 15,
          timeoutSeconds: 5,
          httpStatusCodesForReady: [200, 204],
          preserveLastResponse: true,
        },
      ],
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
      backoffSeconds: 2,
      backoffFactor: 1.5,
      maxLaunchDelaySeconds: 60,
      dependencies: ['/prod/db'],
      killSelection: 'OLDEST_FIRST',
      unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 600 },
      taskKillGracePeriodSeconds: 7.5,
      role: 'marathon',
    });
  });

  it('sends only id and cmd for an app that sets only id and cmd, so that Marathon’s defaults apply', () => {
    const json = appFromProto(receivedApp({ id: '/web', cmd: 'sleep 1000' }));
    expect(json).toStrictEqual({ id: '/web', cmd: 'sleep 1000' });
  });

  it('sends zeros that a proto3 optional field sets (instances 0 is a suspended app, not the default 1)', () => {
    const json = appFromProto(receivedApp({ id: '/web', cmd: 'x', instances: 0, cpus: 0, disk: 0 }));
    expect(json).toStrictEqual({ id: '/web', cmd: 'x', instances: 0, cpus: 0, disk: 0 });
  });

  it.each([
    { name: 'without value', constraint: { field: 'hostname', operator: 'UNIQUE' }, json: ['hostname', 'UNIQUE'] },
    {
      name: 'with value',
      constraint: { field: 'rack', operator: 'GROUP_BY', value: '3' },
      json: ['rack', 'GROUP_BY', '3'],
    },
    {
      name: 'with an empty value (set, so sent)',
      constraint: { field: 'rack', operator: 'LIKE', value: '' },
      json: ['rack', 'LIKE', ''],
    },
  ])('writes a constraint $name as Marathon’s array, and reads it back', ({ constraint, json }) => {
    const sent = appFromProto(receivedApp({ id: '/web', cmd: 'x', constraints: [constraint] }));
    expect(sent['constraints']).toEqual([json]);
    const app = { ...parsedAppJson(), constraints: [json] };
    expect(appToProto(app).constraints).toEqual([constraint]);
  });

  it.each([
    { name: 'no_ports as an explicit empty list', app: { noPorts: true }, json: { portDefinitions: [] } },
    {
      name: 'unreachable_strategy disabled as "disabled"',
      app: { unreachableStrategy: { disabled: true, inactiveAfterSeconds: 5, expungeAfterSeconds: 9 } },
      json: { unreachableStrategy: 'disabled' },
    },
    {
      name: 'kill_selection YOUNGEST_FIRST by name',
      app: { killSelection: 'YOUNGEST_FIRST' },
      json: { killSelection: 'YOUNGEST_FIRST' },
    },
    {
      name: 'a fetch URI’s extract false when set',
      app: { fetch: [{ uri: 'https://a/b.sh', extract: false }] },
      json: { fetch: [{ uri: 'https://a/b.sh', extract: false }] },
    },
  ] satisfies { name: string; app: Partial<v1.App>; json: Record<string, unknown> }[])(
    'writes $name',
    ({ app, json }) => {
      expect(appFromProto(receivedApp({ id: '/web', cmd: 'x', ...app }))).toStrictEqual({
        id: '/web',
        cmd: 'x',
        ...json,
      });
    },
  );

  it('refuses no_ports beside port definitions (the JSON could not say both), on path /portDefinitions', () => {
    const convert = () =>
      appFromProto(receivedApp({ id: '/web', cmd: 'x', noPorts: true, portDefinitions: [{ port: 80 }] }));
    expect(convert).toThrow(ValidationFailedError);
    expect(() => convert()).toThrow(/\/portDefinitions: no_ports is set/);
  });

  it('puts a refused app’s path under its place in a group', () => {
    const group: v1.Group = {
      id: '/prod',
      apps: [{ id: 'ok', cmd: 'x' }],
      groups: [{ id: 'inner', apps: [{ id: 'bad', cmd: 'x', noPorts: true, portDefinitions: [{ port: 80 }] }] }],
    };
    try {
      groupFromProto(received('tessera.v1.Group', group));
      expect.fail('accepted');
    } catch (error) {
      expect((error as ValidationFailedError).problems).toEqual([
        { path: '/groups(0)/apps(0)/portDefinitions', errors: ['no_ports is set, so port_definitions must be empty'] },
      ]);
    }
  });
});

describe('round trips: proto → JSON → the validation path → JSON → proto', () => {
  it('gives a full app back unchanged, with the version the validation gave it', () => {
    expect(roundTrip(fullApp)).toEqual(
      receivedApp({ ...fullApp, version: NOW, versionInfo: { lastScalingAt: NOW, lastConfigChangeAt: NOW } }),
    );
  });

  it('gives an app of only id and cmd back with Marathon’s defaults, every field set', () => {
    const back = roundTrip({ id: '/web', cmd: 'sleep 1000' });
    expect(back).toMatchObject({
      id: '/web',
      cmd: 'sleep 1000',
      args: [],
      instances: 1,
      cpus: 1,
      mem: 128,
      disk: 0,
      gpus: 0,
      portDefinitions: [{ port: 0, protocol: 'tcp', name: 'default', labels: {} }],
      noPorts: false,
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      backoffSeconds: 1,
      backoffFactor: 1.15,
      maxLaunchDelaySeconds: 300,
      killSelection: 'YOUNGEST_FIRST',
      unreachableStrategy: { disabled: false, inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
      role: 'marathon',
      version: NOW,
    });
    expect(back.taskKillGracePeriodSeconds).toBeUndefined();
    // Read back and sent again, the defaults are the same app.
    expect(roundTrip(back)).toEqual(back);
  });

  it('keeps an app without ports without ports', () => {
    const back = roundTrip({ id: '/worker', args: ['./work', '--forever'], noPorts: true });
    expect(back.portDefinitions).toEqual([]);
    expect(back.noPorts).toBe(true);
    expect(back.args).toEqual(['./work', '--forever']);
    expect(back.cmd).toBeUndefined();
  });

  it('keeps a disabled unreachable strategy disabled', () => {
    const back = roundTrip({
      id: '/web',
      cmd: 'x',
      unreachableStrategy: { disabled: true, inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
    });
    expect(back.unreachableStrategy).toEqual({ disabled: true, inactiveAfterSeconds: 0, expungeAfterSeconds: 0 });
  });

  it('gives a group with nested groups and apps back', () => {
    const group: v1.Group = {
      id: '/prod',
      apps: [{ id: 'api', cmd: 'x' }],
      groups: [{ id: 'db', apps: [{ id: 'mongo', cmd: 'mongod' }] }],
      dependencies: [],
    };
    const json = groupFromProto(received('tessera.v1.Group', group));
    const back = received<v1.Group__Output>('tessera.v1.Group', groupToProto(groupToJson(parsedGroup(json))));
    expect(back.apps.map((app) => app.id)).toEqual(['/prod/api']);
    expect(back.groups.map((child) => [child.id, child.apps.map((app) => app.id)])).toEqual([
      ['/prod/db', ['/prod/db/mongo']],
    ]);
    expect(back.version).toBe(NOW);
  });
});

/** A parsed app's JSON, for the answers' tests. */
function parsedAppJson(): AppJson {
  return appToJson(parsedApp({ id: '/prod/web', cmd: 'x', healthChecks: [{ protocol: 'TCP' }] }));
}

describe('answers: Marathon JSON → proto', () => {
  const task: TaskJson = {
    id: 'prod.web.instance-4f1c.2',
    appId: '/prod/web',
    host: 'agent-1.example.org',
    slaveId: 'agent-1',
    ports: [31001],
    servicePorts: [10000],
    state: 'TASK_RUNNING',
    stagedAt: '2026-03-01T12:00:01.000Z',
    startedAt: null,
    version: NOW,
    healthCheckResults: [
      {
        alive: true,
        consecutiveFailures: 0,
        firstSuccess: '2026-03-01T12:00:05.000Z',
        lastFailure: null,
        lastSuccess: '2026-03-01T12:00:05.000Z',
        lastFailureCause: null,
        instanceId: 'prod.web.instance-4f1c',
      },
    ],
    ipAddresses: [{ ipAddress: '10.0.0.1', protocol: 'IPv4' }],
  };

  it('answers a task with its instance id read from the task id, null times as ""', () => {
    expect(taskToProto(task)).toEqual({
      id: 'prod.web.instance-4f1c.2',
      appId: '/prod/web',
      instanceId: 'prod.web.instance-4f1c',
      agentId: 'agent-1',
      host: 'agent-1.example.org',
      ports: [31001],
      servicePorts: [10000],
      state: 'TASK_RUNNING',
      stagedAt: '2026-03-01T12:00:01.000Z',
      startedAt: '',
      version: NOW,
      healthCheckResults: [
        {
          alive: true,
          consecutiveFailures: 0,
          firstSuccess: '2026-03-01T12:00:05.000Z',
          lastSuccess: '2026-03-01T12:00:05.000Z',
          lastFailure: '',
          lastFailureCause: '',
        },
      ],
    });
    expect(taskToProto({ ...task, id: 'not-ours' }).instanceId).toBe('');
  });

  it('answers an app’s status with its counts, deployment ids, tasks and launch delay', () => {
    const status: AppStatusJson = {
      ...parsedAppJson(),
      tasksStaged: 1,
      tasksRunning: 2,
      tasksHealthy: 2,
      tasksUnhealthy: 0,
      deployments: [{ id: 'd-1' }],
      tasks: [task],
    };
    const answer = appStatusToProto(status, { timeLeftSeconds: 12, overdue: false });
    expect(answer).toMatchObject({
      app: { id: '/prod/web', cmd: 'x', healthChecks: [{ protocol: 'TCP', portIndex: 0, command: '' }] },
      tasksStaged: 1,
      tasksRunning: 2,
      tasksHealthy: 2,
      tasksUnhealthy: 0,
      deploymentIds: ['d-1'],
      delay: { timeLeftSeconds: 12, overdue: false },
    });
    expect(answer.tasks).toHaveLength(1);
    // Without embedded tasks and outside the queue: no tasks, no delay.
    const { tasks: _tasks, ...withoutTasks } = status;
    const plain = appStatusToProto(withoutTasks);
    expect(plain.tasks).toEqual([]);
    expect(plain).not.toHaveProperty('delay');
  });

  it('answers a queue entry with the offer summary flattened', () => {
    const item: QueueItemJson<AppJson> = {
      app: parsedAppJson(),
      count: 2,
      delay: { timeLeftSeconds: 0, overdue: true },
      since: NOW,
      processedOffersSummary: {
        processedOffersCount: 7,
        unusedOffersCount: 5,
        lastUnusedOfferAt: '2026-03-01T12:01:00.000Z',
        rejectSummaryLastOffers: [{ reason: 'InsufficientCpus', declined: 3, processed: 5 }],
        rejectSummaryLaunchAttempt: [{ reason: 'InsufficientMemory', declined: 2, processed: 7 }],
      },
    };
    expect(queueEntryToProto(item)).toEqual({
      appId: '/prod/web',
      count: 2,
      delay: { timeLeftSeconds: 0, overdue: true },
      since: NOW,
      processedOffersCount: 7,
      unusedOffersCount: 5,
      lastUnusedOfferAt: '2026-03-01T12:01:00.000Z',
      lastUsedOfferAt: '',
      rejectSummaryLastOffers: [{ reason: 'InsufficientCpus', declined: 3, processed: 5 }],
      rejectSummaryLaunchAttempt: [{ reason: 'InsufficientMemory', declined: 2, processed: 7 }],
    });
  });

  it('answers /v2/info with master and role from marathon_config under Marathon’s names', () => {
    const info: InfoJson = {
      name: 'marathon',
      version: '1.12.0-tessera',
      buildref: 'abc',
      elected: true,
      leader: '10.0.0.5:8080',
      frameworkId: null,
      marathon_config: { master: '10.0.0.2:5050', mesos_role: 'marathon' },
      http_config: {},
    };
    expect(infoToProto(info)).toEqual({
      name: 'marathon',
      version: '1.12.0-tessera',
      frameworkId: '',
      instanceId: '',
      elected: true,
      leader: '10.0.0.5:8080',
      master: '10.0.0.2:5050',
      role: 'marathon',
    });
  });
});
