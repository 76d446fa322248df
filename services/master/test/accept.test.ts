import { addResources, formatResources, parseResources, scalarOf } from '@tessera/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  planAccept,
  quotaProblems,
  stateForFramework,
  acceptsTransition,
  type OfferView,
  type OperationSpec,
  type TaskSpec,
} from '../src/core/index.js';

const offer = (id: string, resources: string, extra: Partial<OfferView> = {}): OfferView => ({
  id,
  frameworkId: 'fw-1',
  agentId: 'agent-1',
  role: 'eng',
  resources: parseResources(resources),
  ...extra,
});
const task = (taskId: string, resources: string, command = 'true'): TaskSpec<string> => ({
  taskId,
  name: taskId,
  resources: parseResources(resources),
  command: { shell: true, value: command, arguments: [] },
  killGracePeriodSeconds: 3,
  payload: taskId,
});
const launch = (...tasks: TaskSpec<string>[]): OperationSpec<string> => ({ type: 'launch', tasks });

function plan(offers: OfferView[], offerIds: string[], operations: OperationSpec<string>[], taken: string[] = []) {
  const byId = new Map(offers.map((o) => [o.id, o]));
  return planAccept({
    frameworkId: 'fw-1',
    principal: 'alice',
    offerIds,
    operations,
    offer: (id) => byId.get(id),
    isTaskIdTaken: (id) => taken.includes(id),
  });
}

describe('planAccept', () => {
  it('launches tasks and returns what is left', () => {
    // 4 cpus - 1 - 1.5 = 1.5 cpus; 1024 - 256 - 256 = 512 MB; port 31000 used.
    const result = plan(
      [offer('o1', 'cpus:4;mem:1024;ports:[31000-31009]')],
      ['o1'],
      [launch(task('a', 'cpus:1;mem:256;ports:[31000-31000]'), task('b', 'cpus:1.5;mem:256'))],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.launches.map((t) => t.taskId)).toEqual(['a', 'b']);
    expect(formatResources(result.remaining)).toBe('cpus:1.5;mem:512;ports:[31001-31009]');
  });

  it('merges several offers of one agent', () => {
    // 1 + 1 = 2 cpus offered; a task of 2 fits only in both together.
    const result = plan(
      [offer('o1', 'cpus:1;mem:64'), offer('o2', 'cpus:1;mem:64')],
      ['o1', 'o2'],
      [launch(task('a', 'cpus:2;mem:128'))],
    );
    expect(result.ok && formatResources(result.remaining)).toBe('');
  });

  it.each([
    ['an unknown offer', [], ['nope'], [launch(task('a', 'cpus:1'))], [], 'offer nope is unknown'],
    [
      'an offer of another framework',
      [offer('o1', 'cpus:1', { frameworkId: 'fw-2' })],
      ['o1'],
      [launch(task('a', 'cpus:1'))],
      [],
      'belongs to another framework',
    ],
    [
      'offers on two agents',
      [offer('o1', 'cpus:1'), offer('o2', 'cpus:1', { agentId: 'agent-2' })],
      ['o1', 'o2'],
      [],
      [],
      'span several agents',
    ],
    ['the same offer twice', [offer('o1', 'cpus:1')], ['o1', 'o1'], [], [], 'named twice'],
    ['no offers', [], [], [], [], 'no offer IDs'],
    [
      'more than offered',
      [offer('o1', 'cpus:1;mem:64')],
      ['o1'],
      [launch(task('a', 'cpus:2;mem:64'))],
      [],
      'needs cpus:2;mem:64 but the offers have only cpus:1;mem:64',
    ],
    [
      'a duplicate task ID in one call',
      [offer('o1', 'cpus:2')],
      ['o1'],
      [launch(task('a', 'cpus:1'), task('a', 'cpus:1'))],
      [],
      'task_id is already in use',
    ],
    [
      'a task ID already in use',
      [offer('o1', 'cpus:2')],
      ['o1'],
      [launch(task('a', 'cpus:1'))],
      ['a'],
      'task_id is already in use',
    ],
    ['an empty command', [offer('o1', 'cpus:2')], ['o1'], [launch(task('a', 'cpus:1', '   '))], [], 'command is empty'],
    ['no resources', [offer('o1', 'cpus:2')], ['o1'], [launch(task('a', ''))], [], 'at least one resource'],
    ['an empty task ID', [offer('o1', 'cpus:2')], ['o1'], [launch(task('', 'cpus:1'))], [], 'task_id is required'],
    [
      'reserving for another role',
      [offer('o1', 'cpus:2')],
      ['o1'],
      [
        {
          type: 'reserve',
          resources: [{ name: 'cpus', type: 'scalar', scalar: 1, reservation: { type: 'dynamic', role: 'ops' } }],
        },
      ],
      [],
      'can reserve only for',
    ],
    [
      'unreserving a static reservation',
      [offer('o1', 'cpus(eng):2')],
      ['o1'],
      [{ type: 'unreserve', resources: parseResources('cpus(eng):1') }],
      [],
      'only dynamically reserved',
    ],
  ] as const)('refuses %s', (_label, offers, offerIds, operations, taken, problem) => {
    const result = plan([...offers], [...offerIds], [...operations], [...taken]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toContain(problem);
  });

  it('reserves then launches on the reservation', () => {
    const reserved = [
      {
        name: 'cpus',
        type: 'scalar' as const,
        scalar: 1,
        reservation: { type: 'dynamic' as const, role: 'eng', principal: 'alice' },
      },
    ];
    const result = plan(
      [offer('o1', 'cpus:2;mem:64')],
      ['o1'],
      [
        { type: 'reserve', resources: reserved },
        launch({ ...task('a', 'mem:64'), resources: [...reserved, ...parseResources('mem:64')] }),
      ],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // 2 unreserved cpus: 1 becomes eng's and goes to the task; 1 remains unreserved.
    expect(formatResources(result.remaining)).toBe('cpus:1');
    expect(result.conversions).toHaveLength(1);
  });

  it('never plans more than the offers hold (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cpus: fc.integer({ min: 0, max: 40 }), mem: fc.integer({ min: 0, max: 400 }) }), {
          maxLength: 12,
        }),
        (asks) => {
          const tasks = asks.map((a, i) => task(`t${i}`, `cpus:${a.cpus / 10};mem:${a.mem}`));
          const result = plan([offer('o1', 'cpus:4;mem:1024')], ['o1'], [launch(...tasks)]);
          if (!result.ok) return;
          // Whatever was planned, plus what remains, is exactly the offer: 4 cpus and 1024 MB.
          const planned = addResources(
            result.remaining,
            result.launches.flatMap((t) => t.resources),
          );
          expect(scalarOf(planned, 'cpus')).toBe(4);
          expect(scalarOf(planned, 'mem')).toBe(1024);
        },
      ),
    );
  });
});

describe('quotaProblems', () => {
  const quota = (role: string, guarantee: string, limit: string) => ({
    role,
    guarantee: parseResources(guarantee),
    limit: parseResources(limit),
  });
  it('accepts a guarantee within its limit and its parent', () => {
    const others = new Map([['eng', quota('eng', 'cpus:4', 'cpus:10')]]);
    expect(quotaProblems(quota('eng/ml', 'cpus:2', 'cpus:4'), others)).toEqual([]);
  });
  it.each([
    [quota('eng', 'cpus:4', 'cpus:2'), new Map(), 'limit cpus:2 is below the guarantee cpus:4'],
    [
      quota('eng/ml', 'cpus:20', ''),
      new Map([['eng', quota('eng', '', 'cpus:10')]]),
      'above the limit cpus:10 of ancestor role eng',
    ],
    [
      quota('eng', '', 'cpus:1'),
      new Map([['eng/ml', quota('eng/ml', 'cpus:2', '')]]),
      'below the guarantee cpus:2 of descendant role eng/ml',
    ],
    [quota('bad role', 'cpus:1', ''), new Map(), 'not a valid role'],
    [quota('eng', 'ports:[1-2]', ''), new Map(), 'unknown resource ports'],
    [
      quota('eng', 'cpus:1', 'widgets:3'),
      new Map(),
      'limit: unknown resource widgets (quota takes cpus, mem, disk, gpus)',
    ],
  ])('refuses %#', (q, others, problem) => {
    expect(quotaProblems(q, others as Map<string, ReturnType<typeof quota>>).join('\n')).toContain(problem);
  });
});

describe('status rules', () => {
  it('maps partition-aware states for old frameworks', () => {
    expect(stateForFramework('TASK_UNREACHABLE', false)).toBe('TASK_LOST');
    expect(stateForFramework('TASK_UNREACHABLE', true)).toBe('TASK_UNREACHABLE');
    expect(stateForFramework('TASK_RUNNING', false)).toBe('TASK_RUNNING');
  });
  it('never leaves a terminal state', () => {
    expect(acceptsTransition('TASK_FINISHED', 'TASK_RUNNING')).toBe(false);
    expect(acceptsTransition('TASK_RUNNING', 'TASK_FINISHED')).toBe(true);
    expect(acceptsTransition('TASK_UNREACHABLE', 'TASK_RUNNING')).toBe(true);
  });
});
