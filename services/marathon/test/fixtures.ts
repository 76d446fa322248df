/**
 * App and group JSON of the kinds Marathon's documentation shows, written for
 * these tests, and helpers to parse them with a fixed clock.
 */
import { expect } from 'vitest';
import {
  parseApp,
  parseGroup,
  type AppDefinition,
  type Group,
  type ParseAppResult,
  type ValidationProblem,
} from '../src/core/index.js';

export const NOW = '2026-03-01T12:00:00.000Z';
export const LATER = '2026-03-01T12:05:00.000Z';
export const DEFAULT_ROLE = 'marathon';

export const options = (nowVersion = NOW, baseGroup = '/') => ({ baseGroup, nowVersion, defaultRole: DEFAULT_ROLE });

export function parse(json: unknown, nowVersion = NOW, baseGroup = '/'): ParseAppResult {
  return parseApp(json, options(nowVersion, baseGroup));
}

/** The parsed app; fails the test with the problems when refused. */
export function app(json: unknown, nowVersion = NOW, baseGroup = '/'): AppDefinition {
  const result = parse(json, nowVersion, baseGroup);
  if (!result.ok) expect.fail(`refused: ${JSON.stringify(result.problems)}`);
  return result.app;
}

/** The problems of refused JSON; fails the test when it is accepted. */
export function problemsOf(json: unknown, nowVersion = NOW, baseGroup = '/'): readonly ValidationProblem[] {
  const result = parse(json, nowVersion, baseGroup);
  if (result.ok) expect.fail(`accepted: ${JSON.stringify(result.app)}`);
  return result.problems;
}

export function group(json: unknown, nowVersion = NOW, baseGroup = '/'): Group {
  const result = parseGroup(json, options(nowVersion, baseGroup));
  if (!result.ok) expect.fail(`refused: ${JSON.stringify(result.problems)}`);
  return result.group;
}

/** Python's http.server on the first port, checked over HTTP on $PORT0. */
export const pythonWebServer = {
  id: '/demo/python-web',
  cmd: 'python3 -m http.server $PORT0',
  cpus: 0.25,
  mem: 64,
  instances: 2,
  healthChecks: [
    {
      protocol: 'HTTP',
      path: '/',
      portIndex: 0,
      gracePeriodSeconds: 30,
      intervalSeconds: 10,
      timeoutSeconds: 5,
      maxConsecutiveFailures: 3,
    },
  ],
};

/** Two dynamic ports the legacy way, artifacts the legacy way, one instance per host. */
export const echoPair = {
  id: 'tools/echo-pair',
  cmd: 'tar -xzf serve-1.4.tgz && ./serve --tcp $PORT0 --admin $PORT1',
  cpus: 0.5,
  mem: 96,
  instances: 3,
  ports: [0, 0],
  uris: ['https://artifacts.example.org/echo/serve-1.4.tgz', 'https://artifacts.example.org/echo/NOTES.txt'],
  constraints: [['hostname', 'UNIQUE']],
};

/** What Marathon 1.x answers to GET /v2/apps/{id} for a command app, status fields and nulls included. */
export const marathonGetAnswer = {
  id: '/prod/billing/api',
  acceptedResourceRoles: ['*'],
  backoffFactor: 1.15,
  backoffSeconds: 1,
  cmd: 'java -jar billing-api.jar --port $PORT0',
  args: null,
  constraints: [['rack', 'GROUP_BY', '3']],
  container: null,
  cpus: 1.5,
  dependencies: ['/prod/billing/db'],
  disk: 0,
  env: { JAVA_OPTS: '-Xmx768m', BILLING_ENV: 'production' },
  executor: '',
  fetch: [
    { uri: 'https://artifacts.example.org/billing/billing-api.jar', extract: false, executable: false, cache: true },
  ],
  gpus: 0,
  healthChecks: [
    {
      gracePeriodSeconds: 120,
      ignoreHttp1xx: false,
      intervalSeconds: 20,
      maxConsecutiveFailures: 5,
      path: '/health',
      portIndex: 0,
      protocol: 'MESOS_HTTP',
      timeoutSeconds: 10,
      delaySeconds: 15,
    },
  ],
  instances: 4,
  ipAddress: null,
  killSelection: 'YOUNGEST_FIRST',
  labels: { team: 'billing' },
  maxLaunchDelaySeconds: 300,
  mem: 1024,
  networks: [{ mode: 'host' }],
  portDefinitions: [{ port: 10101, protocol: 'tcp', name: 'http', labels: {} }],
  ports: [10101],
  readinessChecks: [],
  requirePorts: false,
  residency: null,
  role: 'marathon',
  secrets: {},
  storeUrls: [],
  taskKillGracePeriodSeconds: null,
  tasksHealthy: 4,
  tasksRunning: 4,
  tasksStaged: 0,
  tasksUnhealthy: 0,
  unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
  upgradeStrategy: { maximumOverCapacity: 0.5, minimumHealthCapacity: 0.75 },
  uris: null,
  user: null,
  deployments: [],
  version: '2025-11-20T08:30:00.000Z',
  versionInfo: { lastScalingAt: '2025-11-20T08:30:00.000Z', lastConfigChangeAt: '2025-11-02T16:00:00.000Z' },
};

/** Marathon's documented group example: a service group that depends on a database group. */
export const productGroup = {
  id: '/product',
  groups: [
    {
      id: '/product/database',
      apps: [
        { id: '/product/database/mongo', cmd: 'mongod --port $PORT0', mem: 512 },
        { id: 'mysql', cmd: 'mysqld --port=$PORT0', mem: 512 },
      ],
    },
    {
      id: 'service',
      dependencies: ['../database'],
      apps: [
        { id: 'rails-app', cmd: 'bundle exec rails server -p $PORT0' },
        { id: 'play-app', cmd: './bin/play -Dhttp.port=$PORT0', dependencies: ['rails-app'] },
      ],
    },
  ],
};
