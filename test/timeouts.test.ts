import { SchedulerSession } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';

describe("the master's timeouts", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await Cluster.start({
      masterFlags: ['--offer-timeout-ms', '500', '--agent-unreachable-timeout-ms', '1500'],
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('rescinds an offer nobody uses after the offer timeout, and offers the resources again', async () => {
    const offers: v1.Offer__Output[] = [];
    const rescinded: string[] = [];
    const hoarder = await SchedulerSession.open(
      cluster.masterAddress,
      { name: 'hoarder', roles: ['hoard'] },
      {},
      (s) => {
        s.on('offers', (batch) => offers.push(...batch));
        s.on('rescind', (id) => rescinded.push(id));
      },
    );
    try {
      const first = await waitFor(() => offers[0], { what: 'an offer' });
      await waitFor(() => rescinded.includes(first.id?.value ?? ''), { what: 'the offer to be rescinded' });
      // The rescinded resources come back in a new offer.
      await waitFor(() => offers.find((o) => o.id?.value !== first.id?.value), { what: 'a new offer' });
    } finally {
      await hoarder.teardown();
      hoarder.close();
    }
  });

  it('marks a task TASK_UNREACHABLE when its agent stays away past the timeout', async () => {
    const framework = await TestFramework.subscribe(cluster.masterAddress, { name: 'partition', roles: ['p'] });
    try {
      await framework.launch('stranded', { shell: true, value: 'sleep 60' });
      await framework.waitForState('stranded', 'TASK_RUNNING');
      await cluster.agent.kill();
      const status = await framework.waitForState('stranded', 'TASK_UNREACHABLE', 10_000);
      expect(status.reason).toBe('REASON_AGENT_DISCONNECTED');
      const [agent] = await cluster.agents();
      expect(agent?.status).toBe('UNREACHABLE');
      const [reconciled] = await framework.session.reconcile(['stranded']);
      expect(reconciled?.state).toBe('TASK_UNREACHABLE');
    } finally {
      framework.close();
    }
  });
});
