/**
 * Lending idle guarantees (beyond Mesos): resources held back for a role's
 * guarantee while the role has no demand are lent as revocable resources to
 * frameworks with REVOCABLE_RESOURCES, and revoked when the owner needs them.
 */
import { formatResources } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import { describeAllocations, agentSpec, frameworkSpec, newAllocator, res, sumOf } from './fixtures.js';

const quota = (role: string, guarantee: string) => ({ role, guarantee: res(guarantee), limit: [] });
/** Parses resource text and marks every entry revocable. */
const revocable = (text: string) => res(text).map((r) => ({ ...r, revocable: true }));

/** 4 agents of ⟨4 cpus, 4096 MB⟩; role owner guaranteed ⟨8, 8192⟩ with OWNER suppressed (idle). */
function cluster() {
  const allocator = newAllocator({ placement: 'binpack' });
  allocator.setQuota(quota('owner', 'cpus:8;mem:8192'));
  allocator.addFramework(frameworkSpec('OWNER', ['owner'], { subscriptionSequence: 1, suppressedRoles: ['owner'] }));
  allocator.addFramework(
    frameworkSpec('BORROWER', ['batch'], { subscriptionSequence: 2, capabilities: ['REVOCABLE_RESOURCES'] }),
  );
  allocator.addFramework(frameworkSpec('PLAIN', ['web'], { subscriptionSequence: 3 }));
  for (let i = 0; i < 4; i++) allocator.addAgent(agentSpec(`agent-${i}`, 'cpus:4;mem:4096'));
  return allocator;
}

describe('lending idle guarantees', () => {
  it('lends what is held back for an idle guarantee, only to REVOCABLE_RESOURCES frameworks', () => {
    // Headroom: 16 cpus free, 8 held for owner → 8 may be allocated non-revocably.
    // binpack visits agent-0..3 (equal free, by ID):
    //   agent-0: batch (0) before web (0, by name): BORROWER ⟨4, 4096⟩, surplus 8 → 4.
    //   agent-1: web (0) < batch (0.25): PLAIN ⟨4, 4096⟩, surplus 4 → 0.
    //   agent-2: batch (0.25) ties web (0.25), batch first: nothing non-revocable is left;
    //            8 idle - 0 lent → BORROWER gets ⟨4, 4096⟩ revocable.
    //   agent-3: web (0.25) < batch (0.5): PLAIN cannot take revocable resources → batch: lent 4 more.
    const allocator = cluster();
    expect(describeAllocations(allocator.allocate(0))).toEqual([
      'BORROWER@agent-0/batch=cpus:4;mem:4096',
      'BORROWER@agent-2/batch=cpus{REV}:4;mem{REV}:4096',
      'BORROWER@agent-3/batch=cpus{REV}:4;mem{REV}:4096',
      'PLAIN@agent-1/web=cpus:4;mem:4096',
    ]);
    expect(allocator.lentTotal('cpus')).toBe(8);
    // Lent resources count toward nobody's guarantee; the owner's guarantee is still unmet.
    expect(allocator.roles().find((r) => r.role === 'owner')?.consumed).toEqual({});
    expect(allocator.takeRevocations()).toEqual([]);
  });

  it('revokes lent resources when the owner has demand again, once, and gives them to the owner when recovered', () => {
    const allocator = cluster();
    allocator.allocate(0);
    // The owner revives: it needs ⟨8, 8192⟩, nothing is free → revoke 8 lent cpus and 8192 MB.
    allocator.revive('OWNER', []);
    expect(allocator.allocate(1000)).toEqual([]);
    const revocations = allocator.takeRevocations();
    expect(
      revocations.map((r) => `${r.frameworkId}@${r.agentId}/${r.role}=${formatResources(r.resources)}: ${r.reason}`),
    ).toEqual([
      'BORROWER@agent-2/batch=cpus{REV}:4;mem{REV}:4096: the guarantee of role owner needs them back',
      'BORROWER@agent-3/batch=cpus{REV}:4;mem{REV}:4096: the guarantee of role owner needs them back',
    ]);
    // Outstanding revocations are not repeated.
    expect(allocator.allocate(2000)).toEqual([]);
    expect(allocator.takeRevocations()).toEqual([]);
    // The master kills the borrower's tasks on agent-2 and recovers the resources: stage 1 gives them to the owner.
    allocator.recover('BORROWER', 'agent-2', 'batch', revocable('cpus:4;mem:4096'), undefined, 3000);
    expect(describeAllocations(allocator.allocate(3000))).toEqual(['OWNER@agent-2/owner=cpus:4;mem:4096']);
    expect(allocator.takeRevocations()).toEqual([]);
    allocator.recover('BORROWER', 'agent-3', 'batch', revocable('cpus:4;mem:4096'), undefined, 4000);
    expect(describeAllocations(allocator.allocate(4000))).toEqual(['OWNER@agent-3/owner=cpus:4;mem:4096']);
    expect(allocator.lentTotal('cpus')).toBe(0);
    expect(allocator.roles().find((r) => r.role === 'owner')?.consumed).toEqual({ cpus: 8, mem: 8192 });
  });

  it('revokes only the shortfall: free unreserved resources count first', () => {
    // After lending, PLAIN gives its agent-1 back (no filter): 4 cpus are free.
    // The owner revives and needs 8: stage 1 gives it agent-1's 4; 4 more are revoked (agent-2 only).
    const allocator = cluster();
    allocator.allocate(0);
    allocator.removeFramework('PLAIN');
    allocator.revive('OWNER', []);
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['OWNER@agent-1/owner=cpus:4;mem:4096']);
    expect(allocator.takeRevocations().map((r) => `${r.agentId}=${formatResources(r.resources)}`)).toEqual([
      'agent-2=cpus{REV}:4;mem{REV}:4096',
    ]);
  });

  it('ends a revocation when the borrower gives the resources back on its own, and lends nothing while the owner is active', () => {
    const allocator = cluster();
    allocator.allocate(0);
    allocator.revive('OWNER', []);
    allocator.allocate(1000);
    expect(allocator.takeRevocations()).toHaveLength(2);
    // The borrower leaves: everything it held comes back (12 cpus on agents 0, 2, 3); the owner gets
    // its guarantee in stage 1 (agents 0 and 2), and nothing is lent. Stage 2: web (4/16) ranks before
    // owner (8/16), so PLAIN gets agent-3.
    allocator.removeFramework('BORROWER');
    const allocations = allocator.allocate(2000);
    expect(sumOf(allocations, 'OWNER', 'cpus')).toBe(8);
    expect(sumOf(allocations, 'PLAIN', 'cpus')).toBe(4);
    expect(allocator.lent()).toEqual([]);
    expect(allocator.takeRevocations()).toEqual([]);
  });

  it('never lends beyond the idle guarantee, nor a borrower beyond its limit', () => {
    // Borrower limited to 2 cpus: gets 2 (non-revocable) and no lent cpus at all; mem is unlimited.
    const allocator = cluster();
    allocator.removeFramework('PLAIN');
    allocator.setQuota({ role: 'batch', guarantee: [], limit: res('cpus:2') });
    const allocations = allocator.allocate(0);
    expect(sumOf(allocations, 'BORROWER', 'cpus')).toBe(2);
    expect(allocator.lentTotal('cpus')).toBe(0);
    expect(allocator.lentTotal('mem')).toBe(8192);
  });
});

describe('lent resources across a snapshot', () => {
  it('treats revocable resources allocated beyond the agent total as lent, so they are not allocated twice', () => {
    // The agent has ⟨4 cpus⟩ unreserved; the master reports B holding 2 revocable cpus (lent before the
    // allocator restarted) and nothing else: 2 cpus are free, not 4.
    const allocator = newAllocator();
    allocator.loadSnapshot({
      agents: [
        agentSpec('agent-1', 'cpus:4;mem:4096', {
          allocated: [{ frameworkId: 'B', role: 'batch', resources: revocable('cpus:2') }],
        }),
      ],
      frameworks: [
        frameworkSpec('B', ['batch'], { capabilities: ['REVOCABLE_RESOURCES'] }),
        frameworkSpec('N', ['web']),
      ],
      quotas: [quota('owner', 'cpus:2')],
      weights: [],
      policies: [],
    });
    expect(formatResources(allocator.agent('agent-1')?.available ?? [])).toBe('cpus:2;mem:4096');
    expect(allocator.lentTotal('cpus')).toBe(2);
    // Recovering them returns unreserved cpus.
    allocator.recover('B', 'agent-1', 'batch', revocable('cpus:2'), undefined, 0);
    expect(formatResources(allocator.agent('agent-1')?.available ?? [])).toBe('cpus:4;mem:4096');
  });
});

describe('lending beside native revocable resources', () => {
  it('lends nothing of a kind on an agent that has native revocable resources of that kind', () => {
    // agent-n has 1 unreserved cpu and 1 native revocable cpu; owner's 1-cpu guarantee is idle.
    // Lending the unreserved cpu would put two indistinguishable "revocable cpus" in one allocation,
    // so BORROWER gets only the native revocable cpu there and the unreserved one stays held back.
    const allocator = newAllocator({ placement: 'binpack' });
    allocator.setQuota(quota('owner', 'cpus:1'));
    allocator.addFramework(frameworkSpec('OWNER', ['owner'], { subscriptionSequence: 1, suppressedRoles: ['owner'] }));
    allocator.addFramework(
      frameworkSpec('BORROWER', ['batch'], { subscriptionSequence: 2, capabilities: ['REVOCABLE_RESOURCES'] }),
    );
    allocator.addAgent(
      agentSpec('agent-n', 'mem:1024', { total: [...res('cpus:1;mem:1024'), ...revocable('cpus:1')] }),
    );
    expect(describeAllocations(allocator.allocate(0))).toEqual(['BORROWER@agent-n/batch=cpus{REV}:1;mem:1024']);
    expect(allocator.lentTotal('cpus')).toBe(0);
    // The owner arrives: its cpu is free, so it is met without any revocation.
    allocator.revive('OWNER', []);
    expect(describeAllocations(allocator.allocate(1000))).toEqual(['OWNER@agent-n/owner=cpus:1']);
    expect(allocator.takeRevocations()).toEqual([]);
  });
});
