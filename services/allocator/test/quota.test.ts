import { formatResources } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import { InvalidQuotaError, InvalidRoleError } from '../src/core/index.js';
import { agentSpec, describeAllocations, frameworkSpec, newAllocator, res, sumOf } from './fixtures.js';

const quota = (role: string, guarantee: string, limit = '') => ({ role, guarantee: res(guarantee), limit: res(limit) });

describe('quota guarantees (stage 1)', () => {
  it('satisfies a guarantee before fair share, whatever the weights', () => {
    // 4 agents of ⟨4 cpus, 4096 MB⟩. Role g is guaranteed ⟨8, 8192⟩; role other weighs 10.
    // Stage 1: G gets two agents (need 8 → 4 → 0). Stage 2: the two left go to O
    // (other: 0/10 < g: 0.5; then other 0.25/10 < 0.5). G: 8 cpus, O: 8 cpus.
    const allocator = newAllocator();
    allocator.setWeights([{ role: 'other', weight: 10 }]);
    allocator.setQuota(quota('g', 'cpus:8;mem:8192'));
    allocator.addFramework(frameworkSpec('O', ['other'], { subscriptionSequence: 1 }));
    allocator.addFramework(frameworkSpec('G', ['g'], { subscriptionSequence: 2 }));
    for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:4;mem:4096'));
    const allocations = allocator.allocate(0);
    expect(sumOf(allocations, 'G', 'cpus')).toBe(8);
    expect(sumOf(allocations, 'G', 'mem')).toBe(8192);
    expect(sumOf(allocations, 'O', 'cpus')).toBe(8);
  });

  it('allocates only what the guarantee still needs in stage 1, cutting an agent', () => {
    // One agent ⟨8 cpus, 8192 MB⟩; g guaranteed ⟨3 cpus, 1024 MB⟩, h weighs 100.
    // Stage 1: G gets ⟨3, 1024⟩ (the guaranteed part only).
    // Stage 2: h (share 0) before g (3/8): H gets the rest ⟨5, 7168⟩.
    const allocator = newAllocator();
    allocator.setWeights([{ role: 'h', weight: 100 }]);
    allocator.setQuota(quota('g', 'cpus:3;mem:1024'));
    allocator.addFramework(frameworkSpec('G', ['g']));
    allocator.addFramework(frameworkSpec('H', ['h']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:8;mem:8192'));
    expect(describeAllocations(allocator.allocate(0))).toEqual([
      'G@agent-1/g=cpus:3;mem:1024',
      'H@agent-1/h=cpus:5;mem:7168',
    ]);
  });

  it('counts a parent guarantee for frameworks in its children (hierarchical)', () => {
    // eng is guaranteed 8 cpus; its frameworks are in eng/ml. other weighs 100.
    // Stage 1 gives eng/ml 8 cpus (two agents of 4); stage 2 gives other the rest.
    const allocator = newAllocator();
    allocator.setWeights([{ role: 'other', weight: 100 }]);
    allocator.setQuota(quota('eng', 'cpus:8;mem:8192'));
    allocator.addFramework(frameworkSpec('ML', ['eng/ml']));
    allocator.addFramework(frameworkSpec('O', ['other']));
    for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:4;mem:4096'));
    const allocations = allocator.allocate(0);
    expect(sumOf(allocations, 'ML', 'cpus')).toBe(8);
    expect(sumOf(allocations, 'O', 'cpus')).toBe(8);
    expect(allocator.roles().find((r) => r.role === 'eng')?.consumed).toEqual({ cpus: 8, mem: 8192 });
  });

  it('serves roles below their guarantee in DRF order when there is not enough for all', () => {
    // 3 agents of 2 cpus; a and b each guaranteed 4 cpus (8 > 6 available).
    // Stage 1, agent by agent: a (0) → 2; b (0) → 2; a (2/6) vs b (2/6) tie → a → 2.
    // a: 4 (met), b: 2 (unmet: nothing left).
    const allocator = newAllocator();
    allocator.setQuota(quota('a', 'cpus:4'));
    allocator.setQuota(quota('b', 'cpus:4'));
    allocator.addFramework(frameworkSpec('A', ['a']));
    allocator.addFramework(frameworkSpec('B', ['b']));
    for (let i = 0; i < 3; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:2;mem:2048'));
    const allocations = allocator.allocate(0);
    expect(sumOf(allocations, 'A', 'cpus')).toBe(4);
    expect(sumOf(allocations, 'B', 'cpus')).toBe(2);
  });
});

describe('quota headroom (stage 2)', () => {
  it("holds back unreserved resources for a guarantee nobody is using (Mesos's headroom)", () => {
    // 4 agents of ⟨4, 4096⟩ = ⟨16, 16384⟩; idle role g guaranteed ⟨8, 8192⟩ (no framework).
    // O may take 16 - 8 = 8 cpus and 16384 - 8192 = 8192 MB; the rest stays free.
    const allocator = newAllocator();
    allocator.setQuota(quota('g', 'cpus:8;mem:8192'));
    allocator.addFramework(frameworkSpec('O', ['other']));
    for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:4;mem:4096'));
    const allocations = allocator.allocate(0);
    expect(sumOf(allocations, 'O', 'cpus')).toBe(8);
    expect(sumOf(allocations, 'O', 'mem')).toBe(8192);
    // A framework arriving in g gets the held-back resources at once.
    allocator.addFramework(frameworkSpec('G', ['g']));
    const next = allocator.allocate(1000);
    expect(sumOf(next, 'G', 'cpus')).toBe(8);
    expect(sumOf(next, 'O', 'cpus')).toBe(0);
  });

  it('counts reservations toward the guarantee: a reserved role needs no headroom', () => {
    // g is guaranteed 4 cpus and has 4 cpus reserved on the agent: its guarantee is met,
    // so O (another role) gets every unreserved cpu; the reserved ones stay for g.
    const allocator = newAllocator();
    allocator.setQuota(quota('g', 'cpus:4'));
    allocator.addFramework(frameworkSpec('O', ['other']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096;cpus(g):4'));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['O@agent-1/other=cpus:4;mem:4096']);
  });
});

describe('quota limits', () => {
  it.each([
    // 2 agents of ⟨4 cpus, 4096 MB⟩; one framework in role r that keeps everything.
    { limit: 'cpus:6', cpus: 6, mem: 8192 }, // second agent cut to 2 cpus; mem unlimited
    { limit: 'cpus:6;mem:5000', cpus: 6, mem: 5000 }, // 4096 + 904
    { limit: 'cpus:0', cpus: 0, mem: 8192 }, // no cpus at all; mem alone is an allocation (≥ 32 MB)
    { limit: 'cpus:0.005;mem:16', cpus: 0, mem: 0 }, // below the minimum fragment: nothing
    { limit: 'gpus:1', cpus: 8, mem: 8192 }, // a limit on a kind the agents lack changes nothing
  ])('limit $limit → cpus $cpus, mem $mem', ({ limit, cpus, mem }) => {
    const allocator = newAllocator();
    // NOTE: parsing drops zero scalars; a limit of cpus:0 is written out.
    const limitResources = limit === 'cpus:0' ? [{ name: 'cpus', type: 'scalar' as const, scalar: 0 }] : res(limit);
    allocator.setQuota({ role: 'r', guarantee: [], limit: limitResources });
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.addAgent(agentSpec('agent-2', 'cpus:4;mem:4096'));
    const allocations = [...allocator.allocate(0), ...allocator.allocate(1000)];
    expect(sumOf(allocations, 'F', 'cpus')).toBe(cpus);
    expect(sumOf(allocations, 'F', 'mem')).toBe(mem);
  });

  it("bounds a parent's subtree: children share the parent's limit", () => {
    // eng limited to 6 cpus; eng/a and eng/b each keep what they get: 6 in total,
    // split by DRF within eng (a 4, b 2, or the reverse, depending on the agent order).
    const allocator = newAllocator();
    allocator.setQuota(quota('eng', '', 'cpus:6'));
    allocator.addFramework(frameworkSpec('A', ['eng/a']));
    allocator.addFramework(frameworkSpec('B', ['eng/b']));
    for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:4;mem:4096'));
    const allocations = allocator.allocate(0);
    expect(sumOf(allocations, 'A', 'cpus') + sumOf(allocations, 'B', 'cpus')).toBe(6);
  });

  it('counts reservations toward the limit', () => {
    // r is limited to 4 cpus and has 4 reserved: it gets its reservation and unreserved mem, no unreserved cpus.
    const allocator = newAllocator();
    allocator.setQuota(quota('r', '', 'cpus:4'));
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096;cpus(r):4'));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/r=cpus(r):4;mem:4096']);
  });

  it('lifts the cut when the quota is removed', () => {
    const allocator = newAllocator();
    allocator.setQuota(quota('r', '', 'cpus:1'));
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/r=cpus:1;mem:4096']);
    allocator.removeQuota('r');
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['F@agent-1/r=cpus:3']);
  });
});

describe('quota validation', () => {
  it.each([
    { q: quota('r', 'cpus:4', 'cpus:2'), message: 'limit cpus:2 is below the guarantee cpus:4' },
    { q: quota('r', 'cpus(eng):4'), message: 'guarantee cpus must be unreserved' },
    { q: quota('r', 'ports:[1-2]'), message: 'guarantee ports must be a scalar' },
    {
      q: { role: 'r', guarantee: [{ name: 'cpus', type: 'scalar' as const, scalar: -1 }], limit: [] },
      message: 'guarantee cpus:-1 must be a finite amount >= 0',
    },
    {
      q: { role: 'r', guarantee: [], limit: [{ name: 'cpus', type: 'scalar' as const, scalar: 1, revocable: true }] },
      message: 'limit cpus must not be revocable',
    },
  ])('refuses $message', ({ q, message }) => {
    const allocator = newAllocator();
    expect(() => allocator.setQuota(q)).toThrow(message);
    expect(() => allocator.setQuota(q)).toThrow(InvalidQuotaError);
    expect(allocator.quotas()).toEqual([]);
  });

  it('refuses a child guarantee above a parent limit, and a parent limit below a child guarantee', () => {
    const allocator = newAllocator();
    allocator.setQuota(quota('eng', '', 'cpus:10'));
    expect(() => allocator.setQuota(quota('eng/ml', 'cpus:12'))).toThrow(
      'guarantee cpus:12 is above the limit cpus:10 of its parent role eng',
    );
    allocator.setQuota(quota('eng/ml', 'cpus:8'));
    expect(() => allocator.setQuota(quota('eng', '', 'cpus:6'))).toThrow(
      'limit cpus:6 is below the guarantee cpus:8 of its child role eng/ml',
    );
    expect(
      allocator.quotas().map((q) => `${q.role}=${formatResources(q.guarantee)}/${formatResources(q.limit)}`),
    ).toEqual(['eng=/cpus:10', 'eng/ml=cpus:8/']);
    expect(() => allocator.setQuota(quota('*', 'cpus:1'))).toThrow(InvalidRoleError);
  });

  it('treats a quota with neither guarantee nor limit as removal', () => {
    const allocator = newAllocator();
    allocator.setQuota(quota('r', 'cpus:1'));
    allocator.setQuota(quota('r', ''));
    expect(allocator.quotas()).toEqual([]);
  });
});
