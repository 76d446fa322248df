import { EventEmitter } from 'node:events';
import { createMemoryBus } from '@tessera/bus';
import { parseResources } from '@tessera/domain';
import type { OfferView } from '@tessera/framework';
import type { v1 } from '@tessera/proto';
import { createLogger, createMetricsRegistry } from '@tessera/runtime';
import { createMemoryStore, type StateStore } from '@tessera/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobValidationError, type RunEventJson } from '../src/api.js';
import { Chronos, type ChronosDriver } from '../src/chronos.js';
import { JOB_DEFAULTS, UnknownJobError } from '../src/core/index.js';
import { RunEventHub } from '../src/events.js';
import { ChronosStore } from '../src/persistence.js';

/** A driver that holds offers and records what Chronos asks of the master. */
class FakeDriver extends EventEmitter {
  readonly launched: { offerId: string; tasks: v1.TaskInfo[] }[] = [];
  readonly killed: string[] = [];
  readonly tracked = new Set<string>();
  private readonly held = new Map<string, OfferView>();
  private current = new Map<string, OfferView>();
  wanted = false;
  readonly session = {
    frameworkId: 'framework-1',
    kill: (taskId: string): Promise<unknown> => {
      this.killed.push(taskId);
      return Promise.resolve({});
    },
  };
  /** Shows offers to Chronos, as the driver's `offers` event. */
  offer(...offers: OfferView[]): void {
    this.current = new Map(offers.map((o) => [o.offerId, o]));
    this.emit('offers', offers);
    this.current = new Map();
  }
  hold(offerId: string): boolean {
    const offer = this.current.get(offerId) ?? this.held.get(offerId);
    if (offer === undefined) return false;
    this.held.set(offerId, offer);
    return true;
  }
  heldOffers(): OfferView[] {
    return [...this.held.values()];
  }
  launch(offerId: string, tasks: v1.TaskInfo[]): Promise<unknown> {
    this.held.delete(offerId);
    this.launched.push({ offerId, tasks });
    if (this.refuseNextLaunch) {
      this.refuseNextLaunch = false;
      return Promise.reject(new Error(`offer ${offerId} is unknown`));
    }
    return Promise.resolve({});
  }
  decline(offerIds: string[]): void {
    for (const id of offerIds) this.held.delete(id);
  }
  wantOffers(wanted: boolean): void {
    this.wanted = wanted;
    if (!wanted) this.held.clear();
  }
  track(taskId: string): void {
    this.tracked.add(taskId);
  }
  reconciles = 0;
  reconcile(): Promise<void> {
    this.reconciles += 1;
    return Promise.resolve();
  }
  /** Makes the next launch fail, as a refused Accept. */
  refuseNextLaunch = false;
  forget(taskId: string): void {
    this.tracked.delete(taskId);
  }
  get tasks(): v1.TaskInfo[] {
    return this.launched.flatMap((launch) => launch.tasks);
  }
}

let offers = 0;
function offer(resources = 'cpus:4;mem:4096;disk:4096'): OfferView {
  offers += 1;
  return {
    offerId: `offer-${offers}`,
    agentId: 'agent-1',
    hostname: 'host-1',
    attributes: [],
    allocationRole: '*',
    resources: parseResources(resources),
  };
}

function status(taskId: string, state: string): v1.TaskStatus__Output {
  return {
    taskId: { value: taskId },
    state: state as v1.TaskStatus__Output['state'],
    message: '',
    source: 'SOURCE_EXECUTOR',
    reason: 'REASON_UNSPECIFIED',
    agentId: { value: 'agent-1' },
    executorId: null,
    timestamp: 0,
    uuid: '',
    hasHealthy: false,
    healthy: false,
    hasExitCode: state === 'TASK_FINISHED' || state === 'TASK_FAILED',
    exitCode: state === 'TASK_FAILED' ? 1 : 0,
    labels: [],
  };
}

const T0 = Date.parse('2026-12-03T10:00:00.000Z');

function setup(store: StateStore = createMemoryStore()) {
  const logger = createLogger('chronos-test', { level: 'silent' });
  const events: RunEventJson[] = [];
  const hub = new RunEventHub({
    bus: createMemoryBus(),
    logger,
    toProto: (event) => ({ type: event.type, timestamp: event.timestamp }),
  });
  hub.subscribe((event) => events.push(event));
  const fatal: unknown[] = [];
  const chronos = new Chronos({
    store: new ChronosStore(store, () => undefined),
    events: hub,
    logger,
    metrics: createMetricsRegistry('chronos-test'),
    defaults: JOB_DEFAULTS,
    httpAddress: '127.0.0.1:4400',
    onFatal: (error) => fatal.push(error),
  });
  const driver = new FakeDriver();
  return { chronos, driver, events, store, fatal };
}

const taskIdOf = (task: v1.TaskInfo | undefined): string => task?.taskId?.value ?? '';

describe('Chronos (the leader’s actor) over a fake driver and the memory store', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a scheduled job at its time from offers held ahead of it, and records the run', async () => {
    const { chronos, driver, events } = setup();
    await chronos.load();
    chronos.attach(driver as unknown as ChronosDriver);
    await chronos.putJob(
      { name: 'hourly', command: 'echo hi', schedule: 'R/2026-12-03T10:00:10Z/PT1H', owner: 'ops@example.com' },
      'scheduled',
    );
    // Due in 10 s: offers are wanted from 5 s before.
    expect(driver.wanted).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(driver.wanted).toBe(true);
    driver.offer(offer());
    expect(driver.launched).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(driver.tasks).toHaveLength(1);
    const task = driver.tasks[0];
    const scheduledAtMs = Date.parse('2026-12-03T10:00:10Z');
    expect(taskIdOf(task)).toBe(`ct:${scheduledAtMs}:1:hourly`);
    expect(task?.command?.value).toBe('echo hi');
    expect(task?.command?.shell).toBe(true);
    const env = Object.fromEntries((task?.command?.environment?.variables ?? []).map((v) => [v.name, v.value]));
    expect(env).toMatchObject({ CHRONOS_JOB_NAME: 'hourly', CHRONOS_JOB_OWNER: 'ops@example.com' });
    expect(driver.tracked.has(taskIdOf(task))).toBe(true);

    await vi.advanceTimersByTimeAsync(20);
    driver.emit('update', status(taskIdOf(task), 'TASK_RUNNING'));
    await vi.advanceTimersByTimeAsync(1000);
    driver.emit('update', status(taskIdOf(task), 'TASK_FINISHED'));
    await vi.advanceTimersByTimeAsync(1);
    const job = await chronos.getJob('hourly');
    expect(job).toMatchObject({ successCount: 1, errorCount: 0, nextRun: '2026-12-03T11:00:10.000Z' });
    const [run] = await chronos.listRuns('hourly');
    expect(run).toMatchObject({ state: 'Succeeded', scheduledAt: '2026-12-03T10:00:10.000Z', latenessMs: 20 });
    expect(events.map((event) => event.type)).toEqual(['scheduled', 'started', 'succeeded']);
    // Nothing due within 5 s any more: no offers wanted.
    expect(driver.wanted).toBe(false);
  });

  it('a dependent job runs when both parents have succeeded, not after one; a failing parent does not count', async () => {
    const { chronos, driver } = setup();
    await chronos.load();
    chronos.attach(driver as unknown as ChronosDriver);
    await chronos.putJob({ name: 'a', command: 'true', schedule: 'R/2030-01-01T00:00:00Z/P1D' }, 'scheduled');
    await chronos.putJob({ name: 'b', command: 'true', schedule: 'R/2030-01-01T00:00:00Z/P1D' }, 'scheduled');
    await chronos.putJob({ name: 'c', command: 'true', parents: ['a', 'b'] }, 'dependent');
    const finish = async (job: string, state: string): Promise<void> => {
      await chronos.runJob(job);
      driver.offer(offer());
      await vi.advanceTimersByTimeAsync(1);
      const task = driver.tasks.at(-1);
      driver.emit('update', status(taskIdOf(task), 'TASK_RUNNING'));
      driver.emit('update', status(taskIdOf(task), state));
      await vi.advanceTimersByTimeAsync(1);
    };
    await finish('a', 'TASK_FINISHED');
    expect(await chronos.listRuns('c')).toEqual([]);
    await chronos.putJob(
      { name: 'b', command: 'false', retries: 0, schedule: 'R/2030-01-01T00:00:00Z/P1D' },
      'scheduled',
    );
    await finish('b', 'TASK_FAILED');
    expect(await chronos.listRuns('c')).toEqual([]);
    await finish('b', 'TASK_FINISHED');
    const runs = await chronos.listRuns('c');
    expect(runs.map((run) => [run.cause, run.state])).toEqual([['dependency', 'Due']]);
    const graph = await chronos.graph();
    expect(graph.edges).toEqual([
      { parent: 'a', child: 'c' },
      { parent: 'b', child: 'c' },
    ]);
  });

  it('bad input is refused with the field named, and changes nothing', async () => {
    const { chronos, driver } = setup();
    await chronos.load();
    chronos.attach(driver as unknown as ChronosDriver);
    const refused = async (json: unknown, kind: 'scheduled' | 'dependent' | 'cron', message: RegExp) => {
      const error = await chronos.putJob(json, kind).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JobValidationError);
      expect((error as JobValidationError).message).toMatch(message);
    };
    await refused({ name: 'x', command: 'true', schedule: 'R/2014-13-10T18:32:00Z/PT1H' }, 'scheduled', /^schedule: /);
    await refused({ name: 'x', command: 'true', cron: '61 * * * *' }, 'cron', /cron/);
    await refused({ name: 'x', command: 'true', parents: ['nope'] }, 'dependent', /parents: .*nope/);
    await refused({ name: 'x', schedule: 'R/2030-01-01T00:00:00Z/PT1H' }, 'scheduled', /command/);
    await refused({ name: 'x', command: 'true', parents: ['x'] }, 'dependent', /parents/);
    await refused({ name: 'x', command: 'true', cpus: -1, schedule: 'R//PT1H' }, 'scheduled', /cpus/);
    await refused({ name: 'x', command: 'true', schedule: 'R//PT1H' }, 'dependent', /needs parents/);
    // A cycle: a → b → a.
    await chronos.putJob({ name: 'a', command: 'true', schedule: 'R//PT1H' }, 'scheduled');
    await chronos.putJob({ name: 'b', command: 'true', parents: ['a'] }, 'dependent');
    await refused({ name: 'a', command: 'true', parents: ['b'] }, 'dependent', /cycle: a → b → a|cycle/);
    expect((await chronos.listJobs()).map((job) => job.name)).toEqual(['a', 'b']);
    expect((await chronos.getJob('a')).schedule).toMatch(/^R\//);
    await expect(chronos.getJob('x')).rejects.toBeInstanceOf(UnknownJobError);
  });

  it('deleting a scheduled parent: its only child takes its schedule', async () => {
    const { chronos, driver } = setup();
    await chronos.load();
    chronos.attach(driver as unknown as ChronosDriver);
    await chronos.putJob({ name: 'p', command: 'true', schedule: 'R/2030-01-01T00:00:00Z/P1D' }, 'scheduled');
    await chronos.putJob({ name: 'child', command: 'true', parents: ['p'] }, 'dependent');
    expect(await chronos.deleteJob('p')).toEqual({ changedChildren: ['child'] });
    const child = await chronos.getJob('child');
    expect(child.parents).toBeUndefined();
    expect(child.schedule).toMatch(/\/P1D$/);
    await expect(chronos.deleteJob('p')).rejects.toBeInstanceOf(UnknownJobError);
  });

  it('an offer taken by a launch being persisted is not packed again; a refused launch is reconciled', async () => {
    const { chronos, driver } = setup();
    await chronos.load();
    chronos.attach(driver as unknown as ChronosDriver);
    const never = 'R/2099-01-01T00:00:00Z/P1D';
    await chronos.putJob({ name: 'a', command: 'true', schedule: never }, 'scheduled');
    await chronos.putJob({ name: 'b', command: 'true', schedule: never }, 'scheduled');
    await chronos.runJob('a');
    driver.refuseNextLaunch = true;
    driver.offer(offer());
    // b is due while a's launch on that offer is still being persisted: the offer is not used twice.
    await chronos.runJob('b');
    await vi.advanceTimersByTimeAsync(1);
    expect(driver.launched.map((launch) => launch.offerId)).toHaveLength(1);
    expect(driver.launched[0]?.tasks).toHaveLength(1);
    // The Accept was refused: the master is asked about the task at once.
    expect(driver.reconciles).toBe(1);
    const [run] = await chronos.listRuns('a');
    driver.emit('update', status(run?.attempts[0]?.taskId ?? '', 'TASK_UNKNOWN'));
    await vi.advanceTimersByTimeAsync(1);
    // Launched again from the next offer, without using a retry; b goes too.
    driver.offer(offer());
    await vi.advanceTimersByTimeAsync(1);
    const names = (driver.launched.at(-1)?.tasks ?? []).map((task) => taskIdOf(task).split(':').slice(2).join(':'));
    expect(names.sort()).toEqual(['1:b', '2:a']);
  });

  it('a new leader continues from the store: a launch the master does not know is launched again', async () => {
    const store = createMemoryStore();
    const first = setup(store);
    await first.chronos.load();
    first.chronos.attach(first.driver as unknown as ChronosDriver);
    await first.chronos.putJob({ name: 'j', command: 'true', schedule: 'R/2026-12-03T10:00:01Z/PT1H' }, 'scheduled');
    first.driver.offer(offer());
    await vi.advanceTimersByTimeAsync(1000);
    const launched = taskIdOf(first.driver.tasks[0]);
    expect(launched).not.toBe('');
    first.chronos.close();

    const second = setup(store);
    await second.chronos.load();
    second.chronos.attach(second.driver as unknown as ChronosDriver);
    expect(second.driver.tracked.has(launched)).toBe(true);
    // Reconciliation: the master never got that Accept.
    second.driver.emit('update', status(launched, 'TASK_UNKNOWN'));
    await vi.advanceTimersByTimeAsync(1);
    second.driver.offer(offer());
    await vi.advanceTimersByTimeAsync(1);
    expect(second.driver.tasks.map(taskIdOf)).toEqual([launched.replace(':1:', ':2:')]);
    const [run] = await second.chronos.listRuns('j');
    expect(run?.attempts.map((a) => [a.attempt, a.taskState])).toEqual([
      [1, 'TASK_UNKNOWN'],
      [1, ''],
    ]);
  });
});
