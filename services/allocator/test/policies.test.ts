import { describe, expect, it } from 'vitest';
import type { QueuePolicy } from '../src/core/index.js';
import { agentSpec, frameworkSpec, newAllocator, sumOf } from './fixtures.js';

describe('queue policies (one role, frameworks keep what they get)', () => {
  it.each<{
    policy: QueuePolicy;
    frameworks: { id: string; sequence: number; priority: number }[];
    cpus: Record<string, number>;
  }>([
    {
      // DRF: 6 agents of 1 cpu alternate between the two (0 = 0 → A by subscription; then B; ...): 3 and 3.
      policy: 'drf',
      frameworks: [
        { id: 'A', sequence: 1, priority: 0 },
        { id: 'B', sequence: 2, priority: 0 },
      ],
      cpus: { A: 3, B: 3 },
    },
    {
      // FIFO: the first subscriber gets every agent while it wants more.
      policy: 'fifo',
      frameworks: [
        { id: 'A', sequence: 1, priority: 0 },
        { id: 'B', sequence: 2, priority: 0 },
      ],
      cpus: { A: 6, B: 0 },
    },
    {
      // Priority: H (priority 5) before A and B (priority 0), whatever the subscription order.
      policy: 'priority',
      frameworks: [
        { id: 'A', sequence: 1, priority: 0 },
        { id: 'H', sequence: 3, priority: 5 },
      ],
      cpus: { A: 0, H: 6 },
    },
    {
      // Priority, DRF among equals: H1 and H2 (priority 1) alternate; L (priority 0) gets nothing.
      policy: 'priority',
      frameworks: [
        { id: 'L', sequence: 1, priority: 0 },
        { id: 'H1', sequence: 2, priority: 1 },
        { id: 'H2', sequence: 3, priority: 1 },
      ],
      cpus: { L: 0, H1: 3, H2: 3 },
    },
  ])('$policy: $cpus', ({ policy, frameworks, cpus }) => {
    const allocator = newAllocator();
    allocator.setPolicy('r', policy);
    for (const f of frameworks) {
      allocator.addFramework(frameworkSpec(f.id, ['r'], { subscriptionSequence: f.sequence, priority: f.priority }));
    }
    for (let i = 0; i < 6; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const allocations = allocator.allocate(0);
    for (const [id, expected] of Object.entries(cpus)) expect(sumOf(allocations, id, 'cpus')).toBe(expected);
  });

  it('switches a role to another policy keeping its frameworks and their allocations', () => {
    // DRF first: A and B get 2 agents each. Then FIFO: the next 4 agents all go to A.
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('A', ['r'], { subscriptionSequence: 1 }));
    allocator.addFramework(frameworkSpec('B', ['r'], { subscriptionSequence: 2 }));
    for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const first = allocator.allocate(0);
    expect([sumOf(first, 'A', 'cpus'), sumOf(first, 'B', 'cpus')]).toEqual([2, 2]);
    allocator.setPolicy('r', 'fifo');
    expect(allocator.frameworkShare('A', 'r')).toBeCloseTo(0.5, 9);
    for (let i = 4; i < 8; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const second = allocator.allocate(1000);
    expect([sumOf(second, 'A', 'cpus'), sumOf(second, 'B', 'cpus')]).toEqual([4, 0]);
    expect(allocator.policies()).toEqual([{ role: 'r', policy: 'fifo' }]);
  });

  it('applies each role its own policy', () => {
    // Role f is FIFO, role d is DRF; 8 agents split 4 / 4 between the roles (DRF over roles),
    // then FIFO gives all of f's to F1, DRF splits d's 2 / 2.
    const allocator = newAllocator();
    allocator.setPolicy('f', 'fifo');
    allocator.addFramework(frameworkSpec('F1', ['f'], { subscriptionSequence: 1 }));
    allocator.addFramework(frameworkSpec('F2', ['f'], { subscriptionSequence: 2 }));
    allocator.addFramework(frameworkSpec('D1', ['d'], { subscriptionSequence: 3 }));
    allocator.addFramework(frameworkSpec('D2', ['d'], { subscriptionSequence: 4 }));
    for (let i = 0; i < 8; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const allocations = allocator.allocate(0);
    expect(['F1', 'F2', 'D1', 'D2'].map((id) => sumOf(allocations, id, 'cpus'))).toEqual([4, 0, 2, 2]);
  });
});

describe('hierarchical roles and weights', () => {
  it.each([
    {
      // 12 agents of 1 cpu. Top level eng vs ops (equal weights): 6 / 6; inside eng ml / web: 3 / 3.
      weights: [],
      cpus: { ML: 3, WEB: 3, OPS: 6 },
    },
    {
      // eng weighs 2: eng / 2 = ops at eng 8, ops 4 (8 / 2 = 4); inside eng: 4 / 4.
      weights: [{ role: 'eng', weight: 2 }],
      cpus: { ML: 4, WEB: 4, OPS: 4 },
    },
    {
      // eng/ml weighs 3 inside eng: ml 4.5 vs web 1.5 of eng's 6 → with whole agents ml 4 or 5;
      // eng keeps 6 vs ops 6 whatever happens inside it.
      weights: [{ role: 'eng/ml', weight: 3 }],
      cpus: { OPS: 6 },
    },
  ])('weights $weights → $cpus', ({ weights, cpus }) => {
    const allocator = newAllocator();
    allocator.setWeights(weights);
    allocator.addFramework(frameworkSpec('ML', ['eng/ml']));
    allocator.addFramework(frameworkSpec('WEB', ['eng/web']));
    allocator.addFramework(frameworkSpec('OPS', ['ops']));
    for (let i = 0; i < 12; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const allocations = allocator.allocate(0);
    for (const [id, expected] of Object.entries(cpus)) expect(sumOf(allocations, id, 'cpus')).toBe(expected);
    expect(sumOf(allocations, 'ML', 'cpus') + sumOf(allocations, 'WEB', 'cpus')).toBe(
      12 - sumOf(allocations, 'OPS', 'cpus'),
    );
    if (weights.length === 0) {
      expect(allocator.roleShare('eng')).toBeCloseTo(0.5, 9);
      expect(allocator.roleShare('eng/ml')).toBeCloseTo(0.25, 9);
    }
  });

  it('ranks a role that has frameworks itself against its child roles', () => {
    // eng (own frameworks) and eng/ml, 4 agents of 1 cpu, nothing else: inside eng, 2 / 2.
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('E', ['eng']));
    allocator.addFramework(frameworkSpec('ML', ['eng/ml']));
    for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const allocations = allocator.allocate(0);
    expect([sumOf(allocations, 'E', 'cpus'), sumOf(allocations, 'ML', 'cpus')]).toEqual([2, 2]);
    expect(allocator.roleShare('eng')).toBeCloseTo(1, 9);
  });

  it('sorts a multi-role framework within each of its roles', () => {
    // M is in a and b; S only in b. 4 agents: roles a and b alternate (2 each); within b,
    // M and S alternate, so M gets a's 2 agents and 1 of b's, S the other of b's.
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('M', ['a', 'b'], { subscriptionSequence: 1, capabilities: ['MULTI_ROLE'] }));
    allocator.addFramework(frameworkSpec('S', ['b'], { subscriptionSequence: 2 }));
    for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:1024'));
    const allocations = allocator.allocate(0);
    expect(
      sumOf(
        allocations.filter((a) => a.role === 'a'),
        'M',
        'cpus',
      ),
    ).toBe(2);
    expect(
      sumOf(
        allocations.filter((a) => a.role === 'b'),
        'M',
        'cpus',
      ),
    ).toBe(1);
    expect(sumOf(allocations, 'S', 'cpus')).toBe(1);
    expect(allocator.frameworkShare('M', 'b')).toBeCloseTo(0.25, 9);
  });
});
