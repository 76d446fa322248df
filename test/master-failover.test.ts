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

    // ... and can still act on it.
    await second.session.kill('long-sleep');
    await second.waitForState('long-sleep', 'TASK_KILLED');
  });
});
