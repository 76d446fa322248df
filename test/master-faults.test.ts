/**
 * The master under the faults and inputs issue 8 found it mishandling, with
 * real processes: a framework torn down while its tasks run, an agent frozen
 * past the unreachable timeout and thawed, and oversized or pathological calls
 * while another framework keeps launching.
 */
import { status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { call, SchedulerSession } from '@tessera/client';
import { containsResources, parseResources } from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';
import { TERMINAL } from './support/observe.js';

async function metric(cluster: Cluster, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${cluster.masterHttpPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

const grpcError = async (promise: Promise<unknown>): Promise<ServiceError> => {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('the call was not refused');
};

describe('a framework torn down while its tasks run', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await Cluster.start({ agentResources: 'cpus:2;mem:1024;disk:1000' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('ends its tasks TASK_KILLED everywhere and leaves the agent offered again, with no stale-allocation loop', async () => {
    const doomed = await TestFramework.subscribe(cluster.masterAddress, { name: 'doomed', roles: ['a'] });
    await doomed.launch('hog-1', { shell: true, value: 'sleep 100' }, 'cpus:1;mem:512');
    await doomed.launch('hog-2', { shell: true, value: 'sleep 100' }, 'cpus:1;mem:512');
    await doomed.waitForState('hog-1', 'TASK_RUNNING');
    await doomed.waitForState('hog-2', 'TASK_RUNNING');
    await doomed.session.teardown();
    doomed.close();

    // The master's registry: both tasks ended TASK_KILLED (framework removed).
    const tasks = await waitFor(
      async () => {
        const all = (await cluster.tasks()).filter((t) => t.frameworkId?.value === doomed.id);
        return all.length === 2 && all.every((t) => t.status?.state === 'TASK_KILLED') ? all : undefined;
      },
      { what: "the removed framework's tasks to be TASK_KILLED in the master" },
    );
    expect(tasks.map((t) => t.status?.reason)).toEqual(['REASON_FRAMEWORK_REMOVED', 'REASON_FRAMEWORK_REMOVED']);
    // The agent's registry: neither is listed as live.
    await waitFor(
      async () => {
        const mine = (await cluster.agentTasks()).filter((t) => t.frameworkId?.value === doomed.id);
        return mine.every((t) => TERMINAL.has(String(t.status?.state))) ? true : undefined;
      },
      { what: 'the agent to list no task of the removed framework as live' },
    );
    // Its ID is refused from then on, and the refusal reaches the client with its reason.
    const again = new SchedulerSession(
      cluster.masterAddress,
      { name: 'doomed', roles: ['a'], id: { value: doomed.id } },
      { reconnect: false, timeoutMs: 20_000 },
    );
    const refusal = await grpcError(again.subscribe());
    again.close();
    expect(refusal.code).toBe(grpcStatus.FAILED_PRECONDITION);
    expect(refusal.message).toMatch(/was removed; subscribe without an ID/);
    // The allocator's: another framework is offered the whole agent.
    const next = await TestFramework.subscribe(cluster.masterAddress, { name: 'next', roles: ['b'] });
    try {
      const offer = await next.offerWith('cpus:2;mem:1024');
      expect(containsResources(resourcesFromProto(offer.resources), parseResources('cpus:2;mem:1024'))).toBe(true);
      // Before the fix every allocation on the agent was stale, about a thousand a second.
      expect(await metric(cluster, 'tessera_master_stale_allocations_total')).toBeLessThan(50);
    } finally {
      next.close();
    }
  });
});

describe('an agent frozen past the unreachable timeout', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await Cluster.start({
      masterFlags: [
        '--agent-ping-interval-ms',
        '300',
        '--agent-max-missed-pings',
        '3',
        '--agent-unreachable-timeout-ms',
        '1500',
      ],
    });
  });
  afterAll(async () => {
    if (cluster?.agent.pid !== undefined) process.kill(cluster.agent.pid, 'SIGCONT');
    await cluster?.stop();
  });

  it('is found by its missed pings, and on thawing every framework hears its tasks’ real state', async () => {
    const aware = await TestFramework.subscribe(cluster.masterAddress, { name: 'aware', roles: ['a'] });
    const legacy = await TestFramework.subscribe(cluster.masterAddress, {
      name: 'legacy',
      roles: ['b'],
      capabilities: [],
    });
    try {
      await aware.launch('aware-task', { shell: true, value: 'sleep 100' });
      await legacy.launch('legacy-task', { shell: true, value: 'sleep 100' });
      await aware.waitForState('aware-task', 'TASK_RUNNING');
      await legacy.waitForState('legacy-task', 'TASK_RUNNING');

      const pid = cluster.agent.pid;
      if (pid === undefined) throw new Error('the agent is not running');
      process.kill(pid, 'SIGSTOP');
      // Missed pings (about 1 s) disconnect it; 1.5 s later it is unreachable. HTTP/2 keepalive would take ~40 s.
      await aware.waitForState('aware-task', 'TASK_UNREACHABLE', 20_000);
      await legacy.waitForState('legacy-task', 'TASK_LOST', 20_000);
      expect((await cluster.agents())[0]?.status).toBe('UNREACHABLE');

      const seenBefore = aware.updates.length;
      process.kill(pid, 'SIGCONT');
      // The partition-aware framework is told the task runs again.
      await waitFor(
        () =>
          aware.updates.slice(seenBefore).find((u) => u.taskId?.value === 'aware-task' && u.state === 'TASK_RUNNING'),
        { timeoutMs: 30_000, what: 'aware-task to be reported TASK_RUNNING again' },
      );
      // The other framework was told TASK_LOST: the task is killed instead of coming back.
      await legacy.waitForState('legacy-task', 'TASK_KILLED', 30_000);
      await cluster.waitForAgents(1);
      const [reconciled] = await aware.session.reconcile(['aware-task']);
      expect(reconciled?.state).toBe('TASK_RUNNING');
    } finally {
      aware.close();
      legacy.close();
    }
  });
});

describe('oversized and pathological calls', () => {
  let cluster: Cluster;
  let steady: TestFramework | undefined;
  beforeAll(async () => {
    cluster = await Cluster.start();
  });
  afterEach(() => steady?.close());
  afterAll(async () => {
    await cluster?.stop();
  });

  it('are refused with INVALID_ARGUMENT while another framework keeps launching', async () => {
    steady = await TestFramework.subscribe(cluster.masterAddress, { name: 'steady', roles: ['steady'] });
    const rogue = await TestFramework.subscribe(cluster.masterAddress, { name: 'rogue', roles: ['rogue'] });
    try {
      // 4,000 invalid tasks in one Accept: refused, with short messages.
      const offer = await rogue.offerWith('cpus:0.1;mem:32');
      const invalid: v1.TaskInfo[] = Array.from({ length: 4_000 }, (_, i) => ({
        name: 'x',
        taskId: { value: `bad id ${i}` },
        command: { shell: true, value: 'true' },
        resources: resourcesToProto(parseResources('cpus:0.1;mem:32')),
      }));
      const refused = await grpcError(rogue.session.launch([offer.id?.value ?? ''], invalid));
      expect(refused.code).toBe(grpcStatus.INVALID_ARGUMENT);
      expect(refused.details.length).toBeLessThan(3_000);
      expect(refused.details).toMatch(/and \d+ more/);

      // A task ID of 100 KB.
      const another = await rogue.offerWith('cpus:0.1;mem:32');
      const huge = await grpcError(
        rogue.session.launch(
          [another.id?.value ?? ''],
          [
            {
              name: 'huge',
              taskId: { value: 'x'.repeat(100_000) },
              command: { shell: true, value: 'true' },
              resources: resourcesToProto(parseResources('cpus:0.1;mem:32')),
            },
          ],
        ),
      );
      expect(huge.code).toBe(grpcStatus.INVALID_ARGUMENT);
      expect(huge.details.length).toBeLessThan(3_000);

      // ExplainAllocation with a 100 KB framework ID never reaches the allocator link.
      const explain = await grpcError(
        call<v1.ExplainRequest, v1.ExplainResponse__Output>(cluster.operator.ExplainAllocation.bind(cluster.operator), {
          frameworkId: { value: 'f'.repeat(100_000) },
        }),
      );
      expect(explain.code).toBe(grpcStatus.INVALID_ARGUMENT);
      expect(explain.details).toMatch(/framework_id is over the limit of 255 characters/);

      // A drain with a NaN grace period.
      const [agent] = await cluster.agents();
      const drain = await grpcError(
        call<v1.DrainAgentRequest, v1.DrainAgentResponse__Output>(cluster.operator.DrainAgent.bind(cluster.operator), {
          agentId: agent?.info?.id ?? null,
          killPolicy: { gracePeriodSeconds: Number.NaN },
        }),
      );
      expect(drain.code).toBe(grpcStatus.INVALID_ARGUMENT);
      expect((await cluster.agents())[0]?.status).toBe('ACTIVE');

      // Meanwhile the master kept its lease and serves everyone else.
      await steady.launch('still-launching', { shell: true, value: 'true' });
      await steady.waitForState('still-launching', 'TASK_FINISHED');
      const health = (await (await fetch(`http://127.0.0.1:${cluster.masterHttpPort}/healthz`)).json()) as {
        leader?: boolean;
      };
      expect(health.leader).toBe(true);
    } finally {
      rogue.close();
    }
  });
});
