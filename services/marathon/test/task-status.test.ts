import { TASK_STATES, type TaskState } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import {
  conditionOf,
  instanceIdFor,
  InvalidInstanceUuidError,
  isTerminalCondition,
  parseTaskId,
  taskIdFor,
  type InstanceCondition,
} from '../src/core/index.js';

describe('conditionOf: Tessera task states → Marathon instance conditions', () => {
  const table: readonly [TaskState, string, InstanceCondition, boolean][] = [
    // state, reason, condition, terminal
    ['TASK_STAGING', 'REASON_UNSPECIFIED', 'Staging', false],
    ['TASK_STARTING', 'REASON_UNSPECIFIED', 'Starting', false],
    ['TASK_RUNNING', 'REASON_UNSPECIFIED', 'Running', false],
    ['TASK_RUNNING', 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', 'Running', false],
    ['TASK_KILLING', 'REASON_UNSPECIFIED', 'Killing', false],
    ['TASK_FINISHED', 'REASON_UNSPECIFIED', 'Finished', true],
    ['TASK_FAILED', 'REASON_COMMAND_EXECUTOR_FAILED', 'Failed', true],
    ['TASK_KILLED', 'REASON_UNSPECIFIED', 'Killed', true],
    ['TASK_KILLED', 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', 'Killed', true],
    ['TASK_ERROR', 'REASON_TASK_INVALID', 'Error', true],
    ['TASK_DROPPED', 'REASON_AGENT_DISCONNECTED', 'Dropped', true],
    ['TASK_UNREACHABLE', 'REASON_AGENT_DISCONNECTED', 'Unreachable', false],
    ['TASK_GONE', 'REASON_AGENT_RESTARTED', 'Gone', true],
    ['TASK_GONE_BY_OPERATOR', 'REASON_UNSPECIFIED', 'Gone', true],
    ['TASK_UNKNOWN', 'REASON_RECONCILIATION', 'Unknown', true],
    // TASK_LOST (frameworks that are not partition-aware) is refined by its reason.
    ['TASK_LOST', 'REASON_AGENT_DISCONNECTED', 'Unreachable', false],
    ['TASK_LOST', 'REASON_AGENT_REMOVED', 'Unreachable', false],
    ['TASK_LOST', 'REASON_RECONCILIATION', 'Unreachable', false],
    ['TASK_LOST', 'REASON_TASK_UNKNOWN', 'Unknown', true],
    ['TASK_LOST', 'REASON_AGENT_RESTARTED', 'Gone', true],
    ['TASK_LOST', 'REASON_UNSPECIFIED', 'Gone', true],
  ];

  it.each(table)('%s (%s) → %s', (state, reason, condition, terminal) => {
    expect(conditionOf(state, reason)).toBe(condition);
    expect(isTerminalCondition(condition)).toBe(terminal);
  });

  it('covers every task state', () => {
    const covered = new Set(table.map(([state]) => state));
    expect([...TASK_STATES].filter((state) => !covered.has(state))).toEqual([]);
  });
});

describe('instance and task IDs', () => {
  it.each([
    ['/web', 'web.instance-u1'],
    ['/shop/web', 'shop.web.instance-u1'],
    ['/a.b/c-d', 'a.b.c-d.instance-u1'],
  ])('app %s → %s', (appId, instanceId) => {
    expect(instanceIdFor(appId, 'u1')).toBe(instanceId);
  });

  it('a task ID is the instance ID and the incarnation, and parses back', () => {
    const instanceId = instanceIdFor('/shop/web', '8f2c0a1e-7b1d-4c55-9e0b-0d9a3c1f2e44');
    const taskId = taskIdFor(instanceId, 12);
    expect(taskId).toBe('shop.web.instance-8f2c0a1e-7b1d-4c55-9e0b-0d9a3c1f2e44.12');
    expect(parseTaskId(taskId)).toEqual({ instanceId, incarnation: 12 });
  });

  it.each([
    'web', // no instance part
    'web.instance-u1', // no incarnation
    'web.instance-u1.0', // incarnations count from 1
    'web.instance-u1.01',
    'web.instance-u1.x',
    'web.u1.3', // not an instance ID
    'web.instance-u1.99999999999999999999', // beyond a safe integer
  ])('%s is not a task ID of ours', (taskId) => {
    expect(parseTaskId(taskId)).toBeUndefined();
  });

  it.each(['', 'a.b', 'a/b', 'a b'])('uuid %j is refused', (uuid) => {
    expect(() => instanceIdFor('/web', uuid)).toThrow(InvalidInstanceUuidError);
  });

  it('an incarnation is an integer from 1', () => {
    expect(() => taskIdFor('web.instance-u1', 0)).toThrow(RangeError);
    expect(() => taskIdFor('web.instance-u1', 1.5)).toThrow(RangeError);
  });
});
