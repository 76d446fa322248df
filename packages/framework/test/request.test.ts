import { parseResources } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import { taskRequestFromResources, validateTaskRequest, type TaskRequest } from '../src/index.js';

describe('validateTaskRequest', () => {
  it.each<[string, TaskRequest, string[]]>([
    ['a valid request', { cpus: 0.5, memMb: 64, portCount: 2, requiredPorts: [8080], roles: ['eng/ml'] }, []],
    [
      'negative and non-finite amounts',
      { cpus: -1, memMb: Number.POSITIVE_INFINITY },
      ['cpus must be a finite number >= 0, got -1', 'memMb must be a finite number >= 0, got Infinity'],
    ],
    [
      'fractional GPUs and port counts',
      { cpus: 1, memMb: 1, gpus: 0.5, portCount: 1.5 },
      ['gpus must be a whole number, got 0.5', 'portCount must be a whole number, got 1.5'],
    ],
    [
      'ports out of range, or twice',
      { cpus: 1, memMb: 1, requiredPorts: [0, 70000, 80, 80] },
      ['requiredPorts must be whole numbers in 1-65535, got 0, 70000', 'requiredPorts names 80 more than once'],
    ],
    [
      'invalid roles',
      { cpus: 1, memMb: 1, roles: ['*'], acceptedResourceRoles: ['*', 'a b'] },
      ['roles: invalid role "*"', 'acceptedResourceRoles: invalid role "a b"'],
    ],
    [
      'a malformed constraint',
      { cpus: 1, memMb: 1, constraints: [{ field: 'rack', operator: 'MAX_PER', value: 'x' }] },
      ['constraint ["rack","MAX_PER","x"]: MAX_PER\'s value must be a whole number >= 1, got "x"'],
    ],
  ])('%s', (_what, request, problems) => {
    expect(validateTaskRequest(request)).toEqual(problems);
  });
});

describe('taskRequestFromResources', () => {
  it.each<[string, TaskRequest]>([
    ['cpus:0.1;mem:32', { cpus: 0.1, memMb: 32, diskMb: 0, gpus: 0, requiredPorts: [], acceptedResourceRoles: ['*'] }],
    // ports [31005-31006] are two required ports
    [
      'cpus:1;mem:32;disk:5;gpus:1;ports:[31005-31006]',
      { cpus: 1, memMb: 32, diskMb: 5, gpus: 1, requiredPorts: [31005, 31006], acceptedResourceRoles: ['*'] },
    ],
    // 1 + 0.5 cpus over two reservations: one amount, both roles accepted
    [
      'cpus(eng):1;cpus:0.5;mem:32',
      { cpus: 1.5, memMb: 32, diskMb: 0, gpus: 0, requiredPorts: [], acceptedResourceRoles: ['*', 'eng'] },
    ],
    ['', { cpus: 0, memMb: 0, diskMb: 0, gpus: 0, requiredPorts: [], acceptedResourceRoles: ['*'] }],
  ])('%s', (text, request) => {
    expect(taskRequestFromResources(parseResources(text))).toEqual({ ok: true, request });
  });

  it('refuses what a request cannot ask for', () => {
    expect(taskRequestFromResources(parseResources('cpus:1;foo:2;disks:{a}'))).toEqual({
      ok: false,
      problems: [
        'disks: a task can ask only for cpus, mem, disk, gpus and ports',
        'foo: a task can ask only for cpus, mem, disk, gpus and ports',
      ],
    });
    expect(taskRequestFromResources([{ name: 'cpus', type: 'scalar', scalar: 1, revocable: true }])).toEqual({
      ok: false,
      problems: ['cpus: revocable resources cannot be asked for by name'],
    });
    expect(taskRequestFromResources(parseResources('gpus:0.5'))).toEqual({
      ok: false,
      problems: ['gpus must be a whole number, got 0.5'],
    });
  });
});
