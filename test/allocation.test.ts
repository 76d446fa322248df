import { call } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { GreedyFramework } from './support/greedy-framework.js';

describe('fair sharing between roles, on real processes', () => {
  let cluster: Cluster;
  const frameworks: GreedyFramework[] = [];

  beforeAll(async () => {
    // 8 cpus: room for 16 tasks of 0.5 cpus (memory is plentiful, so cpus are every role's dominant resource).
    cluster = await Cluster.start({ agentResources: 'cpus:8;mem:16384;disk:1000;ports:[31000-31100]' });
  });
  afterAll(async () => {
    await Promise.all(frameworks.map((f) => f.stop()));
    await cluster?.stop();
  });

  it('two greedy frameworks in roles of weight 1 and 3 converge to a 1:3 split', async () => {
    await call<v1.UpdateWeightsRequest, v1.UpdateWeightsResponse__Output>(
      cluster.operator.UpdateWeights.bind(cluster.operator),
      {
        weights: [
          { role: 'light', weight: 1 },
          { role: 'heavy', weight: 3 },
        ],
      },
    );
    const options = { taskResources: 'cpus:0.5;mem:64', suppressed: true };
    const light = await GreedyFramework.start(cluster.masterAddress, { name: 'light', role: 'light', ...options });
    const heavy = await GreedyFramework.start(cluster.masterAddress, { name: 'heavy', role: 'heavy', ...options });
    frameworks.push(light, heavy);
    // Both start wanting at the same moment.
    await Promise.all([light.revive(), heavy.revive()]);
    await waitFor(() => light.running.size + heavy.running.size === 16, {
      timeoutMs: 60_000,
      what: `16 tasks running (light ${light.running.size}, heavy ${heavy.running.size})`,
    });
    console.log(
      JSON.stringify(
        [...light.statuses, ...heavy.statuses]
          .filter((s) => s.state === 'TASK_STAGING' || s.state === 'TASK_STARTING')
          .sort((a, b) => a.timestamp - b.timestamp)
          .map((s) => s.taskId?.value),
      ),
    );
    // Weighted shares equal: light/1 = heavy/3 with light + heavy = 16 → 4 and 12 (one task of slack
    // for the order in which the last offers land).
    expect(Math.abs(light.running.size - 4)).toBeLessThanOrEqual(1);
    expect(heavy.running.size).toBe(16 - light.running.size);
  });
});

describe('lending idle guarantees, on real processes', () => {
  let cluster: Cluster;
  const frameworks: GreedyFramework[] = [];

  beforeAll(async () => {
    cluster = await Cluster.start({ agentResources: 'cpus:4;mem:16384;disk:1000;ports:[31000-31100]' });
  });
  afterAll(async () => {
    await Promise.all(frameworks.map((f) => f.stop()));
    await cluster?.stop();
  });

  it('a role with a guarantee gets its resources back from a lending borrower through revocation', async () => {
    await call<v1.SetQuotaRequest, v1.SetQuotaResponse__Output>(cluster.operator.SetQuota.bind(cluster.operator), {
      quota: { role: 'owner', guarantee: [{ name: 'cpus', type: 'SCALAR', scalar: 2 }], limit: [] },
    });
    // The borrower may use revocable resources: it gets the 2 unguaranteed cpus and,
    // lent, the owner's idle 2 — 8 tasks of 0.5 cpus, 4 of them on revocable cpus.
    const borrower = await GreedyFramework.start(cluster.masterAddress, {
      name: 'borrower',
      role: 'borrower',
      taskResources: 'cpus:0.5;mem:64',
      capabilities: ['REVOCABLE_RESOURCES'],
      useRevocable: true,
    });
    frameworks.push(borrower);
    await waitFor(() => borrower.running.size === 8, {
      timeoutMs: 30_000,
      what: `the borrower to run 8 tasks (runs ${borrower.running.size})`,
    });

    // The owner arrives: its guarantee is lent out, so the borrower's lent tasks are preempted.
    const owner = await GreedyFramework.start(cluster.masterAddress, {
      name: 'owner',
      role: 'owner',
      taskResources: 'cpus:0.5;mem:64',
    });
    frameworks.push(owner);
    await waitFor(() => owner.running.size === 4, {
      timeoutMs: 30_000,
      what: `the owner to run 4 tasks on its guarantee (runs ${owner.running.size}, borrower ${borrower.running.size})`,
    });
    const preempted = [...borrower.ended.values()].filter((s) => s.reason === 'REASON_PREEMPTED');
    expect(preempted.length).toBe(4);
    expect(preempted.every((s) => s.state === 'TASK_KILLED')).toBe(true);
    expect(borrower.running.size).toBe(4);
  });
});
