import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/core/index.js';
import { agentSpec, describeAllocations, frameworkSpec, newAllocator, res } from './fixtures.js';

describe('placement order', () => {
  it('binpack fills the agent with the least free resources first, keeping whole agents free', () => {
    // big has 8 cpus free; small has 2 free (6 held by X). F is limited to 2 cpus:
    // binpack visits small (2 free) before big (8), so F lands on small and big stays whole.
    const allocator = newAllocator({ placement: 'binpack' });
    allocator.setQuota({ role: 'r', guarantee: [], limit: res('cpus:2;mem:2048') });
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('big', 'cpus:8;mem:8192'));
    allocator.addAgent(
      agentSpec('small', 'cpus:8;mem:8192', {
        allocated: [{ frameworkId: 'X', role: 'x', resources: res('cpus:6;mem:6144') }],
      }),
    );
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@small/r=cpus:2;mem:2048']);
    expect(allocator.agent('big')?.allocated).toEqual([]);
  });

  it('shuffle visits agents in a seeded random order: the same seed, the same order', () => {
    const run = (seed: number) => {
      const allocator = newAllocator({ random: mulberry32(seed) });
      allocator.setQuota({ role: 'r', guarantee: [], limit: res('cpus:1') });
      allocator.addFramework(frameworkSpec('F', ['r']));
      for (let i = 0; i < 20; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1'));
      return describeAllocations(allocator.allocate(0));
    };
    expect(run(7)).toEqual(run(7));
    const agentsChosen = new Set([1, 2, 3, 4, 5, 6].map((seed) => run(seed)[0]));
    expect(agentsChosen.size).toBeGreaterThan(1);
  });
});

describe('fragmentation', () => {
  it.each([
    // No free resources: 0.
    { agents: [], cpus: 0, mem: 0 },
    // ⟨4 cpus, 16 MB⟩ free: its 4 cpus are stranded (16 < 32 MB); with ⟨4, 4096⟩ elsewhere: 4 / 8 = 0.5.
    { agents: ['cpus:4;mem:16', 'cpus:4;mem:4096'], cpus: 0.5, mem: 0 },
    // ⟨0.005 cpus, 1024 MB⟩: the mem is stranded (0.005 < 0.01 cpus): 1024 / (1024 + 1024) = 0.5;
    // its 0.005 cpus are not (1024 MB of mem is there to go with them).
    { agents: ['cpus:0.005;mem:1024', 'cpus:1;mem:1024'], cpus: 0, mem: 0.5 },
  ])('$agents → cpus $cpus, mem $mem', ({ agents, cpus, mem }) => {
    const allocator = newAllocator();
    for (const [i, resources] of agents.entries()) allocator.addAgent(agentSpec(`agent-${i}`, resources));
    const fragmentation = allocator.fragmentation();
    expect(fragmentation.cpus).toBeCloseTo(cpus, 9);
    expect(fragmentation.mem).toBeCloseTo(mem, 9);
  });
});
