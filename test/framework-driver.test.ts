import { call, type SchedulerSession } from '@tessera/client';
import { buildTaskInfo, FrameworkDriver, packCopies, type TaskRequest } from '@tessera/framework';
import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';

describe('a framework on FrameworkDriver, on real processes', () => {
  let cluster: Cluster;
  let driver: FrameworkDriver<SchedulerSession> | undefined;

  beforeAll(async () => {
    cluster = await Cluster.start();
  });
  afterAll(async () => {
    await driver?.session.teardown().catch(() => undefined);
    driver?.close();
    await cluster?.stop();
  });

  async function framework(): Promise<v1.FrameworkState__Output | undefined> {
    const response = await call<v1.GetFrameworksRequest, v1.GetFrameworksResponse__Output>(
      cluster.operator.GetFrameworks.bind(cluster.operator),
      {},
    );
    return response.frameworks.find((f) => f.info?.id?.value === driver?.session.frameworkId);
  }

  it('launches what it has, suppresses when it has nothing, revives when it has again; acknowledged and reconciled', async () => {
    const request: TaskRequest = { cpus: 0.1, memMb: 32 };
    const queue = ['d-1', 'd-2'];
    const states = new Map<string, string>();
    const offered: string[] = [];
    const reconciled: v1.TaskStatus__Output[][] = [];
    const created = FrameworkDriver.create(
      cluster.masterAddress,
      { name: 'driver-e2e', roles: ['e2e'], capabilities: ['PARTITION_AWARE'], failoverTimeoutSeconds: 60 },
      { refuseSeconds: 0.1, reconcileIntervalMs: 0, session: { reconnect: false } },
    );
    driver = created;
    created.on('offers', (offers) => {
      for (const offer of offers) {
        offered.push(offer.offerId);
        const packed = packCopies(offer, request, queue.length);
        if (packed.launches.length === 0) continue;
        const tasks = packed.launches.map((launch) =>
          buildTaskInfo({ taskId: queue.shift() ?? '', command: { shell: 'sleep 600' } }, launch),
        );
        void created.launch(offer.offerId, tasks, 0.1);
      }
      created.wantOffers(queue.length > 0);
    });
    created.on('update', (status) => states.set(status.taskId?.value ?? '', String(status.state)));
    created.on('reconciled', (statuses) => reconciled.push(statuses));

    await created.start();
    await waitFor(() => states.get('d-1') === 'TASK_RUNNING' && states.get('d-2') === 'TASK_RUNNING', {
      what: `both tasks running (${JSON.stringify([...states])})`,
    });
    // Nothing left to launch: the master has the role suppressed, and the session acknowledged each update.
    await waitFor(async () => (await framework())?.suppressedRoles.includes('e2e'), { what: 'the role suppressed' });
    await waitFor(
      async () => {
        const tasks = await cluster.tasks();
        return tasks.filter((t) => t.acknowledgedState === 'TASK_RUNNING').length === 2;
      },
      { what: 'both RUNNING updates acknowledged' },
    );
    expect(created.knownTaskCount).toBe(2);

    // Reconciliation: the two known tasks by name, then all; each answer came as an update.
    await created.reconcile();
    const last = reconciled.at(-1) ?? [];
    expect(last.slice(0, 2).map((s) => [s.taskId?.value, s.state])).toEqual([
      ['d-1', 'TASK_RUNNING'],
      ['d-2', 'TASK_RUNNING'],
    ]);
    expect(
      last
        .slice(2)
        .map((s) => `${s.taskId?.value}:${s.state}`)
        .sort(),
    ).toEqual(['d-1:TASK_RUNNING', 'd-2:TASK_RUNNING']);

    // Something to launch again: revived once, and offers come.
    const offersBefore = offered.length;
    queue.push('d-3');
    created.wantOffers(true);
    created.wantOffers(true);
    await waitFor(() => states.get('d-3') === 'TASK_RUNNING', { what: 'd-3 running after the revive' });
    expect(offered.length).toBeGreaterThan(offersBefore);
    await waitFor(async () => (await framework())?.suppressedRoles.includes('e2e'), {
      what: 'the role suppressed again',
    });

    // An ended task is no longer known (nor reconciled by name).
    await created.session.kill('d-1', 0);
    await waitFor(() => states.get('d-1') === 'TASK_KILLED', { what: 'd-1 killed' });
    expect(created.knownTaskCount).toBe(2);
  });
});
