/**
 * Targeted cycles: `allocate(nowMs, agentIds)` offers only the named agents
 * (what the service runs after recoveries and agent changes), with the same
 * accounting as a full cycle.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/core/index.js';
import { agentSpec, describeAllocations, frameworkSpec, newAllocator, res } from './fixtures.js';

const quota = (role: string, guarantee: string, limit = '') => ({ role, guarantee: res(guarantee), limit: res(limit) });

describe('targeted allocation', () => {
  it('offers only the named agents; a full cycle offers the rest', () => {
    // Three agents of ⟨2 cpus, 1024 MB⟩, all allocated to F, two recovered:
    // the cycle targeted at agent-2 offers only agent-2; agent-1 waits for a full cycle.
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    for (let i = 0; i < 3; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:2;mem:1024'));
    expect(allocator.allocate(0)).toHaveLength(3);
    for (const id of ['agent-1', 'agent-2']) allocator.recover('F', id, 'r', res('cpus:2;mem:1024'), undefined, 0);

    expect(describeAllocations(allocator.allocate(0, ['agent-2']))).toEqual(['F@agent-2/r=cpus:2;mem:1024']);
    expect(allocator.agent('agent-1')?.allocated).toEqual([]);
    expect(describeAllocations(allocator.allocate(0))).toEqual(['F@agent-1/r=cpus:2;mem:1024']);
  });

  it.each([
    { what: 'no agents', agentIds: [], expected: [] },
    { what: 'an unknown agent', agentIds: ['ghost'], expected: [] },
    { what: 'an inactive agent', agentIds: ['off'], expected: [] },
    { what: 'an agent named twice', agentIds: ['on', 'on'], expected: ['F@on/r=cpus:1;mem:512'] },
  ])('skips what it cannot offer: $what', ({ agentIds, expected }) => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('on', 'cpus:1;mem:512'));
    allocator.addAgent(agentSpec('off', 'cpus:1;mem:512', { active: false }));
    expect(describeAllocations(allocator.allocate(0, agentIds))).toEqual(expected);
  });

  it('measures the headroom over the whole cluster, not over the named agents', () => {
    // idle is guaranteed 4 cpus and has no demand; a and b have ⟨4 cpus, 1024 MB⟩ each.
    // Cluster-wide: 8 cpus free - 4 held back = 4 cpus of surplus for O.
    // Targeted at a: O takes a's 4 cpus (a headroom counted over a alone would leave it none).
    // Targeted at b: 4 free - 4 held back = 0 cpus of surplus; O gets b's mem only (mem is not guaranteed).
    const allocator = newAllocator();
    allocator.setQuota(quota('idle', 'cpus:4'));
    allocator.addFramework(frameworkSpec('O', ['other']));
    allocator.addAgent(agentSpec('a', 'cpus:4;mem:1024'));
    allocator.addAgent(agentSpec('b', 'cpus:4;mem:1024'));
    expect(describeAllocations(allocator.allocate(0, ['a']))).toEqual(['O@a/other=cpus:4;mem:1024']);
    expect(describeAllocations(allocator.allocate(0, ['b']))).toEqual(['O@b/other=mem:1024']);
  });

  it('meets a guarantee on the named agents first (stage 1), and keeps limits', () => {
    // g is guaranteed ⟨3 cpus, 1024 MB⟩ and limited to 3 cpus; h weighs 100. Two agents of
    // ⟨8 cpus, 8192 MB⟩, agent-2 named. Stage 1: G gets what its guarantee needs, ⟨3, 1024⟩.
    // Stage 2: h (share 0) before g gets the rest of agent-2, ⟨5, 7168⟩.
    const allocator = newAllocator();
    allocator.setWeights([{ role: 'h', weight: 100 }]);
    allocator.setQuota(quota('g', 'cpus:3;mem:1024', 'cpus:3'));
    allocator.addFramework(frameworkSpec('G', ['g']));
    allocator.addFramework(frameworkSpec('H', ['h']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:8;mem:8192'));
    allocator.addAgent(agentSpec('agent-2', 'cpus:8;mem:8192'));
    expect(describeAllocations(allocator.allocate(0, ['agent-2']))).toEqual([
      'G@agent-2/g=cpus:3;mem:1024',
      'H@agent-2/h=cpus:5;mem:7168',
    ]);
    // The full cycle after it: g is at its limit, so agent-1 goes to H alone.
    expect(describeAllocations(allocator.allocate(0))).toEqual(['H@agent-1/h=cpus:8;mem:8192']);
  });

  it('visits the named agents in binpack order, whatever order they are given in', () => {
    // Free cpus: a 8, b 2, c 4 → binpack order b, c, a; the output follows the visiting order.
    const allocator = newAllocator({ placement: 'binpack' });
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('a', 'cpus:8;mem:1024'));
    allocator.addAgent(agentSpec('b', 'cpus:2;mem:1024'));
    allocator.addAgent(agentSpec('c', 'cpus:4;mem:1024'));
    expect(allocator.allocate(0, ['a', 'c']).map((a) => a.agentId)).toEqual(['c', 'a']);
    expect(allocator.allocate(0, ['b']).map((a) => a.agentId)).toEqual(['b']);
  });

  it('shuffles the named agents with the seeded PRNG, independently of the order given', () => {
    const order = (agentIds: string[]) => {
      const allocator = newAllocator({ random: mulberry32(7) });
      allocator.addFramework(frameworkSpec('F', ['r']));
      for (let i = 0; i < 10; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:1;mem:512'));
      return allocator.allocate(0, agentIds).map((a) => a.agentId);
    };
    const named = ['agent-7', 'agent-1', 'agent-4', 'agent-9', 'agent-2'];
    expect(order(named)).toEqual(order([...named].reverse()));
    expect([...order(named)].sort()).toEqual([...named].sort());
  });
});
