import { describe, expect, it } from 'vitest';
import {
  DuplicateInstanceError,
  InstanceNotLaunchableError,
  InvalidInstanceCountError,
  UnknownAppError,
  UnknownInstanceError,
  type AppDefinition,
  type Instance,
  type InstanceChange,
} from '../src/core/index.js';
import {
  appDef,
  commands,
  CountingIds,
  eventsOf,
  eventTypes,
  FakeClock,
  iso,
  newCore,
  placement,
  status,
  T0,
} from './instance-fixtures.js';

/** A core with one app and one instance launched and running (task web.instance-u1.1). */
function runningWeb(overrides: Partial<AppDefinition> = {}) {
  const clock = new FakeClock();
  const core = newCore([appDef('/web', overrides)]);
  const app = core.apps.get('/web') as AppDefinition;
  core.tracker.schedule(app, 1, clock.nowMs);
  core.tracker.provision('web.instance-u1', placement(), clock.advanceSeconds(1));
  core.tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
  return { ...core, app, clock };
}

const instance = (core: ReturnType<typeof newCore>, id = 'web.instance-u1'): Instance =>
  core.tracker.get(id) as Instance;

describe('schedule and provision', () => {
  it('schedules instances with injected uuids; provisioning gives the next task ID', () => {
    const clock = new FakeClock();
    const { tracker } = newCore([appDef('/shop/web')]);
    const app = appDef('/shop/web');
    const scheduled = tracker.schedule(app, 2, clock.nowMs);
    expect(scheduled.result.map((i) => i.instanceId)).toEqual(['shop.web.instance-u1', 'shop.web.instance-u2']);
    expect(commands(scheduled.effects)).toEqual([
      'persist shop.web.instance-u1 Scheduled/Running',
      'persist shop.web.instance-u2 Scheduled/Running',
    ]);
    expect(eventsOf(scheduled.effects)[0]).toEqual({
      eventType: 'instance_changed_event',
      timestamp: iso(T0),
      instanceId: 'shop.web.instance-u1',
      condition: 'Scheduled',
      goal: 'Running',
      runSpecId: '/shop/web',
      runSpecVersion: app.version,
    });

    const provisioned = tracker.provision('shop.web.instance-u1', placement(), clock.advanceSeconds(2));
    expect(provisioned.result).toMatchObject({
      condition: 'Provisioned',
      incarnation: 1,
      taskId: 'shop.web.instance-u1.1',
      agent: { agentId: 'agent-1', hostname: 'agent-1.example', attributes: { rack: 'r1' } },
      hostPorts: [31000],
      stagedAtMs: T0 + 2000,
      sinceMs: T0 + 2000,
    });
    expect(eventsOf(provisioned.effects)).toEqual([
      {
        eventType: 'instance_changed_event',
        timestamp: iso(T0 + 2000),
        instanceId: 'shop.web.instance-u1',
        condition: 'Provisioned',
        goal: 'Running',
        runSpecId: '/shop/web',
        agentId: 'agent-1',
        host: 'agent-1.example',
        runSpecVersion: app.version,
      },
    ]);
    expect(tracker.scheduledOf('/shop/web').map((i) => i.instanceId)).toEqual(['shop.web.instance-u2']);
  });

  it('refuses bad commands and changes nothing', () => {
    const { tracker, apps } = newCore([appDef('/web')]);
    const app = apps.get('/web') as AppDefinition;
    expect(() => tracker.schedule(app, -1, T0)).toThrow(InvalidInstanceCountError);
    expect(() => tracker.schedule(app, 1.5, T0)).toThrow(InvalidInstanceCountError);
    expect(() => tracker.provision('web.instance-nope', placement(), T0)).toThrow(UnknownInstanceError);
    expect(() => tracker.killInstance('web.instance-nope', 'Decommissioned', T0)).toThrow(UnknownInstanceError);
    tracker.schedule(app, 1, T0);
    tracker.provision('web.instance-u1', placement(), T0);
    expect(() => tracker.provision('web.instance-u1', placement(), T0)).toThrow(InstanceNotLaunchableError);
    // An ID source that repeats itself.
    const repeating = newCore([app], { uuid: () => 'same' });
    expect(() => repeating.tracker.schedule(app, 2, T0)).toThrow(DuplicateInstanceError);
    expect(repeating.tracker.size).toBe(0);
  });

  it('cannot launch an instance of an app that is gone', () => {
    const core = newCore([appDef('/web')]);
    core.tracker.schedule(core.apps.get('/web') as AppDefinition, 1, T0);
    core.apps.delete('/web');
    expect(() => core.tracker.provision('web.instance-u1', placement(), T0)).toThrow(UnknownAppError);
    expect(instance(core).condition).toBe('Scheduled');
  });
});

describe('statusUpdate', () => {
  it('follows the task: events with Marathon’s fields, startedAt at the first TASK_RUNNING', () => {
    const clock = new FakeClock();
    const core = newCore([appDef('/web')]);
    const app = core.apps.get('/web') as AppDefinition;
    core.tracker.schedule(app, 1, clock.nowMs);
    core.tracker.provision('web.instance-u1', placement('agent-1', [31005]), clock.nowMs);

    const staging = core.tracker.statusUpdate(status('web.instance-u1.1', 'TASK_STAGING'), clock.advanceSeconds(1));
    expect(staging.result).toBe('applied');
    expect(eventsOf(staging.effects)[0]).toEqual({
      eventType: 'status_update_event',
      timestamp: iso(T0 + 1000),
      slaveId: 'agent-1',
      taskId: 'web.instance-u1.1',
      taskStatus: 'TASK_STAGING',
      message: '',
      appId: '/web',
      host: 'agent-1.example',
      ports: [31005],
      version: app.version,
    });
    expect(eventTypes(staging.effects)).toEqual(['status_update_event', 'instance_changed_event:Staging']);

    core.tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    core.tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(instance(core)).toMatchObject({ condition: 'Running', startedAtMs: T0 + 2000, sinceMs: T0 + 2000 });
  });

  it('a repeated update changes nothing but is published again', () => {
    const { tracker, clock } = runningWeb();
    const again = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(5));
    expect(eventTypes(again.effects)).toEqual(['status_update_event']);
    expect(commands(again.effects)).toEqual(['persist web.instance-u1 Running/Running']);
  });

  it('kills a task that is not ours, and an earlier incarnation of a known instance', () => {
    const { tracker, clock } = runningWeb();
    const cases: [string, Parameters<typeof status>[1], string, string[]][] = [
      ['db.instance-x.1', 'TASK_RUNNING', 'not-ours', ['kill db.instance-x.1 (Unknown)']],
      ['not-a-task-id', 'TASK_STARTING', 'not-ours', ['kill not-a-task-id (Unknown)']],
      ['web.instance-u9.1', 'TASK_STAGING', 'not-ours', ['kill web.instance-u9.1 (Unknown)']],
      // Ended, unreachable or being killed: a kill could do nothing.
      ['db.instance-x.1', 'TASK_FAILED', 'not-ours', []],
      ['db.instance-x.1', 'TASK_UNREACHABLE', 'not-ours', []],
      ['db.instance-x.1', 'TASK_KILLING', 'not-ours', []],
      // Incarnation 2 was never launched.
      ['web.instance-u1.2', 'TASK_RUNNING', 'not-in-sync', ['kill web.instance-u1.2 (NotInSync)']],
    ];
    for (const [taskId, state, outcome, expected] of cases) {
      const step = tracker.statusUpdate(status(taskId, state), clock.nowMs);
      expect([taskId, step.result, commands(step.effects)]).toEqual([taskId, outcome, expected]);
      expect(eventsOf(step.effects)).toEqual([]);
    }
    expect(instance({ tracker } as never).condition).toBe('Running');
  });

  it('a late update of the previous incarnation is ignored, or killed if it runs', () => {
    const { tracker, clock } = runningWeb();
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_FAILED'), clock.advanceSeconds(1));
    tracker.provision('web.instance-u1', placement(), clock.advanceSeconds(1));
    expect(tracker.get('web.instance-u1')?.taskId).toBe('web.instance-u1.2');
    const late = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_FAILED'), clock.nowMs);
    expect([late.result, late.effects]).toEqual(['not-in-sync', []]);
    const revived = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.nowMs);
    expect(commands(revived.effects)).toEqual(['kill web.instance-u1.1 (NotInSync)']);
    expect(tracker.get('web.instance-u1')?.condition).toBe('Provisioned');
  });

  describe('an instance with goal Running whose task ends is relaunched in its slot', () => {
    it.each([
      ['TASK_FAILED', 'Failed'],
      ['TASK_FINISHED', 'Finished'],
      ['TASK_KILLED', 'Killed'], // killed outside a deployment (a deployment sets the goal first)
      ['TASK_ERROR', 'Error'],
      ['TASK_GONE', 'Gone'],
      ['TASK_GONE_BY_OPERATOR', 'Gone'],
      ['TASK_DROPPED', 'Dropped'],
      ['TASK_UNKNOWN', 'Unknown'],
    ] as const)('%s', (state, condition) => {
      const { tracker, clock } = runningWeb();
      const step = tracker.statusUpdate(status('web.instance-u1.1', state), clock.advanceSeconds(10));
      expect(eventTypes(step.effects)).toEqual([
        'status_update_event',
        `instance_changed_event:${condition}`,
        'instance_changed_event:Scheduled',
      ]);
      // One write: the record's final state.
      expect(commands(step.effects)).toEqual([
        'persist web.instance-u1 Scheduled/Running',
        'replace web.instance-u1 by web.instance-u1',
      ]);
      expect(tracker.get('web.instance-u1')).toMatchObject({
        condition: 'Scheduled',
        goal: 'Running',
        taskId: undefined,
        agent: undefined,
        hostPorts: [],
        incarnation: 1,
        sinceMs: clock.nowMs,
      });
    });
  });

  it('the relaunched slot runs the app’s current version', () => {
    const { tracker, clock, setApp, app } = runningWeb();
    const v2 = iso(T0 + 60_000);
    setApp({ ...app, version: v2, instances: 3, versionInfo: { ...app.versionInfo, lastScalingAt: v2 } });
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_FAILED'), clock.advanceSeconds(100));
    expect(tracker.get('web.instance-u1')?.appVersion).toBe(v2);
  });

  it('an instance whose app is gone is expunged when its task ends', () => {
    const { tracker, clock, apps } = runningWeb();
    apps.delete('/web');
    const step = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_FAILED'), clock.advanceSeconds(1));
    expect(commands(step.effects)).toEqual(['expunge web.instance-u1']);
  });

  it('health: status `healthy` feeds Instance.healthy; changes are published', () => {
    const { tracker, clock, app } = runningWeb();
    const healthy = (value: boolean | undefined) =>
      tracker.statusUpdate(
        status('web.instance-u1.1', 'TASK_RUNNING', {
          healthy: value,
          reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
        }),
        clock.advanceSeconds(10),
      );
    const first = healthy(true);
    expect(eventsOf(first.effects)[1]).toEqual({
      eventType: 'health_status_changed_event',
      timestamp: iso(clock.nowMs),
      appId: '/web',
      instanceId: 'web.instance-u1',
      version: app.version,
      alive: true,
    });
    expect(tracker.get('web.instance-u1')?.healthy).toBe(true);
    // An update without health (e.g. the master's own) keeps the known health.
    expect(eventTypes(healthy(undefined).effects)).toEqual(['status_update_event']);
    expect(tracker.get('web.instance-u1')?.healthy).toBe(true);
    expect(eventTypes(healthy(true).effects)).toEqual(['status_update_event']);
    expect(eventTypes(healthy(false).effects)).toEqual(['status_update_event', 'health_status_changed_event']);
    expect(tracker.get('web.instance-u1')?.healthy).toBe(false);
  });

  it('the agent’s kill for failing health checks is published and the slot relaunched without health', () => {
    const { tracker, clock, app } = runningWeb();
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING', { healthy: false }), clock.advanceSeconds(10));
    const message = 'Health check failed 3 consecutive times (last: HTTP 500); task killed';
    const killed = tracker.statusUpdate(
      status('web.instance-u1.1', 'TASK_KILLED', {
        healthy: false,
        reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
        message,
      }),
      clock.advanceSeconds(30),
    );
    expect(eventsOf(killed.effects)).toContainEqual({
      eventType: 'unhealthy_instance_kill_event',
      timestamp: iso(clock.nowMs),
      appId: '/web',
      taskId: 'web.instance-u1.1',
      instanceId: 'web.instance-u1',
      version: app.version,
      reason: message,
      host: 'agent-1.example',
      slaveId: 'agent-1',
    });
    // Marathon sends no kill of its own: the agent has killed the task.
    expect(commands(killed.effects)).toEqual([
      'persist web.instance-u1 Scheduled/Running',
      'replace web.instance-u1 by web.instance-u1',
    ]);
    expect(tracker.get('web.instance-u1')?.healthy).toBeUndefined();
  });

  it('tells listeners of every change, with the status it follows from', () => {
    const { tracker, clock } = runningWeb();
    const seen: string[] = [];
    tracker.subscribe((change: InstanceChange) =>
      seen.push(`${change.before?.condition ?? '-'}→${change.after?.condition ?? '-'} ${change.status?.state ?? ''}`),
    );
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_FAILED'), clock.advanceSeconds(1));
    expect(seen).toEqual(['Running→Failed TASK_FAILED', 'Failed→Scheduled TASK_FAILED']);
  });
});

describe('killInstance', () => {
  it('Decommissioned: kills the task, expunges the instance when the task has ended', () => {
    const { tracker, clock } = runningWeb();
    const kill = tracker.killInstance('web.instance-u1', 'Decommissioned', clock.advanceSeconds(1));
    expect(kill.result?.goal).toBe('Decommissioned');
    expect(commands(kill.effects)).toEqual([
      'persist web.instance-u1 Running/Decommissioned',
      'kill web.instance-u1.1 (Requested)',
    ]);
    expect(eventTypes(kill.effects)).toEqual(['instance_changed_event:Running']);
    const killing = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_KILLING'), clock.advanceSeconds(1));
    expect(commands(killing.effects)).toEqual(['persist web.instance-u1 Killing/Decommissioned']);
    const killed = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_KILLED'), clock.advanceSeconds(1));
    expect(commands(killed.effects)).toEqual(['expunge web.instance-u1']);
    expect(tracker.size).toBe(0);
  });

  it('Stopped: kills the task and keeps the instance, never relaunched', () => {
    const { tracker, clock } = runningWeb();
    tracker.killInstance('web.instance-u1', 'Stopped', clock.advanceSeconds(1));
    const killed = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_KILLED'), clock.advanceSeconds(1));
    expect(commands(killed.effects)).toEqual(['persist web.instance-u1 Killed/Stopped']);
    expect(tracker.scheduledOf('/web')).toEqual([]);
  });

  it('an instance without a task, or unreachable, is expunged at once when decommissioned', () => {
    const clock = new FakeClock();
    const core = newCore([appDef('/web')]);
    core.tracker.schedule(core.apps.get('/web') as AppDefinition, 2, clock.nowMs);
    const scheduled = core.tracker.killInstance('web.instance-u1', 'Decommissioned', clock.nowMs);
    expect([scheduled.result, commands(scheduled.effects)]).toEqual([undefined, ['expunge web.instance-u1']]);
    core.tracker.provision('web.instance-u2', placement(), clock.nowMs);
    core.tracker.statusUpdate(status('web.instance-u2.1', 'TASK_UNREACHABLE'), clock.advanceSeconds(1));
    const unreachable = core.tracker.killInstance('web.instance-u2', 'Decommissioned', clock.nowMs);
    expect(commands(unreachable.effects)).toEqual(['expunge web.instance-u2']);
    // It comes back: not ours any more.
    const back = core.tracker.statusUpdate(status('web.instance-u2.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect([back.result, commands(back.effects)]).toEqual(['not-ours', ['kill web.instance-u2.1 (Unknown)']]);
  });

  it('a stopped instance whose task comes back running is killed again', () => {
    const { tracker, clock } = runningWeb();
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.advanceSeconds(1));
    const stop = tracker.killInstance('web.instance-u1', 'Stopped', clock.advanceSeconds(1));
    expect(commands(stop.effects)).toEqual(['persist web.instance-u1 Unreachable/Stopped']);
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toEqual([
      'persist web.instance-u1 Running/Stopped',
      'kill web.instance-u1.1 (Requested)',
    ]);
  });
});

describe('unreachable instances (inactive after 300 s, expunged after 600 s by default)', () => {
  it('becomes inactive and is replaced after inactiveAfterSeconds; expunged after expungeAfterSeconds', () => {
    const { tracker, clock } = runningWeb({
      unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 },
    });
    const lost = clock.advanceSeconds(10);
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), lost);
    expect(tracker.get('web.instance-u1')).toMatchObject({ condition: 'Unreachable', sinceMs: lost });
    // inactive at lost + 60 s, expunged at lost + 120 s
    expect(tracker.nextTimerAtMs()).toBe(lost + 60_000);
    // A repeated TASK_UNREACHABLE does not restart the clock.
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), lost + 30_000);
    expect(tracker.nextTimerAtMs()).toBe(lost + 60_000);
    expect(tracker.tick(lost + 59_999).effects).toEqual([]);

    const inactive = tracker.tick(lost + 60_000);
    expect(commands(inactive.effects)).toEqual([
      'persist web.instance-u1 UnreachableInactive/Running',
      'persist web.instance-u2 Scheduled/Running',
      'replace web.instance-u1 by web.instance-u2',
    ]);
    expect(eventTypes(inactive.effects)).toEqual([
      'instance_changed_event:UnreachableInactive',
      'instance_changed_event:Scheduled',
    ]);
    expect(tracker.get('web.instance-u1')).toMatchObject({ replacedBy: 'web.instance-u2', sinceMs: lost });
    expect(tracker.scheduledOf('/web').map((i) => i.instanceId)).toEqual(['web.instance-u2']);
    expect(tracker.nextTimerAtMs()).toBe(lost + 120_000);
    // Still unreachable: stays inactive, same timer.
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), lost + 90_000);
    expect(tracker.get('web.instance-u1')?.condition).toBe('UnreachableInactive');
    expect(tracker.nextTimerAtMs()).toBe(lost + 120_000);

    const expunged = tracker.tick(lost + 120_000);
    expect(commands(expunged.effects)).toEqual(['expunge web.instance-u1']);
    expect(tracker.nextTimerAtMs()).toBeUndefined();
    // Its task comes back after the expunge: it is not ours.
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), lost + 130_000);
    expect(commands(back.effects)).toEqual(['kill web.instance-u1.1 (Unknown)']);
  });

  it('any step applies what is due at its time (one tick for both timeouts when late)', () => {
    const { tracker, clock } = runningWeb({
      unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 },
    });
    const lost = clock.advanceSeconds(10);
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), lost);
    const late = tracker.statusUpdate(status('db.instance-x.1', 'TASK_FAILED'), lost + 500_000);
    expect(commands(late.effects)).toEqual([
      'persist web.instance-u2 Scheduled/Running',
      'replace web.instance-u1 by web.instance-u2',
      'expunge web.instance-u1',
    ]);
  });

  it('inactiveAfterSeconds 0: replaced in the same step', () => {
    const { tracker, clock } = runningWeb({
      unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 10 },
    });
    const step = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.advanceSeconds(1));
    expect(commands(step.effects)).toContain('replace web.instance-u1 by web.instance-u2');
    expect(tracker.nextTimerAtMs()).toBe(clock.nowMs + 10_000);
  });

  it('"disabled": never inactive, never expunged', () => {
    const { tracker, clock } = runningWeb({ unreachableStrategy: 'disabled' });
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.advanceSeconds(1));
    expect(tracker.nextTimerAtMs()).toBeUndefined();
    expect(tracker.tick(clock.advanceSeconds(1e6)).effects).toEqual([]);
    expect(tracker.get('web.instance-u1')?.condition).toBe('Unreachable');
  });

  it('back before inactive: simply running again', () => {
    const { tracker, clock } = runningWeb();
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.advanceSeconds(1));
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(100));
    expect(commands(back.effects)).toEqual(['persist web.instance-u1 Running/Running']);
    expect(tracker.nextTimerAtMs()).toBeUndefined();
  });

  it('an inactive instance that ends is expunged: its replacement carries on', () => {
    const { tracker, clock } = runningWeb({
      unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 600 },
    });
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.nowMs);
    tracker.tick(clock.advanceSeconds(60));
    const gone = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_GONE'), clock.advanceSeconds(1));
    expect(commands(gone.effects)).toEqual(['expunge web.instance-u1']);
    expect(tracker.scheduledOf('/web').map((i) => i.instanceId)).toEqual(['web.instance-u2']);
  });

  /** web.instance-u1 unreachable then inactive; its replacement web.instance-u2 in `replacementState`. */
  function returning(killSelection: AppDefinition['killSelection'], replacementLaunched: boolean) {
    const core = runningWeb({
      killSelection,
      unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 600 },
    });
    const { tracker, clock } = core;
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.advanceSeconds(1));
    tracker.tick(clock.advanceSeconds(60));
    if (replacementLaunched) {
      tracker.provision('web.instance-u2', placement('agent-2'), clock.advanceSeconds(1));
      tracker.statusUpdate(
        status('web.instance-u2.1', 'TASK_RUNNING', { agentId: 'agent-2' }),
        clock.advanceSeconds(1),
      );
    }
    return core;
  }

  it('comes back running while its replacement runs: YOUNGEST_FIRST kills the replacement', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', true);
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toEqual([
      'persist web.instance-u1 Running/Running',
      'persist web.instance-u2 Running/Decommissioned',
      'kill web.instance-u2.1 (Surplus)',
    ]);
    expect(tracker.get('web.instance-u1')?.replacedBy).toBeUndefined();
    const killed = tracker.statusUpdate(status('web.instance-u2.1', 'TASK_KILLED'), clock.advanceSeconds(1));
    expect(commands(killed.effects)).toEqual(['expunge web.instance-u2']);
    expect(tracker.instancesOf('/web').map((i) => `${i.instanceId} ${i.condition}`)).toEqual([
      'web.instance-u1 Running',
    ]);
  });

  it('comes back running while its replacement runs: OLDEST_FIRST kills the one that came back', () => {
    const { tracker, clock } = returning('OLDEST_FIRST', true);
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toEqual([
      'persist web.instance-u1 Running/Decommissioned',
      'kill web.instance-u1.1 (Surplus)',
    ]);
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_KILLED'), clock.advanceSeconds(1));
    expect(tracker.instancesOf('/web').map((i) => `${i.instanceId} ${i.condition}`)).toEqual([
      'web.instance-u2 Running',
    ]);
  });

  it('comes back before its replacement was launched: the replacement is dropped', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', false);
    expect(tracker.scheduledOf('/web')).toHaveLength(1);
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toEqual(['expunge web.instance-u2', 'persist web.instance-u1 Running/Running']);
    expect(tracker.scheduledOf('/web')).toEqual([]);
  });

  it('comes back while its replacement is launching: decided when the replacement runs', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', false);
    tracker.provision('web.instance-u2', placement('agent-2'), clock.advanceSeconds(1));
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toEqual(['persist web.instance-u1 Running/Running']);
    expect(tracker.get('web.instance-u1')?.replacedBy).toBe('web.instance-u2');
    const replacementRuns = tracker.statusUpdate(status('web.instance-u2.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(replacementRuns.effects)).toEqual([
      'persist web.instance-u1 Running/Running',
      'persist web.instance-u2 Running/Decommissioned',
      'kill web.instance-u2.1 (Surplus)',
    ]);
  });

  it('comes back while its replacement is launching: the replacement that ends is expunged, not relaunched', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', false);
    tracker.provision('web.instance-u2', placement('agent-2'), clock.advanceSeconds(1));
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    const changes: InstanceChange[] = [];
    tracker.subscribe((change) => changes.push(change));
    const ended = tracker.statusUpdate(
      status('web.instance-u2.1', 'TASK_FAILED', { agentId: 'agent-2' }),
      clock.advanceSeconds(1),
    );
    // The one that came back carries on; the slot of the replacement is not relaunched, so
    // no `replace` notice (nor a Scheduled instance) for an instance the same step drops.
    expect(commands(ended.effects)).toEqual(['expunge web.instance-u2', 'persist web.instance-u1 Running/Running']);
    expect(eventTypes(ended.effects)).toEqual(['status_update_event', 'instance_changed_event:Failed']);
    expect(changes.map((c) => c.after?.condition)).not.toContain('Scheduled');
    expect(tracker.get('web.instance-u1')?.replacedBy).toBeUndefined();
    expect(tracker.scheduledOf('/web')).toEqual([]);
    expect(tracker.instancesOf('/web').map((i) => `${i.instanceId} ${i.condition}`)).toEqual([
      'web.instance-u1 Running',
    ]);
  });

  it('comes back while its replacement is launching, then the replacement is lost: the one that came back keeps the slot', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', false);
    tracker.provision('web.instance-u2', placement('agent-2'), clock.advanceSeconds(1));
    tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    const lost = tracker.statusUpdate(
      status('web.instance-u2.1', 'TASK_UNREACHABLE', { agentId: 'agent-2' }),
      clock.advanceSeconds(1),
    );
    expect(commands(lost.effects)).toEqual(['expunge web.instance-u2', 'persist web.instance-u1 Running/Running']);
    expect(tracker.get('web.instance-u1')?.replacedBy).toBeUndefined();
    // No timer left, and nothing replaces the lost replacement later: one instance holds the one slot.
    expect(tracker.nextTimerAtMs()).toBeUndefined();
    expect(tracker.tick(clock.advanceSeconds(10_000)).effects).toEqual([]);
    expect(tracker.instancesOf('/web').map((i) => `${i.instanceId} ${i.condition}`)).toEqual([
      'web.instance-u1 Running',
    ]);
    // Its task comes back: not ours any more.
    const back = tracker.statusUpdate(
      status('web.instance-u2.1', 'TASK_RUNNING', { agentId: 'agent-2' }),
      clock.advanceSeconds(1),
    );
    expect(commands(back.effects)).toEqual(['kill web.instance-u2.1 (Unknown)']);
  });

  it('comes back after its replacement was lost and replaced in turn: one instance per slot', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', true);
    tracker.statusUpdate(status('web.instance-u2.1', 'TASK_UNREACHABLE', { agentId: 'agent-2' }), clock.nowMs);
    tracker.tick(clock.advanceSeconds(60));
    expect(tracker.get('web.instance-u2')?.replacedBy).toBe('web.instance-u3');
    tracker.provision('web.instance-u3', placement('agent-3'), clock.advanceSeconds(1));
    tracker.statusUpdate(status('web.instance-u3.1', 'TASK_RUNNING', { agentId: 'agent-3' }), clock.advanceSeconds(1));
    // The first one comes back: the lost replacement goes, and between the two that run
    // YOUNGEST_FIRST keeps the first.
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toEqual([
      'expunge web.instance-u2',
      'persist web.instance-u1 Running/Running',
      'persist web.instance-u3 Running/Decommissioned',
      'kill web.instance-u3.1 (Surplus)',
    ]);
    tracker.statusUpdate(status('web.instance-u3.1', 'TASK_KILLED', { agentId: 'agent-3' }), clock.advanceSeconds(1));
    expect(tracker.instancesOf('/web').map((i) => `${i.instanceId} ${i.condition}`)).toEqual([
      'web.instance-u1 Running',
    ]);
    expect(tracker.get('web.instance-u1')?.replacedBy).toBeUndefined();
  });

  it('comes back after its replacement was lost and replaced by one not launched yet: that one is dropped', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', true);
    tracker.statusUpdate(status('web.instance-u2.1', 'TASK_UNREACHABLE', { agentId: 'agent-2' }), clock.nowMs);
    tracker.tick(clock.advanceSeconds(60));
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toContain('expunge web.instance-u3');
    expect(tracker.scheduledOf('/web')).toEqual([]);
    expect(tracker.instancesOf('/web').map((i) => `${i.instanceId} ${i.condition}`)).toEqual([
      'web.instance-u1 Running',
    ]);
  });

  it('comes back with a goal other than Running: killed again, its replacement keeps the slot', () => {
    const { tracker, clock } = returning('YOUNGEST_FIRST', false);
    tracker.killInstance('web.instance-u1', 'Stopped', clock.advanceSeconds(1));
    const back = tracker.statusUpdate(status('web.instance-u1.1', 'TASK_RUNNING'), clock.advanceSeconds(1));
    expect(commands(back.effects)).toEqual([
      'persist web.instance-u1 Running/Stopped',
      'kill web.instance-u1.1 (Requested)',
    ]);
    expect(tracker.scheduledOf('/web').map((i) => i.instanceId)).toEqual(['web.instance-u2']);
    // Launched, its task ends: the slot is relaunched like any other.
    tracker.provision('web.instance-u2', placement('agent-2'), clock.advanceSeconds(1));
    const ended = tracker.statusUpdate(
      status('web.instance-u2.1', 'TASK_FAILED', { agentId: 'agent-2' }),
      clock.advanceSeconds(1),
    );
    expect(commands(ended.effects)).toEqual([
      'persist web.instance-u2 Scheduled/Running',
      'replace web.instance-u2 by web.instance-u2',
    ]);
    expect(tracker.scheduledOf('/web').map((i) => i.instanceId)).toEqual(['web.instance-u2']);
  });
});

describe('load', () => {
  it('restores instances; the next tick applies what fell due meanwhile', () => {
    const { tracker: before, clock } = runningWeb({
      unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 },
    });
    before.statusUpdate(status('web.instance-u1.1', 'TASK_UNREACHABLE'), clock.nowMs);
    const restarted = newCore(
      [appDef('/web', { unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 } })],
      new CountingIds('r'),
    );
    restarted.tracker.load([...before.all()], clock.nowMs);
    expect(restarted.tracker.nextTimerAtMs()).toBe(clock.nowMs + 60_000);
    const tick = restarted.tracker.tick(clock.advanceSeconds(200));
    expect(commands(tick.effects)).toEqual([
      'persist web.instance-r1 Scheduled/Running',
      'replace web.instance-u1 by web.instance-r1',
      'expunge web.instance-u1',
    ]);
  });
});
