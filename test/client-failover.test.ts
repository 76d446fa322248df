import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';

describe('a framework on the client package, across kill -9 of the master', () => {
  let cluster: Cluster;
  let framework: TestFramework | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start({ leaderLeaseMs: 6_000 });
  });

  afterAll(async () => {
    framework?.close();
    await cluster?.stop();
  });

  it('is re-subscribed with its ID, learns its task by reconciliation, and launches again with no code of its own', async () => {
    // The session's defaults: it re-subscribes by itself. The framework has no failover code at all.
    const rider = await TestFramework.subscribe(
      cluster.masterAddress,
      { name: 'rider', roles: ['ride'] },
      { reconnect: true },
    );
    framework = rider;
    const frameworkId = rider.id;
    const seen = {
      disconnected: [] as Error[],
      resubscribed: [] as string[],
      reconciled: [] as v1.TaskStatus__Output[][],
      closed: [] as (Error | undefined)[],
    };
    rider.session.on('disconnected', (cause) => seen.disconnected.push(cause));
    rider.session.on('resubscribed', (id) => seen.resubscribed.push(id));
    rider.session.on('reconciled', (statuses) => seen.reconciled.push(statuses));
    rider.session.on('closed', (error) => seen.closed.push(error));

    await rider.launch('before-crash', { shell: true, value: 'sleep 60' });
    await rider.waitForState('before-crash', 'TASK_RUNNING');
    const updatesBeforeCrash = rider.updates.length;

    await cluster.master.kill();
    await waitFor(() => seen.disconnected.length === 1, {
      timeoutMs: 30_000,
      what: 'the session to notice the master is gone',
    });
    expect(rider.session.state).toBe('disconnected');
    await cluster.master.restart();

    // Re-subscribed with the same ID, and told its task's state by reconciliation.
    const [reconciled] = await waitFor(() => seen.reconciled.length > 0 && seen.reconciled, {
      timeoutMs: 60_000,
      intervalMs: 50,
      what: 'the session to re-subscribe and reconcile',
    });
    expect(seen.resubscribed).toEqual([frameworkId]);
    expect(rider.id).toBe(frameworkId);
    expect(reconciled?.map((s) => [s.taskId?.value, s.state])).toEqual([['before-crash', 'TASK_RUNNING']]);
    // (An update not acknowledged before the crash may come again too; the reconciliation's is marked.)
    const learned = rider.updates
      .slice(updatesBeforeCrash)
      .find((u) => u.taskId?.value === 'before-crash' && u.reason === 'REASON_RECONCILIATION');
    expect(learned?.state).toBe('TASK_RUNNING');

    // New offers come, and a new task runs to its end.
    await rider.launch('after-restart', { shell: true, value: 'echo back' });
    await rider.waitForState('after-restart', 'TASK_FINISHED');

    // One lost stream, one `disconnected`; the session never ended.
    expect(seen.disconnected).toHaveLength(1);
    expect(seen.closed).toEqual([]);
    const [status] = await rider.session.reconcile(['before-crash']);
    expect(status?.state).toBe('TASK_RUNNING');

    await rider.session.teardown();
    expect(seen.closed).toEqual([undefined]);
  });
});
