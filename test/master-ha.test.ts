import { call, operatorClient } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { isNotLeaderError, leaderNamedBy } from '@tessera/runtime';
import { waitFor } from '@tessera/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster, type ClusterMaster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';

async function weights(master: ClusterMaster): Promise<v1.WeightInfo__Output[]> {
  const client = operatorClient(master.address);
  try {
    const response = await call<v1.GetWeightsRequest, v1.GetWeightsResponse__Output>(
      client.GetWeights.bind(client),
      {},
    );
    return response.weights;
  } finally {
    client.close();
  }
}

async function setWeight(master: ClusterMaster, role: string, weight: number, timeoutMs = 10_000): Promise<void> {
  const client = operatorClient(master.address);
  try {
    await call<v1.UpdateWeightsRequest, unknown>(
      client.UpdateWeights.bind(client),
      { weights: [{ role, weight }] },
      timeoutMs,
    );
  } finally {
    client.close();
  }
}

describe('three masters on one Redis', () => {
  let cluster: Cluster | undefined;
  let framework: TestFramework | undefined;
  afterEach(async () => {
    framework?.close();
    framework = undefined;
    await cluster?.stop();
    cluster = undefined;
  });

  it('kill -9 of the leader: a follower leads with the registry, agents and frameworks follow it by themselves', async () => {
    cluster = await Cluster.start({ masters: 3, redisPersistence: 'everysec' });
    const first = await cluster.leader();
    const followers = cluster.masterList.filter((m) => m !== first);
    // Followers name the leader, on /healthz and in their refusals.
    await waitFor(
      async () => {
        const said = await Promise.all(followers.map((m) => cluster?.masterHealth(m)));
        return said.every((h) => h?.role === 'follower' && h.leaderAddress === first.address);
      },
      { what: 'the followers to name the leader' },
    );
    const refusal = await weights(followers[0] as ClusterMaster).catch((error: unknown) => error);
    expect(isNotLeaderError(refusal)).toBe(true);
    expect(leaderNamedBy(refusal)).toBe(first.address);

    await setWeight(first, 'web', 3);
    // The framework is given every master, the follower first: it finds the leader by itself.
    const listed = [...followers.map((m) => m.address), first.address].join(',');
    framework = await TestFramework.subscribe(listed, { name: 'ha', roles: ['web'] }, { reconnect: true });
    const frameworkId = framework.id;
    await framework.launch('before', { shell: true, value: 'sleep 60' });
    await framework.waitForState('before', 'TASK_RUNNING');
    const [agentBefore] = await cluster.waitForAgents(1);

    await first.process.kill();
    const next = await cluster.leader();
    expect(next).not.toBe(first);
    // The registry came with it: the weight, the framework, the agent, the task.
    expect(await weights(next)).toContainEqual(expect.objectContaining({ role: 'web', weight: 3 }));
    const nextOperator = operatorClient(next.address);
    try {
      await waitFor(
        async () => {
          const agents = await call<v1.GetAgentsRequest, v1.GetAgentsResponse__Output>(
            nextOperator.GetAgents.bind(nextOperator),
            {},
          );
          return agents.agents.some((a) => a.info?.id?.value === agentBefore?.info?.id?.value && a.status === 'ACTIVE');
        },
        { what: 'the agent to re-register with the new leader, with its ID' },
      );
    } finally {
      nextOperator.close();
    }
    // The framework re-subscribed with its ID at the new leader and still has its task running.
    await waitFor(() => framework?.session.address === next.address && framework.session.state === 'subscribed', {
      what: 'the framework to follow the new leader',
    });
    expect(framework.session.frameworkId).toBe(frameworkId);
    await framework.launch('after', { shell: true, value: 'sleep 60' });
    await framework.waitForState('after', 'TASK_RUNNING');
    expect(framework.statesOf('before').at(-1)).toBe('TASK_RUNNING');

    // The killed master comes back as a follower naming the new leader.
    await first.process.restart();
    await waitFor(async () => (await cluster?.masterHealth(first))?.leaderAddress === next.address, {
      what: 'the restarted master to follow the new leader',
    });
    expect((await cluster.masterHealth(first))?.role).toBe('follower');
  });

  it('Redis unreachable: the leader steps down within its lease, acknowledges nothing, and a follower takes over from Redis once it is back', async () => {
    cluster = await Cluster.start({ masters: 2, redisPersistence: 'always' });
    const first = await cluster.leader();
    const follower = cluster.masterList.find((m) => m !== first) as ClusterMaster;
    await setWeight(first, 'kept', 2);

    // Redis stops answering (a hung or partitioned server: connections stay open, nothing comes back).
    cluster.redis.freeze();
    let resumed = false;
    try {
      const stoppedAt = performance.now();
      // A change asked for meanwhile is not acknowledged.
      const during = await setWeight(first, 'lost', 5, 8_000).then(
        () => 'acknowledged',
        (error: unknown) => error,
      );
      expect(during).not.toBe('acknowledged');
      // The leader stepped down by itself: deposed (unrenewed), exit code 3.
      const exitCode = await waitFor(() => (first.process.running ? undefined : first.process.exitCode), {
        timeoutMs: 20_000,
        what: 'the leader to step down without Redis',
      });
      expect(exitCode).toBe(3);
      console.log(`leader stepped down ${Math.round(performance.now() - stoppedAt)} ms after Redis stopped answering`);
      // Nobody leads while Redis is away.
      expect((await cluster.masterHealth(follower))?.role).toBe('follower');

      cluster.redis.thaw();
      resumed = true;
    } finally {
      if (!resumed) cluster.redis.thaw();
    }
    const next = await cluster.leader();
    expect(next).toBe(follower);
    const after = await weights(next);
    expect(after).toContainEqual(expect.objectContaining({ role: 'kept', weight: 2 }));
    expect(after.find((w) => w.role === 'lost')).toBeUndefined();
  });
});
