import { describe, expect, it } from 'vitest';
import { selectInstancesToKill, type Instance, type InstanceCondition } from '../src/core/index.js';
import { iso, T0 } from './instance-fixtures.js';

function instance(id: string, condition: InstanceCondition, fields: Partial<Instance> = {}): Instance {
  return {
    instanceId: id,
    appId: '/web',
    appVersion: iso(T0),
    goal: 'Running',
    condition,
    agent: undefined,
    taskId: undefined,
    hostPorts: [],
    healthy: undefined,
    ready: undefined,
    stagedAtMs: condition === 'Scheduled' ? undefined : T0,
    startedAtMs: undefined,
    sinceMs: T0,
    ...fields,
  };
}

const ids = (instances: readonly Instance[]): string[] => instances.map((i) => i.instanceId);

describe('selectInstancesToKill', () => {
  const running = (id: string, stagedAtMs: number, healthy?: boolean) =>
    instance(id, 'Running', { stagedAtMs, healthy });

  it('kills the sentenced first, in the order given, ignoring ids it does not know', () => {
    const all = [running('a', T0), running('b', T0 + 1), instance('c', 'Staging')];
    expect(ids(selectInstancesToKill(all, 2, 'YOUNGEST_FIRST', ['a', 'gone', 'b']))).toEqual(['a', 'b']);
    expect(ids(selectInstancesToKill(all, 3, 'YOUNGEST_FIRST', ['a', 'a']))).toEqual(['a', 'c', 'b']);
  });

  it('kills instances that do not run before running ones, the least far along first', () => {
    const all = [
      running('r', T0),
      instance('st', 'Starting'),
      instance('sg', 'Staging'),
      instance('p', 'Provisioned'),
      instance('s', 'Scheduled'),
      instance('u', 'Unreachable'),
    ];
    expect(ids(selectInstancesToKill(all, 6, 'YOUNGEST_FIRST', []))).toEqual(['u', 's', 'p', 'sg', 'st', 'r']);
  });

  it('kills unhealthy before unknown before healthy, whatever their age', () => {
    const all = [running('ok', T0 + 3, true), running('bad', T0, false), running('unknown', T0 + 1)];
    expect(ids(selectInstancesToKill(all, 3, 'OLDEST_FIRST', []))).toEqual(['bad', 'unknown', 'ok']);
  });

  // Launched at T0, T0+1, T0+2 and one without a launch time (the youngest).
  const aged = [
    running('old', T0),
    running('mid', T0 + 1),
    running('young', T0 + 2),
    instance('x', 'Running', { stagedAtMs: undefined }),
  ];
  it('YOUNGEST_FIRST kills the latest launched; no launch time counts as the youngest', () => {
    expect(ids(selectInstancesToKill(aged, 3, 'YOUNGEST_FIRST', []))).toEqual(['x', 'young', 'mid']);
  });
  it('OLDEST_FIRST kills the earliest launched', () => {
    expect(ids(selectInstancesToKill(aged, 3, 'OLDEST_FIRST', []))).toEqual(['old', 'mid', 'young']);
  });

  it('breaks ties by instance ID, whatever the input order', () => {
    const all = [running('c', T0), running('a', T0), running('b', T0)];
    expect(ids(selectInstancesToKill(all, 2, 'YOUNGEST_FIRST', []))).toEqual(['a', 'b']);
    expect(ids(selectInstancesToKill([...all].reverse(), 2, 'OLDEST_FIRST', []))).toEqual(['a', 'b']);
  });

  it('gives what there is when asked for more, and nothing for a count ≤ 0', () => {
    expect(ids(selectInstancesToKill(aged, 10, 'YOUNGEST_FIRST', []))).toHaveLength(4);
    expect(selectInstancesToKill(aged, 0, 'YOUNGEST_FIRST', ['old'])).toEqual([]);
    expect(selectInstancesToKill(aged, -1, 'YOUNGEST_FIRST', [])).toEqual([]);
  });
});
