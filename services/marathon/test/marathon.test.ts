import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { parseResources } from '@tessera/domain';
import type { OfferView } from '@tessera/framework/core';
import type { v1 } from '@tessera/proto';
import { createLogger } from '@tessera/runtime';
import { createMemoryBus } from '@tessera/bus';
import { createMemoryStore, type StateStore } from '@tessera/store';
import { waitFor } from '@tessera/testkit';
import { describe, expect, it } from 'vitest';
import { AppExistsError, AppLockedError, ValidationFailedError } from '../src/api.js';
import { EventHub, type MarathonEventJson } from '../src/events.js';
import { Marathon, type MarathonDriver } from '../src/marathon.js';
import { MarathonStore } from '../src/persistence.js';

/** A driver that records what Marathon asks of the master. */
class FakeDriver extends EventEmitter {
  readonly launched: { offerId: string; tasks: v1.TaskInfo[] }[] = [];
  readonly killed: string[] = [];
  readonly held: string[] = [];
  wanted = false;
  readonly session = {
    frameworkId: 'framework-1',
    kill: (taskId: string): Promise<unknown> => {
      this.killed.push(taskId);
      return Promise.resolve({});
    },
    revive: (): Promise<unknown> => Promise.resolve({}),
  };
  hold(offerId: string): boolean {
    this.held.push(offerId);
    return true;
  }
  launch(offerId: string, tasks: v1.TaskInfo[]): Promise<unknown> {
    this.launched.push({ offerId, tasks });
    return Promise.resolve({});
  }
  decline(): void {}
  wantOffers(wanted: boolean): void {
    this.wanted = wanted;
  }
  track(): void {}
  forget(): void {}
  reconcile(): Promise<void> {
    return Promise.resolve();
  }
  get launchedTasks(): v1.TaskInfo[] {
    return this.launched.flatMap((launch) => launch.tasks);
  }
}

let offerCount = 0;
function offer(resources = 'cpus:4;mem:4096;disk:1000;ports:[31000-31010]', hostname = 'host-a'): OfferView {
  offerCount += 1;
  return {
    offerId: `offer-${offerCount}`,
    agentId: `agent-${hostname}`,
    hostname,
    attributes: [],
    allocationRole: 'marathon',
    resources: parseResources(resources),
  };
}

function status(taskId: string, state: string, healthy?: boolean): v1.TaskStatus__Output {
  return {
    taskId: { value: taskId },
    state: state as v1.TaskStatus__Output['state'],
    message: '',
    source: 'SOURCE_AGENT',
    reason: 'REASON_UNSPECIFIED',
    agentId: { value: 'agent-host-a' },
    executorId: null,
    timestamp: 0,
    uuid: '',
    hasHealthy: healthy !== undefined,
    healthy: healthy ?? false,
    hasExitCode: false,
    exitCode: 0,
    labels: [],
  };
}

function setup(store: StateStore = createMemoryStore()) {
  const logger = createLogger('marathon-test', { level: 'silent' });
  const events: MarathonEventJson[] = [];
  const hub = new EventHub({ bus: createMemoryBus(), logger });
  hub.attach({ eventTypes: new Set(), deliver: (event) => (events.push(event), true) });
  let now = Date.parse('2026-12-03T10:00:00.000Z');
  let uuid = 0;
  const fatal: unknown[] = [];
  const marathon = new Marathon({
    store: new MarathonStore(store, () => undefined),
    events: hub,
    logger,
    role: 'marathon',
    user: undefined,
    httpAddress: '127.0.0.1:8080',
    config: {},
    onFatal: (error) => fatal.push(error),
    clock: () => (now += 5),
    uuid: () => `00000000-0000-4000-8000-${String((uuid += 1)).padStart(12, '0')}`,
  });
  const driver = new FakeDriver();
  return { marathon, driver, events, store, fatal };
}

/** Attaches the driver and ends its first reconciliation (Marathon acts only after it). */
function attach(marathon: Marathon, driver: FakeDriver): void {
  marathon.attach(driver as unknown as MarathonDriver);
  driver.emit('reconciled', []);
}

const running = (driver: FakeDriver, marathon: Marathon, healthy?: boolean): void => {
  for (const task of driver.launchedTasks)
    driver.emit('update', status(task.taskId?.value ?? '', 'TASK_RUNNING', healthy));
  void marathon;
};

describe('Marathon (the leader’s actor) over a fake driver and the memory store', () => {
  it('creates an app, launches its instances from an offer and ends the deployment once they run', async () => {
    const { marathon, driver, events } = setup();
    attach(marathon, driver);
    const created = await marathon.createApp({ id: 'web', cmd: 'sleep 100', instances: 2, cpus: 0.5, mem: 64 });
    expect(created.app.id).toBe('/web');
    expect(driver.wanted).toBe(true);
    expect((await marathon.listDeployments()).map((d) => d.id)).toEqual([created.deploymentId]);

    driver.emit('offers', [offer()]);
    await waitFor(() => driver.launchedTasks.length === 2, { timeoutMs: 2000, what: 'two launches' });
    const env = driver.launchedTasks[0]?.command?.environment?.variables ?? [];
    expect(env.find((v) => v.name === 'MARATHON_APP_ID')?.value).toBe('/web');
    expect(env.find((v) => v.name === 'PORT0')?.value).toMatch(/^310\d\d$/);

    running(driver, marathon);
    await waitFor(async () => (await marathon.listDeployments()).length === 0, { timeoutMs: 2000, what: 'done' });
    const app = await marathon.getApp('/web');
    expect(app.tasksRunning).toBe(2);
    expect(driver.wanted).toBe(false);
    expect(events.map((e) => e.eventType)).toContain('deployment_success');
  });

  it('refuses an invalid app, an existing id and a locked app, changing nothing', async () => {
    const { marathon, driver } = setup();
    attach(marathon, driver);
    await expect(marathon.createApp({ id: 'bad', cmd: 'x', instances: -1 })).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
    await marathon.createApp({ id: 'web', cmd: 'sleep 100', instances: 1, cpus: 0.5, mem: 64 });
    await expect(marathon.createApp({ id: 'web', cmd: 'true' })).rejects.toBeInstanceOf(AppExistsError);
    // The first deployment still runs (nothing was offered): a change is locked out, unless forced.
    await expect(marathon.updateApp('web', { cmd: 'sleep 200', cpus: 0.5, mem: 64 })).rejects.toBeInstanceOf(
      AppLockedError,
    );
    const forced = await marathon.updateApp('web', { cmd: 'sleep 200', cpus: 0.5, mem: 64 }, { force: true });
    expect((await marathon.listDeployments()).map((d) => d.id)).toEqual([forced.deploymentId]);
    expect((await marathon.getApp('web')).cmd).toBe('sleep 200');
    await expect(marathon.getApp('bad')).rejects.toThrow(/does not exist/);
    await expect(marathon.killAppTasks('web', { scale: true, wipe: true })).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
  });

  it('refuses an update whose body is no object, whole or partial, changing nothing', async () => {
    // Found by the fuzz suite: PATCH /v2/apps/{id} with the body `0` was spread into an empty patch and deployed.
    const { marathon, driver } = setup();
    attach(marathon, driver);
    await marathon.createApp({ id: 'web', cmd: 'sleep 100', instances: 0, cpus: 0.5, mem: 64 });
    const before = await marathon.listAppVersions('web');
    for (const body of [0, 'x', true, null, [], [{ cmd: 'true' }]])
      for (const partial of [true, false])
        await expect(marathon.updateApp('web', body, { partial }), JSON.stringify(body)).rejects.toBeInstanceOf(
          ValidationFailedError,
        );
    expect(await marathon.listAppVersions('web')).toEqual(before);
  });

  it('a new Marathon over the same store has the apps, instances and running deployments', async () => {
    const store = createMemoryStore();
    const first = setup(store);
    attach(first.marathon, first.driver);
    await first.marathon.createApp({ id: '/prod/web', cmd: 'sleep 100', instances: 3, cpus: 0.5, mem: 64 });
    first.driver.emit('offers', [offer()]);
    await waitFor(() => first.driver.launchedTasks.length === 3, { timeoutMs: 2000, what: 'three launches' });
    first.marathon.close();

    const second = setup(store);
    await second.marathon.load();
    expect((await second.marathon.listDeployments()).length).toBe(1);
    const tasks = await second.marathon.appTasks('/prod/web');
    expect(tasks.map((t) => t.id).sort()).toEqual(first.driver.launchedTasks.map((t) => t.taskId?.value).sort());
    attach(second.marathon, second.driver);
    for (const task of first.driver.launchedTasks)
      second.driver.emit('update', status(task.taskId?.value ?? '', 'TASK_RUNNING'));
    await waitFor(async () => (await second.marathon.listDeployments()).length === 0, {
      timeoutMs: 2000,
      what: 'the loaded deployment to finish',
    });
    expect(second.driver.launchedTasks).toHaveLength(0);
    expect((await second.marathon.getApp('/prod/web')).tasksRunning).toBe(3);
  });

  it('waits for a readiness check: the deployment ends only once the instance answers ready', async () => {
    let ready = false;
    const server: Server = createServer((_request, response) => {
      response.statusCode = ready ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { marathon, driver } = setup();
      attach(marathon, driver);
      await marathon.createApp({
        id: 'api',
        cmd: 'serve',
        cpus: 0.5,
        mem: 64,
        portDefinitions: [{ port: 0, name: 'http' }],
        readinessChecks: [{ portName: 'http', path: '/ready', intervalSeconds: 2, timeoutSeconds: 1 }],
      });
      driver.emit('offers', [offer(`cpus:4;mem:4096;disk:1000;ports:[${port}-${port}]`, '127.0.0.1')]);
      await waitFor(() => driver.launchedTasks.length === 1, { timeoutMs: 2000, what: 'the launch' });
      running(driver, marathon);
      // Not ready yet: probed, answered 503; the deployment waits.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await marathon.listDeployments()).toHaveLength(1);
      ready = true;
      await waitFor(async () => (await marathon.listDeployments()).length === 0, {
        timeoutMs: 5000,
        what: 'the deployment to end once the instance is ready',
      });
      marathon.close();
    } finally {
      server.close();
    }
  });

  it('neither launches nor advances a deployment before the first reconciliation has ended', async () => {
    const { marathon, driver } = setup();
    marathon.attach(driver as unknown as MarathonDriver);
    await marathon.createApp({ id: 'web', cmd: 'sleep 100', instances: 1, cpus: 0.5, mem: 64 });
    driver.emit('offers', [offer()]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(driver.launchedTasks).toHaveLength(0);
    driver.emit('reconciled', []);
    expect(driver.wanted).toBe(true);
    driver.emit('offers', [offer()]);
    await waitFor(() => driver.launchedTasks.length === 1, {
      timeoutMs: 2000,
      what: 'the launch after reconciliation',
    });
  });
});
