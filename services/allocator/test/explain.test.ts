import { formatResources } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import { UnknownFrameworkError, type Explanation } from '../src/core/index.js';
import { agentSpec, describeAllocations, frameworkSpec, newAllocator, res } from './fixtures.js';

const codes = (explanation: Explanation) => explanation.reasons.map((r) => `${r.code}${r.role ? `:${r.role}` : ''}`);

describe('explain', () => {
  it('says INACTIVE for a framework whose scheduler is disconnected', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r'], { active: false }));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    const explanation = allocator.explain('F', 0);
    expect(codes(explanation)).toEqual(['INACTIVE']);
    expect(explanation.summary).toBe(
      'Framework F is inactive (its scheduler is disconnected) and gets no offers until it reconnects.',
    );
  });

  it('says NO_AGENTS when no agent is active', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096', { active: false }));
    expect(codes(allocator.explain('F', 0))).toEqual(['NO_AGENTS']);
  });

  it('says RECEIVING when free resources wait for it, first in line', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    const explanation = allocator.explain('F', 0);
    expect(codes(explanation)).toEqual(['RECEIVING:r']);
    expect(explanation.reasons[0]?.agentIds).toEqual(['agent-1']);
    expect(explanation.summary).toBe('Framework F is receiving resources in role r.');
  });

  it('names suppressed roles, filtered agents with their expiry, GPU agents and small leftovers', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['a', 'b']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.addAgent(agentSpec('agent-2', 'cpus:4;mem:4096'));
    allocator.addAgent(agentSpec('gpu-1', 'cpus:4;mem:4096;gpus:1'));
    allocator.addAgent(agentSpec('tiny-1', 'cpus:0.001;mem:8'));
    allocator.suppress('F', ['a']);
    // F is offered agent-1 and agent-2 in role b (and nothing else it may take), and declines both.
    expect(describeAllocations(allocator.allocate(1_000_000)).sort()).toEqual([
      'F@agent-1/b=cpus:4;mem:4096',
      'F@agent-2/b=cpus:4;mem:4096',
    ]);
    allocator.recover('F', 'agent-1', 'b', res('cpus:4;mem:4096'), { refuseSeconds: 30 }, 1_000_000);
    allocator.recover('F', 'agent-2', 'b', res('cpus:4;mem:4096'), { refuseSeconds: 30 }, 1_000_000);
    const explanation = allocator.explain('F', 1_005_000);
    // Every active agent is accounted for by a reason, so no WAITING_FOR_FAIR_SHARE.
    expect(codes(explanation)).toEqual(['SUPPRESSED:a', 'FILTERED:b', 'NO_GPU_CAPABILITY:b', 'BELOW_MIN_FRAGMENT:b']);
    const filtered = explanation.reasons.find((r) => r.code === 'FILTERED');
    expect(filtered?.agentIds).toEqual(['agent-1', 'agent-2']);
    expect(filtered?.untilMs).toBe(1_030_000); // 1 000 000 ms + 30 s
    expect(formatResources(filtered?.refused ?? [])).toBe('cpus:4;mem:4096');
    expect(filtered?.message).toBe(
      'refused cpus:4;mem:4096 on 2 agents (agent-1, agent-2) with a filter until 1970-01-01T00:17:10.000Z, ' +
        'and nothing more is free there; it is offered again when more is',
    );
    expect(explanation.reasons.find((r) => r.code === 'NO_GPU_CAPABILITY')?.agentIds).toEqual(['gpu-1']);
    expect(explanation.reasons.find((r) => r.code === 'BELOW_MIN_FRAGMENT')?.agentIds).toEqual(['tiny-1']);
    expect(explanation.summary).toMatch(/^Framework F gets no offers: suppressed in role a until it revives \[a\]; /);
    expect(explanation.summary).toContain('until 1970-01-01T00:17:10.000Z');
    // Narrowed to one role.
    expect(codes(allocator.explain('F', 1_005_000, 'a'))).toEqual(['SUPPRESSED:a']);
    // Once the filters expire, agent-1 and agent-2 are free for it again.
    expect(codes(allocator.explain('F', 1_030_000, 'b'))).toContain('RECEIVING:b');
  });

  it('says FILTERED only while what is free is contained in what it refused', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.allocate(0);
    // Keeps ⟨2, 2048⟩ for its tasks, refuses the other ⟨2, 2048⟩ for 5 s.
    allocator.recover('F', 'agent-1', 'r', res('cpus:2;mem:2048'), { refuseSeconds: 5 }, 0);
    const filtered = allocator.explain('F', 1000);
    expect(codes(filtered)).toEqual(['FILTERED:r']);
    expect(filtered.reasons[0]?.untilMs).toBe(5000);
    expect(formatResources(filtered.reasons[0]?.refused ?? [])).toBe('cpus:2;mem:2048');
    // A task of ⟨1, 1024⟩ ends: ⟨3, 3072⟩ free is more than it refused, and the next cycle offers it.
    allocator.recover('F', 'agent-1', 'r', res('cpus:1;mem:1024'), undefined, 1000);
    expect(codes(allocator.explain('F', 1000))).toEqual(['RECEIVING:r']);
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['F@agent-1/r=cpus:3;mem:3072']);
  });

  it('says WAITING_FOR_FAIR_SHARE when others rank ahead or hold everything', () => {
    // (Only when some agent has nothing left for the role: a filtered agent is FILTERED, not busy.)
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('A', ['r'], { subscriptionSequence: 1 }));
    allocator.addFramework(frameworkSpec('B', ['r'], { subscriptionSequence: 2 }));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    // Both at share 0; A ranks first by subscription order.
    expect(allocator.explain('B', 0).reasons[0]?.message).toBe(
      '1 framework in role r with a smaller share rank ahead of it (its share: 0%)',
    );
    allocator.allocate(0);
    const explanation = allocator.explain('B', 0);
    expect(codes(explanation)).toEqual(['WAITING_FOR_FAIR_SHARE:r']);
    expect(explanation.summary).toContain('everything role r may use on 1 agent is allocated');
    expect(allocator.explain('A', 0).summary).toContain('(its share: 100%)');
  });

  it('answers for a role the framework is not in, and refuses unknown frameworks', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('F', ['r']));
    expect(allocator.explain('F', 0, 'other')).toEqual({
      frameworkId: 'F',
      summary: 'Framework F is not subscribed to role other.',
      reasons: [],
    });
    expect(() => allocator.explain('ghost', 0)).toThrow(UnknownFrameworkError);
  });
});

describe('explain with quota, roles and policies', () => {
  it('says QUOTA_LIMIT when the role (or an ancestor) is at its limit', () => {
    const allocator = newAllocator();
    allocator.setQuota({ role: 'eng', guarantee: [], limit: res('cpus:4;mem:4096') });
    allocator.addFramework(frameworkSpec('F', ['eng/ml']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    allocator.addAgent(agentSpec('agent-2', 'cpus:4;mem:4096'));
    allocator.allocate(0);
    const explanation = allocator.explain('F', 0);
    expect(codes(explanation)).toEqual(['QUOTA_LIMIT:eng/ml']);
    expect(explanation.summary).toBe(
      'Framework F gets no offers: role eng/ml is inside role eng, which is at its quota limit (cpus:4;mem:4096).',
    );
  });

  it('names the roles ranked ahead when it waits for its fair share', () => {
    // a holds nothing and ranks first; b waits for the free agent behind it.
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('A', ['a']));
    allocator.addFramework(frameworkSpec('B', ['b']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    const explanation = allocator.explain('B', 0);
    expect(codes(explanation)).toEqual(['WAITING_FOR_FAIR_SHARE:b']);
    expect(explanation.reasons[0]?.rolesAhead).toEqual(['a']);
    expect(explanation.summary).toBe(
      'Framework B gets no offers: 1 role with smaller shares rank ahead of role b (a) (its share: 0%).',
    );
    expect(codes(allocator.explain('A', 0))).toEqual(['RECEIVING:a']);
  });

  it('says RECEIVING for agents the frameworks ahead have declined', () => {
    const allocator = newAllocator();
    allocator.addFramework(frameworkSpec('A', ['a']));
    allocator.addFramework(frameworkSpec('B', ['b']));
    allocator.addAgent(agentSpec('agent-1', 'cpus:4;mem:4096'));
    // Roles a and b tie at share 0; a ranks first by name and gets the agent, then A declines it.
    expect(describeAllocations(allocator.allocate(0))).toEqual(['A@agent-1/a=cpus:4;mem:4096']);
    allocator.recover('A', 'agent-1', 'a', res('cpus:4;mem:4096'), { refuseSeconds: 60 }, 0);
    expect(codes(allocator.explain('B', 1000))).toEqual(['RECEIVING:b']);
  });
});
