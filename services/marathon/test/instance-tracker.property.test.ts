/**
 * The instance tracker over random histories of commands, status updates
 * (current, earlier and foreign tasks, every state) and clock steps:
 * - an instance is never both replaced and running: a `replace` leaves the
 *   replacement Scheduled and the replaced instance not running, and an
 *   inactive instance that runs again never runs alongside its running
 *   replacement (both wanted) at the end of a step;
 * - `nextTimerAtMs` is never in the past (after a step at t it is later than
 *   t) and never late: a tick before it changes nothing, a tick at it changes
 *   something;
 * - every instance's task ID is its instance ID and incarnation; the launch
 *   queue's index is exactly the Scheduled instances with goal Running.
 */
import { TASK_STATES, type TaskState } from '@tessera/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InstanceTracker,
  taskIdFor,
  type AppDefinition,
  type Instance,
  type InstanceStep,
  type KillSelection,
  type UnreachableStrategy,
} from '../src/core/index.js';
import { appDef, CountingIds, FakeClock, newCore, placement, status } from './instance-fixtures.js';

type Command =
  | { readonly kind: 'advance'; readonly seconds: number }
  | { readonly kind: 'schedule'; readonly app: number; readonly count: number }
  /** Launches a waiting instance; `run`: and its task reports TASK_RUNNING at once. */
  | { readonly kind: 'provision'; readonly pick: number; readonly run: boolean }
  | {
      readonly kind: 'status';
      readonly pick: number;
      readonly task: 'current' | 'earlier' | 'foreign';
      readonly state: TaskState;
      readonly reason: string;
      readonly healthy: boolean | undefined;
    }
  /** TASK_RUNNING for an unreachable instance's task (it comes back). */
  | { readonly kind: 'revive'; readonly pick: number }
  | { readonly kind: 'kill'; readonly pick: number; readonly goal: 'Stopped' | 'Decommissioned' }
  | { readonly kind: 'tick' };

// Unreachable and running come often, so that instances go away and come back.
const state: fc.Arbitrary<TaskState> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<TaskState>('TASK_RUNNING', 'TASK_UNREACHABLE') },
  { weight: 2, arbitrary: fc.constantFrom(...TASK_STATES) },
);
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 400 }))
      .map((seconds) => ({ kind: 'advance' as const, seconds })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('schedule' as const),
      app: fc.nat(1),
      count: fc.integer({ min: 0, max: 2 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('provision' as const), pick: fc.nat(), run: fc.boolean() }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      pick: fc.nat(),
      task: fc.constantFrom(
        'current' as const,
        'current' as const,
        'current' as const,
        'earlier' as const,
        'foreign' as const,
      ),
      state,
      reason: fc.constantFrom(
        'REASON_UNSPECIFIED',
        'REASON_AGENT_DISCONNECTED',
        'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
      ),
      healthy: fc.constantFrom(undefined, true, false),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('kill' as const),
      pick: fc.nat(),
      goal: fc.constantFrom('Stopped' as const, 'Decommissioned' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revive' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
);

const strategy: fc.Arbitrary<UnreachableStrategy> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('disabled' as const) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 900 }))
      .map(([inactive, extra]) => ({ inactiveAfterSeconds: inactive, expungeAfterSeconds: inactive + extra })),
  },
);
const killSelection = fc.constantFrom<KillSelection>('YOUNGEST_FIRST', 'OLDEST_FIRST');

const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

/** A copy of the tracker's instances in a fresh tracker (for probing ticks without changing the original). */
function copyOf(tracker: InstanceTracker, apps: (id: string) => AppDefinition | undefined, nowMs: number) {
  const copy = new InstanceTracker({ apps, ids: new CountingIds('copy') });
  copy.load([...tracker.all()], nowMs);
  return copy;
}

describe('instance tracker (property)', () => {
  it('never replaced and running; the timer is never in the past and never late', () => {
    fc.assert(
      fc.property(
        fc.tuple(strategy, strategy),
        fc.tuple(killSelection, killSelection),
        fc.array(command, { minLength: 20, maxLength: 120 }),
        ([strategyA, strategyB], [selectionA, selectionB], commands) => {
          const clock = new FakeClock();
          const apps = [
            appDef('/a', { unreachableStrategy: strategyA, killSelection: selectionA }),
            appDef('/b/c', { unreachableStrategy: strategyB, killSelection: selectionB }),
          ];
          const core = newCore(apps);
          const { tracker } = core;
          const lookup = (id: string) => core.apps.get(id);
          for (const app of apps) tracker.schedule(app, 2, clock.nowMs);
          for (const next of commands) {
            let step: InstanceStep<unknown>;
            const instances = [...tracker.all()];
            switch (next.kind) {
              case 'advance':
                clock.advanceSeconds(next.seconds);
                continue;
              case 'tick':
                step = tracker.tick(clock.nowMs);
                break;
              case 'schedule':
                step = tracker.schedule(apps[next.app] as AppDefinition, next.count, clock.nowMs);
                break;
              case 'provision': {
                const waiting = instances.filter((i) => i.condition === 'Scheduled' && i.goal === 'Running');
                const chosen = pick(waiting, next.pick);
                if (chosen === undefined) continue;
                step = tracker.provision(chosen.instanceId, placement(`agent-${next.pick % 3}`), clock.nowMs);
                if (next.run) {
                  checkReplacements(tracker, step);
                  const taskId = tracker.get(chosen.instanceId)?.taskId as string;
                  step = tracker.statusUpdate(status(taskId, 'TASK_RUNNING'), clock.nowMs);
                }
                break;
              }
              case 'status': {
                const launched = instances.filter((i) => (i.incarnation ?? 0) > 0);
                const chosen = pick(launched, next.pick);
                if (chosen === undefined) continue;
                const incarnation = chosen.incarnation as number;
                const taskId =
                  next.task === 'foreign'
                    ? `x.instance-gone${next.pick}.1`
                    : next.task === 'earlier'
                      ? taskIdFor(chosen.instanceId, Math.max(1, incarnation - 1))
                      : taskIdFor(chosen.instanceId, incarnation);
                const update = status(taskId, next.state, { reason: next.reason, healthy: next.healthy });
                step = tracker.statusUpdate(update, clock.nowMs);
                break;
              }
              case 'revive': {
                const away = instances.filter(
                  (i) => i.condition === 'Unreachable' || i.condition === 'UnreachableInactive',
                );
                const chosen = pick(away, next.pick);
                if (chosen === undefined) continue;
                step = tracker.statusUpdate(status(chosen.taskId as string, 'TASK_RUNNING'), clock.nowMs);
                break;
              }
              case 'kill': {
                const chosen = pick(instances, next.pick);
                if (chosen === undefined) continue;
                step = tracker.killInstance(chosen.instanceId, next.goal, clock.nowMs);
                break;
              }
            }
            checkReplacements(tracker, step);
            checkTimer(tracker, lookup, clock.nowMs);
            checkConsistency(tracker, apps);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

function checkReplacements(tracker: InstanceTracker, step: InstanceStep<unknown>): void {
  for (const effect of step.effects) {
    if (effect.type !== 'replace') continue;
    const replacement = tracker.get(effect.replacementId);
    // The replacement waits for a launch (nothing in the same step launches it).
    expect(replacement?.condition).toBe('Scheduled');
    expect(replacement?.goal).toBe('Running');
    if (effect.replacementId !== effect.instanceId) {
      const replaced = tracker.get(effect.instanceId);
      if (replaced !== undefined) expect(replaced.condition).toBe('UnreachableInactive');
    }
  }
  for (const instance of tracker.all()) {
    if (instance.replacedBy === undefined) continue;
    const replacement = tracker.get(instance.replacedBy);
    const bothRunning =
      instance.condition === 'Running' &&
      instance.goal === 'Running' &&
      replacement?.condition === 'Running' &&
      replacement.goal === 'Running';
    expect(bothRunning).toBe(false);
    // One that came back running waits only for a replacement that is launching:
    // never for one that is lost or replaced itself (that would end with one too many).
    if (instance.condition === 'Running' && instance.goal === 'Running' && replacement?.goal === 'Running') {
      expect(['Provisioned', 'Staging', 'Starting', 'Killing']).toContain(replacement.condition);
      expect(replacement.replacedBy).toBeUndefined();
    }
  }
}

function checkTimer(tracker: InstanceTracker, apps: (id: string) => AppDefinition | undefined, nowMs: number): void {
  const next = tracker.nextTimerAtMs();
  if (next === undefined) {
    expect(copyOf(tracker, apps, nowMs).tick(nowMs + 10_000_000).effects).toEqual([]);
    return;
  }
  // Never in the past.
  expect(next).toBeGreaterThan(nowMs);
  // Never late: nothing changes before it …
  expect(copyOf(tracker, apps, nowMs).tick(next - 1).effects).toEqual([]);
  // … and something does at it.
  expect(copyOf(tracker, apps, nowMs).tick(next).effects).not.toEqual([]);
}

function checkConsistency(tracker: InstanceTracker, apps: readonly AppDefinition[]): void {
  for (const instance of tracker.all()) {
    const incarnation = instance.incarnation ?? 0;
    if (instance.taskId !== undefined) expect(instance.taskId).toBe(taskIdFor(instance.instanceId, incarnation));
    if (instance.condition !== 'Scheduled') {
      expect(instance.taskId).toBeDefined();
    }
  }
  for (const app of apps) {
    const waiting = (i: Instance) => i.condition === 'Scheduled' && i.goal === 'Running';
    expect(
      tracker
        .scheduledOf(app.id)
        .map((i) => i.instanceId)
        .sort(),
    ).toEqual(
      tracker
        .instancesOf(app.id)
        .filter(waiting)
        .map((i) => i.instanceId),
    );
  }
}
