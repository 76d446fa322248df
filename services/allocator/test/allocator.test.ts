import { containsResources, formatResources, subtractResources, type Resource } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import {
  DuplicateAgentError,
  InvalidAllocationUpdateError,
  InvalidFilterError,
  InvalidRoleError,
  InvalidSpecError,
  InvalidWeightError,
  UnknownAgentError,
  UnknownFrameworkError,
  type Allocator,
} from '../src/core/index.js';
import { agentSpec, describeAllocations, frameworkSpec, newAllocator, res, sumOf } from './fixtures.js';

describe('DRF paper example (Ghodsi et al. 2011), Mesos-style offers', () => {
  // Cluster: one agent of 9 cpus, 18 GB. A's tasks need ⟨1 cpu, 4 GB⟩, B's ⟨3 cpus, 1 GB⟩.
  // Each cycle the agent's free resources go to the framework with the lower
  // dominant share; it launches one task if it fits and recovers the rest
  // without a filter, or declines everything with a long filter.
  //   cycle 1: shares 0 = 0, tie → A (name / subscription): A ⟨1,4096⟩, share max(1/9, 4/18) = 2/9
  //   cycle 2: B (0 < 2/9):  B ⟨3,1024⟩, share max(3/9, 1/18) = 1/3
  //   cycle 3: A (2/9 < 1/3): A ⟨2,8192⟩, share 4/9
  //   cycle 4: B (1/3 < 4/9): B ⟨6,2048⟩, share 2/3
  //   cycle 5: A (4/9 < 2/3): A ⟨3,12288⟩, share max(3/9, 12/18) = 2/3
  //   left ⟨0 cpus, 4096 MB⟩ fits neither task: A, then B decline it with a filter.
  // End: A 3 tasks, B 2 tasks, both at dominant share 2/3.
  const taskOf: Record<string, Resource[]> = { A: res('cpus:1;mem:4096'), B: res('cpus:3;mem:1024') };

  function simulate(allocator: Allocator, cycles: number): Record<string, number> {
    const tasks: Record<string, number> = { A: 0, B: 0 };
    let nowMs = 1_000_000;
    for (let cycle = 0; cycle < cycles; cycle++) {
      nowMs += 1000;
      for (const allocation of allocator.allocate(nowMs)) {
        const task = taskOf[allocation.frameworkId] ?? [];
        if (containsResources(allocation.resources, task)) {
          tasks[allocation.frameworkId] = (tasks[allocation.frameworkId] ?? 0) + 1;
          const unused = subtractResources(allocation.resources, task);
          allocator.recover(allocation.frameworkId, allocation.agentId, allocation.role, unused, undefined, nowMs);
        } else {
          const decline = { refuseSeconds: 3600 };
          allocator.recover(
            allocation.frameworkId,
            allocation.agentId,
            allocation.role,
            allocation.resources,
            decline,
            nowMs,
          );
        }
      }
    }
    return tasks;
  }

  it.each([
    { layout: 'one role each', roles: { A: 'a', B: 'b' } },
    { layout: 'both in one role', roles: { A: 'analytics', B: 'analytics' } },
  ])('$layout: A runs 3 tasks and B 2, each at dominant share 2/3', ({ roles }) => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('A', [roles.A], { subscriptionSequence: 1 }));
    allocator.addFramework(frameworkSpec('B', [roles.B], { subscriptionSequence: 2 }));
    allocator.addAgent(agentSpec('agent-1', 'cpus:9;mem:18432'));
    expect(simulate(allocator, 12)).toEqual({ A: 3, B: 2 });
    expect(formatResources(allocator.allocatedTo('A'))).toBe('cpus:3;mem:12288');
    expect(formatResources(allocator.allocatedTo('B'))).toBe('cpus:6;mem:2048');
    if (roles.A === roles.B) {
      expect(allocator.frameworkShare('A', roles.A)).toBeCloseTo(2 / 3, 9);
      expect(allocator.frameworkShare('B', roles.B)).toBeCloseTo(2 / 3, 9);
    } else {
      expect(allocator.roleShare(roles.A)).toBeCloseTo(2 / 3, 9);
      expect(allocator.roleShare(roles.B)).toBeCloseTo(2 / 3, 9);
    }
    // The ⟨0, 4096⟩ left over is filtered for both and stays free.
    expect(formatResources(allocator.agent('agent-1')?.available ?? [])).toBe('mem:4096');
  });
});

describe('weights', () => {
  it('gives a role of weight 3 three times the share of a role of weight 1', () => {
    // 40 agents of ⟨1 cpu, 1 GB⟩; each framework keeps everything it gets. Per
    // agent the role with the smaller share / weight wins (ties by name: heavy
    // first): heavy gets an agent while h/3 <= l. Steady state h = 3l; with
    // h + l = 40 that is h = 30, l = 10 (shares 30/40 = 0.75 and 10/40 = 0.25).
    const allocator = newAllocator();
    allocator.setWeights([{ role: 'heavy', weight: 3 }]);
    allocator.addFramework(frameworkSpec('H', ['heavy']));
    allocator.addFramework(frameworkSpec('L', ['light']));
    for (let i = 0; i < 40; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const allocations = allocator.allocate(0);
    expect(sumOf(allocations, 'H', 'cpus')).toBe(30);
    expect(sumOf(allocations, 'L', 'cpus')).toBe(10);
    expect(allocator.roleShare('heavy')).toBeCloseTo(0.75, 9);
    expect(allocator.roleShare('light')).toBeCloseTo(0.25, 9);
  });

  it('refuses a bad weight and applies none of the batch', () => {
    const allocator = newAllocator();
    expect(() =>
      allocator.setWeights([
        { role: 'good', weight: 2 },
        { role: 'bad', weight: 0 },
      ]),
    ).toThrow(InvalidWeightError);
    expect(() => allocator.setWeights([{ role: '*', weight: 2 }])).toThrow(InvalidRoleError);
    expect(allocator.weights()).toEqual([]);
  });
});

describe('filters (fake clock)', () => {
  it('keeps a declined agent from the framework until refuse_seconds have passed', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    const [first] = allocator.allocate(0);
    expect(first?.frameworkId).toBe('F');
    // Declined at t = 10 s with refuse_seconds 5: filtered while now < 15 000 ms.
    allocator.recover('F', 'agent-1', 'r', res('cpus:4;mem:4096'), { refuseSeconds: 5 }, 10_000);
    expect(allocator.allocate(11_000)).toEqual([]);
    expect(allocator.allocate(14_999)).toEqual([]);
    expect(describeAllocations(allocator.allocate(15_000))).toEqual(['F@agent-1/r=cpus:4;mem:4096']);
  });

  it('offers the declined agent to the next framework meanwhile', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r'], { subscriptionSequence: 1 }));
    allocator.addFramework(frameworkSpec('G', ['r'], { subscriptionSequence: 2 }));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/r=cpus:4;mem:4096']);
    allocator.recover('F', 'agent-1', 'r', res('cpus:4;mem:4096'), { refuseSeconds: 5 }, 0);
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['G@agent-1/r=cpus:4;mem:4096']);
  });

  it('keeps only filters that can still withhold something, and treats refuse_seconds 0 as no filter', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/r=cpus:4;mem:4096']);
    // Half refused for 5 s, then the other half, identical, for 60 s: the 5 s filter can never
    // withhold what the 60 s one does not, so only the longer is kept.
    allocator.recover('F', 'agent-1', 'r', res('cpus:2;mem:2048'), { refuseSeconds: 5 }, 0);
    allocator.recover('F', 'agent-1', 'r', res('cpus:2;mem:2048'), { refuseSeconds: 60 }, 0);
    const refused = res('cpus:2;mem:2048');
    expect(allocator.framework('F')?.filters).toEqual([{ agentId: 'agent-1', untilMs: 60_000, refused }]);
    // ⟨4, 4096⟩ free is more than the ⟨2, 2048⟩ refused: offered at once; declined with refuse_seconds 0.
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['F@agent-1/r=cpus:4;mem:4096']);
    allocator.recover('F', 'agent-1', 'r', res('cpus:4;mem:4096'), { refuseSeconds: 0 }, 1000);
    expect(allocator.framework('F')?.filters).toEqual([{ agentId: 'agent-1', untilMs: 60_000, refused }]);
    expect(allocator.allocate(1000)).toHaveLength(1);
    // A filter on nothing recovered withholds nothing and is not kept.
    allocator.recover('F', 'agent-1', 'r', [], { refuseSeconds: 60 }, 1000);
    expect(allocator.framework('F')?.filters).toHaveLength(1);
    allocator.recover('F', 'agent-1', 'r', res('cpus:4;mem:4096'), undefined, 60_000);
    expect(allocator.allocate(60_000)).toHaveLength(1);
    expect(allocator.framework('F')?.filters).toEqual([]);
  });

  it('refuses a negative or non-finite refuse_seconds and changes nothing', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.allocate(0);
    for (const refuseSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => allocator.recover('F', 'agent-1', 'r', res('cpus:4'), { refuseSeconds }, 0)).toThrow(
        InvalidFilterError,
      );
    }
    expect(formatResources(allocator.allocatedTo('F'))).toBe('cpus:4;mem:4096');
  });
});

describe('refuse filters hold only what was refused (Mesos RefusedOfferFilter)', () => {
  // One agent ⟨4 cpus, 4096 MB⟩. At t = 0, F is offered all of it, launches tasks on
  // ⟨2, 2048⟩ and refuses the other ⟨2, 2048⟩ for 5 s. Then, still at t = 1 s unless
  // said otherwise, something happens and a cycle runs.
  const cases: {
    name: string;
    step: (allocator: Allocator) => number;
    offered: string[];
  }[] = [
    {
      // Free: the same ⟨2, 2048⟩ it refused, contained in the filter → nothing.
      name: 'the same cpus:2 it refused is free: not offered',
      step: () => 1000,
      offered: [],
    },
    {
      // A task of ⟨1, 1024⟩ ends: free ⟨2, 2048⟩ + ⟨1, 1024⟩ = ⟨3, 3072⟩, not contained in ⟨2, 2048⟩ → all of it.
      name: 'a task ends and cpus:3 is free: offered at once',
      step: (allocator) => {
        allocator.recover('F', 'agent-1', 'r', res('cpus:1;mem:1024'), undefined, 1000);
        return 1000;
      },
      offered: ['F@agent-1/r=cpus:3;mem:3072'],
    },
    {
      // Only mem comes back: ⟨2, 2048 + 1024⟩ is not contained in ⟨2, 2048⟩ either.
      name: 'more of another kind is free: offered',
      step: (allocator) => {
        allocator.recover('F', 'agent-1', 'r', res('mem:1024'), undefined, 1000);
        return 1000;
      },
      offered: ['F@agent-1/r=cpus:2;mem:3072'],
    },
    {
      // 0 + 5 s = 5 000 ms: at 4 999 the filter still holds.
      name: 'just before expiry: not offered',
      step: () => 4999,
      offered: [],
    },
    {
      // At 5 000 ms the filter has expired: the ⟨2, 2048⟩ is offered again.
      name: 'the filter expires: offered',
      step: () => 5000,
      offered: ['F@agent-1/r=cpus:2;mem:2048'],
    },
    {
      name: 'F revives: every filter is dropped, offered',
      step: (allocator) => {
        allocator.revive('F', []);
        return 1000;
      },
      offered: ['F@agent-1/r=cpus:2;mem:2048'],
    },
    {
      // G (subscribed later) ranks after F but is not filtered: it gets what F refused.
      name: 'another framework is offered what F refused',
      step: (allocator) => {
        allocator.addFramework(frameworkSpec('G', ['r'], { subscriptionSequence: 2 }));
        return 1000;
      },
      offered: ['G@agent-1/r=cpus:2;mem:2048'],
    },
  ];

  it.each(cases)('$name', ({ step, offered }) => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r'], { subscriptionSequence: 1 }));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/r=cpus:4;mem:4096']);
    allocator.recover('F', 'agent-1', 'r', res('cpus:2;mem:2048'), { refuseSeconds: 5 }, 0);
    const nowMs = step(allocator);
    expect(describeAllocations(allocator.allocate(nowMs))).toEqual(offered);
  });

  it('keeps several filters on one agent, each expiring on its own', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.allocate(0);
    // t = 0: keeps ⟨2, 2048⟩, refuses ⟨2, 2048⟩ for 60 s (filter A, until 60 000).
    allocator.recover('F', 'agent-1', 'r', res('cpus:2;mem:2048'), { refuseSeconds: 60 }, 0);
    // t = 1 s: ⟨1, 1024⟩ of its tasks ends; ⟨3, 3072⟩ ⊄ A is offered and refused for 5 s (filter B, until 6 000).
    allocator.recover('F', 'agent-1', 'r', res('cpus:1;mem:1024'), undefined, 1000);
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['F@agent-1/r=cpus:3;mem:3072']);
    allocator.recover('F', 'agent-1', 'r', res('cpus:3;mem:3072'), { refuseSeconds: 5 }, 1000);
    // Neither contains the other's resources and expires later: both are kept.
    expect(allocator.framework('F')?.filters).toEqual([
      { agentId: 'agent-1', untilMs: 6000, refused: res('cpus:3;mem:3072') },
      { agentId: 'agent-1', untilMs: 60_000, refused: res('cpus:2;mem:2048') },
    ]);
    expect(allocator.allocate(5999)).toEqual([]); // ⟨3, 3072⟩ ⊆ B
    // B expired; ⟨3, 3072⟩ ⊄ A: offered. F keeps ⟨1, 1024⟩ and gives back ⟨2, 2048⟩ without a filter.
    expect(describeAllocations(allocator.allocate(6000))).toEqual(['F@agent-1/r=cpus:3;mem:3072']);
    expect(allocator.framework('F')?.filters).toEqual([
      { agentId: 'agent-1', untilMs: 60_000, refused: res('cpus:2;mem:2048') },
    ]);
    allocator.recover('F', 'agent-1', 'r', res('cpus:2;mem:2048'), undefined, 6000);
    expect(allocator.allocate(6000)).toEqual([]); // ⟨2, 2048⟩ ⊆ A, still live
    expect(describeAllocations(allocator.allocate(60_000))).toEqual(['F@agent-1/r=cpus:2;mem:2048']);
  });

  it('holds in every role of the framework: what it refused in one role is not offered in another', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['a', 'b']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    const [first] = allocator.allocate(0);
    expect(first?.role).toBe('a'); // a and b tie at share 0; a first by name
    allocator.recover('F', 'agent-1', 'a', res('cpus:4;mem:4096'), { refuseSeconds: 5 }, 0);
    expect(allocator.allocate(1000)).toEqual([]);
    expect(describeAllocations(allocator.allocate(5000))).toEqual(['F@agent-1/a=cpus:4;mem:4096']);
  });
});

describe('suppress and revive', () => {
  it('gives a suppressed role nothing until revived', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['a', 'b']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.suppress('F', ['a']);
    // Role a is suppressed; role b still gets the agent.
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/b=cpus:4;mem:4096']);
    allocator.recover('F', 'agent-1', 'b', res('cpus:4;mem:4096'), undefined, 0);
    allocator.suppress('F', []); // empty: all roles
    expect(allocator.allocate(1000)).toEqual([]);
    allocator.revive('F', ['a']);
    expect(describeAllocations(allocator.allocate(2000))).toEqual(['F@agent-1/a=cpus:4;mem:4096']);
    expect(allocator.framework('F')?.suppressedRoles).toEqual(['b']);
  });

  it('revive clears every filter of the framework, whatever the roles named', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['a', 'b']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.addAgent(agentSpec('agent-2', 'cpus:4;mem:4096'));
    // One agent goes to each role (a and b alternate by share); F declines both for an hour.
    const offered = allocator.allocate(0);
    expect(offered.map((a) => a.role).sort()).toEqual(['a', 'b']);
    for (const a of offered) allocator.recover('F', a.agentId, a.role, a.resources, { refuseSeconds: 3600 }, 0);
    expect(allocator.allocate(1000)).toEqual([]);
    allocator.revive('F', ['b']);
    expect(allocator.framework('F')?.filters).toEqual([]);
    expect(allocator.allocate(2000)).toHaveLength(2);
  });

  it('refuses suppress / revive for an unknown framework', () => {
    const allocator = newAllocator();
    expect(() => allocator.suppress('ghost', [])).toThrow(UnknownFrameworkError);
    expect(() => allocator.revive('ghost', [])).toThrow(UnknownFrameworkError);
  });
});

describe('reservations', () => {
  // Agent: unreserved ⟨2 cpus, 1024 MB⟩ plus ⟨2 cpus, 512 MB⟩ statically reserved to "eng".
  const agentResources = 'cpus:2;mem:1024;cpus(eng):2;mem(eng):512';

  it.each([
    { role: 'eng', gets: 'cpus:2;cpus(eng):2;mem:1024;mem(eng):512' },
    { role: 'eng/ml', gets: 'cpus:2;cpus(eng):2;mem:1024;mem(eng):512' },
    { role: 'engineering', gets: 'cpus:2;mem:1024' },
    { role: 'sales', gets: 'cpus:2;mem:1024' },
  ])('a framework in $role gets $gets', ({ role, gets }) => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', [role]));
    allocator.addAgent(agentSpec('agent-1', agentResources));
    expect(describeAllocations(allocator.allocate(0))).toEqual([`F@agent-1/${role}=${gets}`]);
  });

  it('leaves reserved resources free until a framework of the role arrives', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('S', ['sales']));
    allocator.addAgent(agentSpec('agent-1', agentResources));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['S@agent-1/sales=cpus:2;mem:1024']);
    expect(allocator.allocate(1000)).toEqual([]);
    allocator.addFramework(frameworkSpec('E', ['eng/ml']));
    expect(describeAllocations(allocator.allocate(2000))).toEqual(['E@agent-1/eng/ml=cpus(eng):2;mem(eng):512']);
  });
});

describe('multi-role frameworks', () => {
  it('gets one allocation per role, each accounted to its role', () => {
    // Roles a and b tie at share 0; a sorts first and takes the unreserved part;
    // b takes what is reserved to b. Role shares: a = max(2/3 cpus, 1024/1024 mem) = 1, b = 1/3.
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('M', ['a', 'b'], { capabilities: ['MULTI_ROLE'] }));
    allocator.addAgent(agentSpec('agent-1', 'cpus:2;mem:1024;cpus(b):1'));
    expect(describeAllocations(allocator.allocate(0))).toEqual([
      'M@agent-1/a=cpus:2;mem:1024',
      'M@agent-1/b=cpus(b):1',
    ]);
    expect(allocator.roleShare('a')).toBeCloseTo(1, 9);
    expect(allocator.roleShare('b')).toBeCloseTo(1 / 3, 9);
    expect(formatResources(allocator.allocatedTo('M', 'b'))).toBe('cpus(b):1');
  });
});

describe('capability gating', () => {
  it('offers agents with GPUs only to GPU_RESOURCES frameworks', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('plain', ['r'], { subscriptionSequence: 1 }));
    allocator.addFramework(frameworkSpec('gpu', ['r'], { subscriptionSequence: 2, capabilities: ['GPU_RESOURCES'] }));
    allocator.addAgent(agentSpec('gpu-agent', 'cpus:4;mem:4096;gpus:2'));
    allocator.addAgent(agentSpec('cpu-agent', 'cpus:4;mem:4096'));
    const allocations = describeAllocations(allocator.allocate(0));
    expect(allocations).toContain('gpu@gpu-agent/r=cpus:4;gpus:2;mem:4096');
    expect(allocations.some((a) => a.startsWith('plain@gpu-agent'))).toBe(false);
  });

  it('gives revocable resources only to REVOCABLE_RESOURCES frameworks', () => {
    // N ranks first (sequence 1) and gets the non-revocable part; R gets the revocable cpu left.
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('N', ['r'], { subscriptionSequence: 1 }));
    allocator.addFramework(
      frameworkSpec('R', ['r'], { subscriptionSequence: 2, capabilities: ['REVOCABLE_RESOURCES'] }),
    );
    const total: Resource[] = [...res('cpus:2;mem:1024'), { name: 'cpus', type: 'scalar', scalar: 1, revocable: true }];
    allocator.addAgent(agentSpec('agent-1', '', { total }));
    expect(describeAllocations(allocator.allocate(0))).toEqual([
      'N@agent-1/r=cpus:2;mem:1024',
      'R@agent-1/r=cpus{REV}:1',
    ]);
  });
});

describe('minimum fragment', () => {
  it.each([
    { resources: 'cpus:0.005;mem:16', options: {}, allocated: false }, // 0.005 < 0.01 cpus and 16 < 32 MB
    { resources: 'cpus:0.01;mem:16', options: {}, allocated: true }, // 0.01 cpus is enough
    { resources: 'mem:32', options: {}, allocated: true }, // 32 MB is enough
    { resources: 'disk:1000;ports:[1-10]', options: {}, allocated: false }, // neither cpus nor mem
    { resources: 'cpus:0.5;mem:16', options: { minAllocatableCpus: 1 }, allocated: false }, // 0.5 < 1, 16 < 32
    { resources: 'cpus:0.5;mem:64', options: { minAllocatableCpus: 1, minAllocatableMemMb: 64 }, allocated: true },
  ])('$resources with $options → allocated: $allocated', ({ resources, options, allocated }) => {
    const allocator = newAllocator(options);
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', resources));
    expect(allocator.allocate(0).length > 0).toBe(allocated);
  });
});

describe('inactive agents and frameworks', () => {
  it('allocates nothing on an inactive agent, and resumes when it is reactivated', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096', { active: false }));
    expect(allocator.allocate(0)).toEqual([]);
    allocator.setAgentActive('agent-1', true);
    expect(allocator.allocate(1000)).toHaveLength(1);
  });

  it('allocates nothing to an inactive framework; deactivation drops its filters', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.recover('F', 'agent-1', 'r', [], { refuseSeconds: 3600 }, 0);
    allocator.setFrameworkActive('F', false);
    expect(allocator.allocate(1000)).toEqual([]);
    allocator.setFrameworkActive('F', true);
    expect(allocator.allocate(2000)).toHaveLength(1);
  });
});

describe('recover', () => {
  it('frees at most what is allocated and reports the rest', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096;ports:[100-109]'));
    allocator.allocate(0);
    // Allocated cpus 4, ports 100-109. Recover cpus 6 and ports 105-119: 4 cpus and 105-109 come back.
    const result = allocator.recover('F', 'agent-1', 'r', res('cpus:6;ports:[105-119]'), undefined, 0);
    expect(formatResources(result.recovered)).toBe('cpus:4;ports:[105-109]');
    expect(formatResources(result.notAllocated)).toBe('cpus:2;ports:[110-119]');
    expect(formatResources(allocator.allocatedTo('F'))).toBe('mem:4096;ports:[100-104]');
    expect(formatResources(allocator.agent('agent-1')?.available ?? [])).toBe('cpus:4;ports:[105-109]');
  });

  it('tolerates an unknown agent or framework', () => {
    const allocator = newAllocator();
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    expect(allocator.recover('ghost', 'agent-1', 'r', res('cpus:1'), { refuseSeconds: 5 }, 0)).toEqual({
      recovered: [],
      notAllocated: res('cpus:1'),
    });
    expect(allocator.recover('ghost', 'no-agent', 'r', res('cpus:1'), undefined, 0).recovered).toEqual([]);
  });
});

describe('updateAllocation (reserve / unreserve)', () => {
  const dynamic = (role: string, scalar: number): Resource => ({
    name: 'cpus',
    type: 'scalar',
    scalar,
    reservation: { type: 'dynamic', role, principal: 'ops' },
  });

  it('replaces from by to in the allocation and the agent total', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('E', ['eng']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:1024'));
    allocator.allocate(0);
    allocator.updateAllocation('E', 'agent-1', 'eng', res('cpus:2'), [dynamic('eng', 2)]);
    expect(formatResources(allocator.agent('agent-1')?.total ?? [])).toBe('cpus:2;cpus(eng):2;mem:1024');
    expect(formatResources(allocator.allocatedTo('E'))).toBe('cpus:2;cpus(eng):2;mem:1024');
    // Give everything back; a framework of another role now gets only the unreserved part.
    allocator.removeFramework('E');
    allocator.addFramework(frameworkSpec('S', ['sales']));
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['S@agent-1/sales=cpus:2;mem:1024']);
  });

  it('refuses what is not allocated or is reserved outside the role, and changes nothing', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('E', ['eng']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:1024'));
    allocator.allocate(0);
    expect(() => allocator.updateAllocation('E', 'agent-1', 'eng', res('cpus:5'), [dynamic('eng', 5)])).toThrow(
      InvalidAllocationUpdateError,
    );
    expect(() => allocator.updateAllocation('E', 'agent-1', 'eng', res('cpus:2'), [dynamic('sales', 2)])).toThrow(
      InvalidAllocationUpdateError,
    );
    expect(() => allocator.updateAllocation('E', 'nope', 'eng', [], [])).toThrow(UnknownAgentError);
    expect(formatResources(allocator.agent('agent-1')?.total ?? [])).toBe('cpus:4;mem:1024');
    expect(formatResources(allocator.allocatedTo('E'))).toBe('cpus:4;mem:1024');
  });
});

describe('model changes', () => {
  it('loads a snapshot with existing allocations and offers only the rest', () => {
    const allocator = newAllocator();
    allocator.loadSnapshot({
      agents: [
        agentSpec('agent-1', 'cpus:4;mem:4096', {
          allocated: [{ frameworkId: 'A', role: 'a', resources: res('cpus:3;mem:1024') }],
        }),
      ],
      frameworks: [frameworkSpec('A', ['a']), frameworkSpec('B', ['b'])],
      quotas: [{ role: 'a', guarantee: res('cpus:1'), limit: [] }],
      weights: [{ role: 'b', weight: 2 }],
      policies: [{ role: 'a', policy: 'fifo' }],
    });
    expect([allocator.agentCount, allocator.frameworkCount]).toEqual([1, 2]);
    // A holds 3/4 cpus (share 0.75); B has 0 → B gets the rest.
    expect(describeAllocations(allocator.allocate(0))).toEqual(['B@agent-1/b=cpus:1;mem:3072']);
    expect(allocator.quotas()).toHaveLength(1);
    expect(allocator.policies()).toEqual([{ role: 'a', policy: 'fifo' }]);
  });

  it('keeps the previous model when a snapshot is invalid', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    expect(() =>
      allocator.loadSnapshot({
        agents: [agentSpec('dup', 'cpus:1'), agentSpec('dup', 'cpus:1')],
        frameworks: [],
        quotas: [],
        weights: [],
        policies: [],
      }),
    ).toThrow(DuplicateAgentError);
    expect(allocator.frameworks().map((f) => f.id)).toEqual(['F']);
    expect(allocator.agentCount).toBe(0);
  });

  it('refuses bad frameworks and leaves the model untouched', () => {
    const allocator = newAllocator();
    expect(() => allocator.addFramework(frameworkSpec('F', []))).toThrow(InvalidSpecError);
    expect(() => allocator.addFramework(frameworkSpec('F', ['*']))).toThrow(InvalidRoleError);
    expect(() => allocator.addFramework(frameworkSpec('', ['r']))).toThrow(InvalidSpecError);
    expect(() => allocator.updateFramework(frameworkSpec('F', ['r']))).toThrow(UnknownFrameworkError);
    expect(allocator.frameworkCount).toBe(0);
    expect(allocator.roleOrder()).toEqual([]);
  });

  it('frees everything of a removed framework, and forgets roles nobody uses', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.allocate(0);
    expect(allocator.removeFramework('F')).toBe(true);
    expect(allocator.removeFramework('F')).toBe(false);
    expect(formatResources(allocator.agent('agent-1')?.available ?? [])).toBe('cpus:4;mem:4096');
    expect(allocator.roleOrder()).toEqual([]);
    // A later recovery for it is a no-op.
    expect(allocator.recover('F', 'agent-1', 'r', res('cpus:4'), undefined, 0).recovered).toEqual([]);
  });

  it('drops an agent with its allocations and filters; removal is idempotent', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.addAgent(agentSpec('agent-2', 'cpus:4;mem:4096'));
    allocator.allocate(0);
    allocator.recover('F', 'agent-2', 'r', res('cpus:4;mem:4096'), { refuseSeconds: 60 }, 0);
    expect(allocator.removeAgent('agent-2')).toBe(true);
    expect(allocator.removeAgent('agent-2')).toBe(false);
    expect(allocator.framework('F')?.filters).toEqual([]);
    // F holds all of what is left: share 4/4 = 1.
    expect(allocator.roleShare('r')).toBeCloseTo(1, 9);
  });

  it('moves a framework between roles with updateFramework, keeping allocations until recovered', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['old'], { subscriptionSequence: 7 }));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.allocate(0);
    allocator.updateFramework(frameworkSpec('F', ['new'], { subscriptionSequence: 7 }));
    expect([...allocator.roleOrder()].sort()).toEqual(['new', 'old']);
    allocator.recover('F', 'agent-1', 'old', res('cpus:4;mem:4096'), undefined, 0);
    expect(allocator.roleOrder()).toEqual(['new']);
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['F@agent-1/new=cpus:4;mem:4096']);
  });

  it('offers nothing on an agent whose total shrank below its allocations, until enough is recovered', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['a']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/a=cpus:4;mem:4096']);
    allocator.addFramework(frameworkSpec('G', ['b']));
    allocator.updateAgentTotal('agent-1', res('cpus:2;mem:4096'));
    // Allocated 4 cpus > total 2: nothing free.
    expect(allocator.allocate(1000)).toEqual([]);
    allocator.recover('F', 'agent-1', 'a', res('cpus:3;mem:1024'), undefined, 1000);
    // F keeps 1 cpu, 3072 MB; total 2 cpus, 4096 MB → 1 cpu, 1024 MB free, for G (share 0 < F's).
    expect(describeAllocations(allocator.allocate(2000))).toEqual(['G@agent-1/b=cpus:1;mem:1024']);
  });
});
