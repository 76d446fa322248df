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
