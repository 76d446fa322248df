import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';

describe('kill -9 of the allocator', () => {
  let cluster: Cluster;
  let framework: TestFramework | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start();
  });
  afterAll(async () => {
    framework?.close();
    await cluster?.stop();
  });

  it('the master keeps serving accepted work, then sends a snapshot and offers resume', async () => {
    framework = await TestFramework.subscribe(cluster.masterAddress, { name: 'steady', roles: ['steady'] });
    await framework.launch('before', { shell: true, value: 'sleep 60' });
    await framework.waitForState('before', 'TASK_RUNNING');

    await cluster.allocator.kill();
    // Accepted work goes on: the task is still known, and killing it still works.
    const [running] = await framework.session.reconcile(['before']);
    expect(running?.state).toBe('TASK_RUNNING');
    await framework.session.kill('before');
    await framework.waitForState('before', 'TASK_KILLED');
    const health = (await (await fetch(`http://127.0.0.1:${cluster.masterHttpPort}/healthz`)).json()) as {
      allocatorConnected: boolean;
    };
    expect(health.allocatorConnected).toBe(false);

    // Back: the master reconnects, sends a full snapshot, and offers resume.
    await cluster.allocator.start();
    await waitFor(
      async () =>
        (
          (await (await fetch(`http://127.0.0.1:${cluster.masterHttpPort}/healthz`)).json()) as {
            allocatorConnected: boolean;
          }
        ).allocatorConnected,
      { timeoutMs: 15_000, what: 'the master to reconnect to the allocator' },
    );
    await framework.launch('after', { shell: true, value: 'true' });
    await framework.waitForState('after', 'TASK_FINISHED');
  });
});
