import { describe, expect, it } from 'vitest';
import {
  HealthCheckCommandError,
  HealthCheckPortError,
  isHealthCheckKill,
  NEVER_KILL_CONSECUTIVE_FAILURES,
  taskHealthCheckFor,
  taskHealthCheckOf,
  type HealthCheckDefinition,
} from '../src/core/index.js';
import { appDef, status } from './instance-fixtures.js';

/** Marathon's defaults. */
const check = (overrides: Partial<HealthCheckDefinition> = {}): HealthCheckDefinition => ({
  protocol: 'HTTP',
  path: '/',
  portIndex: undefined,
  port: undefined,
  command: undefined,
  gracePeriodSeconds: 300,
  intervalSeconds: 60,
  timeoutSeconds: 20,
  maxConsecutiveFailures: 3,
  delaySeconds: 15,
  ignoreHttp1xx: false,
  ...overrides,
});

const timing = {
  delaySeconds: 15,
  intervalSeconds: 60,
  timeoutSeconds: 20,
  consecutiveFailures: 3,
  gracePeriodSeconds: 300,
};

describe('taskHealthCheckOf: Marathon health check + host ports → Tessera HealthCheck', () => {
  const hostPorts = [31001, 31002];
  it.each([
    ['HTTP, port index 0 by default', check(), { ...timing, type: 'HTTP', scheme: 'http', port: 31001, path: '/' }],
    [
      'MESOS_HTTP on port index 1',
      check({ protocol: 'MESOS_HTTP', portIndex: 1, path: '/health' }),
      { ...timing, type: 'HTTP', scheme: 'http', port: 31002, path: '/health' },
    ],
    ['HTTPS', check({ protocol: 'HTTPS' }), { ...timing, type: 'HTTP', scheme: 'https', port: 31001, path: '/' }],
    [
      'MESOS_HTTPS',
      check({ protocol: 'MESOS_HTTPS' }),
      { ...timing, type: 'HTTP', scheme: 'https', port: 31001, path: '/' },
    ],
    ['TCP, explicit port', check({ protocol: 'TCP', port: 8080 }), { ...timing, type: 'TCP', port: 8080 }],
    ['MESOS_TCP', check({ protocol: 'MESOS_TCP', portIndex: 1 }), { ...timing, type: 'TCP', port: 31002 }],
    [
      'COMMAND',
      check({ protocol: 'COMMAND', command: 'curl -f http://$HOST:$PORT0/health' }),
      { ...timing, type: 'COMMAND', command: 'curl -f http://$HOST:$PORT0/health' },
    ],
    [
      'maxConsecutiveFailures 0: never kill (the wire’s 0 would mean 3)',
      check({ protocol: 'TCP', maxConsecutiveFailures: 0 }),
      { ...timing, type: 'TCP', port: 31001, consecutiveFailures: NEVER_KILL_CONSECUTIVE_FAILURES },
    ],
    [
      'timings carried as given',
      check({
        delaySeconds: 1,
        intervalSeconds: 2,
        timeoutSeconds: 3,
        maxConsecutiveFailures: 4,
        gracePeriodSeconds: 5,
      }),
      {
        type: 'HTTP',
        scheme: 'http',
        port: 31001,
        path: '/',
        delaySeconds: 1,
        intervalSeconds: 2,
        timeoutSeconds: 3,
        consecutiveFailures: 4,
        gracePeriodSeconds: 5,
      },
    ],
  ])('%s', (_name, definition, expected) => {
    expect(taskHealthCheckOf(definition, hostPorts)).toEqual(expected);
  });

  it('a port index beyond the task’s ports is refused', () => {
    expect(() => taskHealthCheckOf(check({ portIndex: 2 }), hostPorts)).toThrow(HealthCheckPortError);
    expect(() => taskHealthCheckOf(check(), [])).toThrow(HealthCheckPortError);
  });

  it('a COMMAND check needs a command', () => {
    expect(() => taskHealthCheckOf(check({ protocol: 'COMMAND' }), hostPorts)).toThrow(HealthCheckCommandError);
  });

  it('an app’s first check is the one the agent runs; none without checks', () => {
    expect(taskHealthCheckFor(appDef('/web'), hostPorts)).toBeUndefined();
    const app = appDef('/web', { healthChecks: [check({ protocol: 'TCP' }), check()] });
    expect(taskHealthCheckFor(app, hostPorts)).toEqual({ ...timing, type: 'TCP', port: 31001 });
  });
});

describe('isHealthCheckKill', () => {
  it.each([
    ['TASK_KILLED', 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', true],
    ['TASK_KILLED', 'REASON_UNSPECIFIED', false],
    // The agent's health reports are TASK_RUNNING with the same reason.
    ['TASK_RUNNING', 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', false],
    ['TASK_FAILED', 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', false],
  ] as const)('%s with %s → %s', (state, reason, kill) => {
    expect(isHealthCheckKill(status('web.instance-u1.1', state, { reason }))).toBe(kill);
  });
});
