import { call } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';

describe('kill -9 of the master', () => {
  let cluster: Cluster;
  let framework: TestFramework | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start();
  });

  afterAll(async () => {
    framework?.close();
    await cluster?.stop();
  });

  it('loses nothing: the agent re-registers, the framework re-subscribes with its ID, the task is still known', async () => {
    // Operator settings made before the crash.
    const operator = cluster.operator;
    await call<v1.SetQuotaRequest, unknown>(operator.SetQuota.bind(operator), {
      quota: {
        role: 'ops',
        guarantee: [{ name: 'cpus', type: 'SCALAR', scalar: 1 }],
        limit: [{ name: 'cpus', type: 'SCALAR', scalar: 3 }],
      },
    });
    await call<v1.UpdateWeightsRequest, unknown>(operator.UpdateWeights.bind(operator), {
      weights: [{ role: 'ops', weight: 2.5 }],
    });
    await call<v1.SetRolePolicyRequest, unknown>(operator.SetRolePolicy.bind(operator), {
      role: 'ops',
      policy: 'FIFO',
    });
    const first = await TestFramework.subscribe(cluster.masterAddress, { name: 'failover', roles: ['ops'] });
    framework = first;
    const frameworkId = first.id;
    await first.launch('long-sleep', { shell: true, value: 'sleep 60' });
    await first.waitForState('long-sleep', 'TASK_RUNNING');
    const [agentBefore] = await cluster.waitForAgents(1);
    const agentId = agentBefore?.info?.id?.value;
    expect(agentId).toBeTruthy();

    let streamClosed = false;
    first.session.on('closed', () => (streamClosed = true));
    await cluster.master.kill();
    await waitFor(() => streamClosed, { what: 'the framework to notice the master is gone' });
    first.close();

    await cluster.master.start();
    // The agent comes back with the same ID.
    const agents = await cluster.waitForAgents(1);
    expect(agents.map((a) => a.info?.id?.value)).toEqual([agentId]);

    // The framework re-subscribes with its ID and still owns its running task.
    const second = await TestFramework.subscribe(cluster.masterAddress, {
      id: { value: frameworkId },
      name: 'failover',
      roles: ['ops'],
    });
    framework = second;
    expect(second.id).toBe(frameworkId);
    const [status] = await second.session.reconcile(['long-sleep']);
    expect(status?.state).toBe('TASK_RUNNING');
    expect(status?.agentId?.value).toBe(agentId);
    const all = await second.session.reconcile();
    expect(all.map((s) => s.taskId?.value)).toContain('long-sleep');

    // Quota, weight and policy came back from Redis.
    const roles = await call<v1.GetRolesRequest, v1.GetRolesResponse__Output>(operator.GetRoles.bind(operator), {});
    const ops = roles.roles.find((r) => r.role === 'ops');
    expect(ops?.weight).toBe(2.5);
    expect(ops?.policy).toBe('FIFO');
    expect(ops?.quota?.guarantee.map((r) => [r.name, r.scalar])).toEqual([['cpus', 1]]);
    expect(ops?.quota?.limit.map((r) => [r.name, r.scalar])).toEqual([['cpus', 3]]);

    // ... and can still act on it.
    await second.session.kill('long-sleep');
    await second.waitForState('long-sleep', 'TASK_KILLED');
  });
});
