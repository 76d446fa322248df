import { describe, expect, it } from 'vitest';
import { parseResources } from '@tessera/domain';
import {
  isAllowedTransition,
  limitsOf,
  TaskTracker,
  terminalStatusFor,
  type LaunchEffect,
  type RunTaskDecision,
  type TrackerStep,
} from '../src/core/task-tracker.js';
import type { JournalRecord } from '../src/core/journal-records.js';
import { replay } from '../src/core/journal-replay.js';
import type { FrameworkCapabilities, TaskDescription } from '../src/core/types.js';
import { sequentialIds } from './helpers.js';

const plain: FrameworkCapabilities = { taskKillingState: false, partitionAware: false };
const modern: FrameworkCapabilities = { taskKillingState: true, partitionAware: true };

function task(taskId: string, overrides: Partial<TaskDescription> = {}): TaskDescription {
  return {
    frameworkId: 'f1',
    taskId,
    name: taskId,
    resources: [
      { name: 'cpus', type: 'scalar', scalar: 0.1 },
      {
        name: 'ports',
        type: 'ranges',
        ranges: [
          { begin: 31005, end: 31006 },
          { begin: 31001, end: 31001 },
        ],
      },
    ],
    command: { shell: true, value: 'true', arguments: [] },
    environment: {},
    labels: {},
    uris: [],
    killGracePeriodMs: 3_000,
    ...overrides,
  };
}

function tracker(maxCompletedTasks?: number): TaskTracker {
  return new TaskTracker({
    workDir: '/var/tessera',
    newUuid: sequentialIds(),
    ...(maxCompletedTasks === undefined ? {} : { maxCompletedTasks }),
  });
}

function launchOf(step: TrackerStep<RunTaskDecision>): LaunchEffect {
  if (step.decision.kind !== 'launch') throw new Error(`expected a launch, got ${step.decision.kind}`);
  const [effect] = step.effects;
  if (effect?.kind !== 'launch') throw new Error('expected a launch effect');
  return effect;
}

/** States of the pending updates of a task, oldest first. */
function states(t: TaskTracker, taskId: string, frameworkId = 'f1'): string[] {
  return t.updates.pendingFor(frameworkId, taskId).map((u) => u.state);
}

/** Acknowledges every pending update; true when one of those steps said the drain completed. */
function ackAll(t: TaskTracker, nowMs = 0): boolean {
  let drained = false;
  for (const update of t.updates.pending()) drained = t.acknowledge(update.uuid, nowMs).drained || drained;
  // acknowledging a head makes the next one the head; repeat until empty
  if (t.updates.pendingCount > 0) drained = ackAll(t, nowMs) || drained;
  return drained;
}

describe('TaskTracker lifecycle', () => {
  it('STAGING → STARTING → RUNNING → FINISHED, with a launch effect for the executor', () => {
    const t = tracker();
    const effect = launchOf(t.runTask(task('t1'), plain, 1_000));
    expect(effect.launch).toMatchObject({
      taskId: 't1',
      frameworkId: 'f1',
      // sandbox = <workDir>/sandboxes/<frameworkId>/<taskId>/<runId>; "u1" is the run ID, "u2" STARTING's uuid
      sandbox: '/var/tessera/sandboxes/f1/t1/u1',
      ports: [31001, 31005, 31006],
    });
    expect(t.find('t1')?.state).toBe('TASK_STARTING');
    expect(t.launched('t1', effect.runId, 4242, 1_001).effects).toEqual([]);
    t.exited('t1', effect.runId, { exitCode: 0, killed: false, message: 'Command exited with status 0' }, 1_002);
    expect(states(t, 't1')).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']);
    const finished = t.updates.pendingFor('f1', 't1')[2];
    expect(finished).toMatchObject({ exitCode: 0, source: 'executor', timestampMs: 1_002 });
    expect(t.liveTasks()).toHaveLength(0);
    expect(t.find('t1')?.pid).toBe(4242);
  });

  it('a non-zero exit is TASK_FAILED with the command executor reason', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), plain, 0));
    t.launched('t1', runId, 1, 0);
    t.exited('t1', runId, { exitCode: 3, killed: false, message: 'Command exited with status 3' }, 0);
    expect(t.find('t1')?.latestStatus).toMatchObject({
      state: 'TASK_FAILED',
      reason: 'REASON_COMMAND_EXECUTOR_FAILED',
      message: 'Command exited with status 3',
      exitCode: 3,
    });
  });

  it('a launch failure is TASK_FAILED with REASON_CONTAINER_LAUNCH_FAILED from the agent', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), plain, 0));
    t.launchFailed('t1', runId, 'spawn /nope ENOENT', 0);
    expect(t.find('t1')?.latestStatus).toMatchObject({
      state: 'TASK_FAILED',
      reason: 'REASON_CONTAINER_LAUNCH_FAILED',
      source: 'agent',
      message: 'Failed to launch: spawn /nope ENOENT',
    });
  });

  it('ignores results of a run that is not the current one', () => {
    const t = tracker();
    launchOf(t.runTask(task('t1'), plain, 0));
    expect(t.launched('t1', 'stale-run', 1, 0).effects).toEqual([]);
    t.exited('t1', 'stale-run', { exitCode: 0, killed: false, message: '' }, 0);
    expect(t.find('t1')?.state).toBe('TASK_STARTING');
  });
});

describe('TaskTracker idempotent RunTask', () => {
  it('ignores a second RunTask for a live task ID', () => {
    const t = tracker();
    launchOf(t.runTask(task('t1'), plain, 0));
    expect(t.runTask(task('t1'), plain, 0).decision).toEqual({ kind: 'duplicate' });
    expect(states(t, 't1')).toEqual(['TASK_STARTING']);
  });

  it('answers the terminal status again for a task that ended', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), plain, 0));
    t.launched('t1', runId, 1, 0);
    t.exited('t1', runId, { exitCode: 0, killed: false, message: 'Command exited with status 0' }, 5);
    // still pending: delivery is under way, nothing new
    expect(t.runTask(task('t1'), plain, 10).decision).toEqual({ kind: 'terminal-again', update: undefined });
    ackAll(t);
    const again = t.runTask(task('t1'), plain, 10).decision;
    expect(again.kind).toBe('terminal-again');
    expect(again.kind === 'terminal-again' && again.update).toMatchObject({ state: 'TASK_FINISHED', timestampMs: 5 });
    expect(states(t, 't1')).toEqual(['TASK_FINISHED']);
  });

  it('refuses a task ID that another framework runs here', () => {
    const t = tracker();
    launchOf(t.runTask(task('t1'), plain, 0));
    const decision = t.runTask(task('t1', { frameworkId: 'f2' }), plain, 0).decision;
    expect(decision.kind === 'rejected' && decision.update).toMatchObject({
      frameworkId: 'f2',
      state: 'TASK_ERROR',
      reason: 'REASON_TASK_INVALID',
    });
  });

  it.each(['', '.', '..', 'a/b', 'a\\b', 'tab\there', 'x'.repeat(256)])(
    'refuses task ID %j with TASK_ERROR',
    (taskId) => {
      const t = tracker();
      const decision = t.runTask(task(taskId), plain, 0).decision;
      expect(decision.kind).toBe('rejected');
      expect(decision.kind === 'rejected' && decision.update.state).toBe('TASK_ERROR');
      expect(t.liveTasks()).toHaveLength(0);
    },
  );
});

describe('TaskTracker kills', () => {
  it('answers a kill of an unknown task with TASK_LOST / REASON_TASK_UNKNOWN', () => {
    const t = tracker();
    const decision = t.killTask('f1', 'ghost', undefined, 'request', 7).decision;
    expect(decision.kind === 'unknown' && decision.update).toMatchObject({
      taskId: 'ghost',
      state: 'TASK_LOST',
      reason: 'REASON_TASK_UNKNOWN',
      source: 'agent',
    });
  });

  it('kills a running task with its grace period, once; TASK_KILLED when it exits', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), plain, 0));
    t.launched('t1', runId, 9, 0);
    const kill = t.killTask('f1', 't1', undefined, 'request', 1);
    expect({ ...kill.decision, effects: kill.effects }).toEqual({
      kind: 'killing',
      effects: [{ kind: 'kill', taskId: 't1', runId, gracePeriodMs: 3_000 }],
    });
    expect(t.killTask('f1', 't1', 10, 'request', 2).decision).toEqual({ kind: 'already-killing' });
    t.exited('t1', runId, { signal: 'SIGTERM', killed: true, message: 'Command terminated with signal SIGTERM' }, 3);
    expect(states(t, 't1')).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLED']);
    expect(t.killTask('f1', 't1', undefined, 'request', 4).decision).toEqual({ kind: 'already-terminal' });
  });

  it('sends TASK_KILLING to frameworks that asked for it', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), modern, 0));
    t.launched('t1', runId, 9, 0);
    t.killTask('f1', 't1', 500, 'request', 1);
    expect(states(t, 't1')).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING']);
  });

  it('a kill during launch is carried out once the process started, without TASK_RUNNING', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), plain, 0));
    const kill = t.killTask('f1', 't1', 100, 'request', 1);
    expect({ ...kill.decision, effects: kill.effects }).toEqual({ kind: 'killing', effects: [] });
    expect(t.launched('t1', runId, 9, 2).effects).toEqual([{ kind: 'kill', taskId: 't1', runId, gracePeriodMs: 100 }]);
    t.exited('t1', runId, { signal: 'SIGTERM', killed: true, message: 'Command terminated with signal SIGTERM' }, 3);
    expect(states(t, 't1')).toEqual(['TASK_STARTING', 'TASK_KILLED']);
    expect(t.find('t1')?.latestStatus?.reason).toBe('REASON_TASK_KILLED_DURING_LAUNCH');
  });

  it('ShutdownFramework kills its tasks and drops its updates once they ended', () => {
    const t = tracker();
    const a = launchOf(t.runTask(task('a'), plain, 0));
    const b = launchOf(t.runTask(task('b', { frameworkId: 'f2' }), plain, 0));
    t.launched('a', a.runId, 1, 0);
    t.launched('b', b.runId, 2, 0);
    expect(t.shutdownFramework('f1', 1).effects).toEqual([
      { kind: 'kill', taskId: 'a', runId: a.runId, gracePeriodMs: 3_000 },
    ]);
    t.exited('a', a.runId, { signal: 'SIGTERM', killed: true, message: 'x' }, 2);
    expect(t.updates.pendingFor('f1', 'a')).toEqual([]);
    expect(states(t, 'b', 'f2')).toEqual(['TASK_STARTING', 'TASK_RUNNING']);
  });
});

describe('TaskTracker drain', () => {
  it('refuses new tasks, kills live ones, and is drained once everything is acknowledged', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), plain, 0));
    t.launched('t1', runId, 1, 0);
    expect(t.drain(250, 1).effects).toEqual([{ kind: 'kill', taskId: 't1', runId, gracePeriodMs: 250 }]);
    const refusedPlain = t.runTask(task('t2'), plain, 2).decision;
    const refusedModern = t.runTask(task('t3'), modern, 2).decision;
    expect(refusedPlain.kind === 'rejected' && refusedPlain.update.state).toBe('TASK_LOST');
    expect(refusedModern.kind === 'rejected' && refusedModern.update.state).toBe('TASK_DROPPED');
    expect(refusedModern.kind === 'rejected' && refusedModern.update.reason).toBe('REASON_AGENT_DRAINING');
    expect(t.registered(2).drained).toBe(false);
    const exited = t.exited('t1', runId, { signal: 'SIGTERM', killed: true, message: 'x' }, 3);
    expect(t.find('t1')?.latestStatus?.reason).toBe('REASON_AGENT_DRAINING');
    expect(exited.drained).toBe(false); // updates not yet acknowledged
    t.disconnected();
    expect(t.registered(3).drained).toBe(false); // a reconnection does not end draining
    expect(t.draining).toBe(true);
    expect(ackAll(t, 4)).toBe(true);
    expect(t.tick(4).drained).toBe(false); // announced once; draining is over
    expect(t.draining).toBe(false);
    expect(t.runTask(task('t4'), plain, 4).decision.kind).toBe('launch');
  });
});

describe('TaskTracker reports and recovery', () => {
  it('reports live tasks and ended ones with unacknowledged updates', () => {
    const t = tracker();
    const a = launchOf(t.runTask(task('a'), plain, 0));
    const b = launchOf(t.runTask(task('b'), plain, 0));
    t.launched('a', a.runId, 1, 0);
    t.launched('b', b.runId, 2, 0);
    t.exited('b', b.runId, { exitCode: 0, killed: false, message: '' }, 1);
    expect(t.reports().map((r) => [r.task.taskId, r.latestStatus?.state])).toEqual([
      ['a', 'TASK_RUNNING'],
      ['b', 'TASK_FINISHED'],
    ]);
    ackAll(t);
    expect(t.reports().map((r) => r.task.taskId)).toEqual(['a']);
  });

  it('journals every change, and a new tracker recovers the same tasks and pending updates from the records', () => {
    const t = tracker();
    const records: JournalRecord[] = [];
    const keep = <D>(step: TrackerStep<D>): TrackerStep<D> => {
      records.push(...step.journal);
      return step;
    };
    const a = launchOf(keep(t.runTask(task('a'), plain, 0)));
    const b = launchOf(keep(t.runTask(task('b'), plain, 0)));
    launchOf(keep(t.runTask(task('c'), plain, 0)));
    keep(t.launched('a', a.runId, 11, 1, '1001'));
    keep(t.launched('b', b.runId, 12, 1, '1002'));
    // c never recorded a process: the agent died while launching it.
    keep(t.exited('b', b.runId, { exitCode: 4, killed: false, message: 'Command exited with status 4' }, 2));
    // everything so far acknowledged
    for (;;) {
      const [update] = t.updates.pending();
      if (update === undefined) break;
      keep(t.acknowledge(update.uuid, 2));
    }
    keep(t.killTask('f1', 'a', 500, 'request', 3));
    expect(records.map((r) => r.t)).toContain('started');
    expect(t.tick(4).journal).toEqual([]);

    const state = replay(records);
    const recovered = {
      liveRuns: state.runs.filter((run) => !run.ended),
      endedRuns: state.runs.filter((run) => run.ended),
      pendingUpdates: state.pending.map((p) => p.update),
    };
    const again = tracker();
    const adopt = again.recover(recovered, 10).decision;
    expect(adopt.map((x) => [x.launch.taskId, x.pid, x.startTime])).toEqual([['a', 11, '1001']]);
    expect(adopt[0]?.launch.sandbox).toBe(a.launch.sandbox);
    expect(again.find('a')).toMatchObject({
      state: 'TASK_RUNNING',
      pid: 11,
      kill: { cause: 'request', gracePeriodMs: 500 },
    });
    // c: TASK_FAILED, REASON_AGENT_RESTARTED, after its pending TASK_STARTING.
    expect(states(again, 'c')).toEqual(['TASK_FAILED']);
    expect(again.find('c')?.latestStatus).toMatchObject({ state: 'TASK_FAILED', reason: 'REASON_AGENT_RESTARTED' });
    expect(again.liveTasks().map((r) => r.task.taskId)).toEqual(['a']);
  });

  it('forgets the oldest completed tasks beyond the limit, but not those with pending updates', () => {
    const t = tracker(2);
    for (const id of ['a', 'b', 'c']) {
      const { runId } = launchOf(t.runTask(task(id), plain, 0));
      t.launched(id, runId, 1, 0);
      t.exited(id, runId, { exitCode: 0, killed: false, message: '' }, 0);
    }
    expect(t.completedTasks()).toHaveLength(3); // all still pending
    ackAll(t);
    expect(t.completedTasks().map((r) => r.task.taskId)).toEqual(['b', 'c']);
  });
});

const MEMORY = 'REASON_CONTAINER_LIMITATION_MEMORY' as const;

describe('limitsOf', () => {
  it.each([
    ['cpus:0.5;mem:64', { cpus: 0.5, memMb: 64 }],
    // cpus(eng):1 + cpus:0.5 = 1.5 across roles
    ['cpus:0.5;cpus(eng):1;mem:128', { cpus: 1.5, memMb: 128 }],
    ['cpus:1', { cpus: 1 }],
    ['disk:10', { diskMb: 10 }],
  ])('%s → %o', (text, limits) => {
    expect(limitsOf(task('t', { resources: parseResources(text) }))).toEqual(limits);
  });
});

describe('terminalStatusFor', () => {
  it.each([
    [
      { exitCode: 0, killed: false, message: '' },
      undefined,
      'TASK_FINISHED',
      undefined,
      'Command exited with status 0',
    ],
    [
      { exitCode: 2, killed: false, message: '' },
      undefined,
      'TASK_FAILED',
      'REASON_COMMAND_EXECUTOR_FAILED',
      'Command exited with status 2',
    ],
    [
      { signal: 'SIGSEGV', killed: false, message: '' },
      undefined,
      'TASK_FAILED',
      'REASON_COMMAND_EXECUTOR_FAILED',
      'Command terminated with signal SIGSEGV',
    ],
    [{ exitCode: 0, killed: true, message: 'bye' }, undefined, 'TASK_KILLED', undefined, 'bye'],
    [
      { signal: 'SIGTERM', killed: true, message: 'x' },
      { cause: 'framework-removed' as const, gracePeriodMs: 0, duringLaunch: false },
      'TASK_KILLED',
      'REASON_FRAMEWORK_REMOVED',
      'x',
    ],
    [{ killed: false, message: 'sim', state: 'TASK_LOST' as const }, undefined, 'TASK_LOST', undefined, 'sim'],
    // A container limitation wins, even over a kill that was under way.
    [
      { signal: 'SIGKILL', killed: false, message: 'Memory limit exceeded', limitation: MEMORY },
      undefined,
      'TASK_FAILED',
      MEMORY,
      'Memory limit exceeded',
    ],
    [
      { signal: 'SIGKILL', killed: true, message: 'Memory limit exceeded', limitation: MEMORY },
      { cause: 'request' as const, gracePeriodMs: 3000, duringLaunch: false },
      'TASK_FAILED',
      MEMORY,
      'Memory limit exceeded',
    ],
  ])('%o → %s', (outcome, kill, state, reason, message) => {
    const status = terminalStatusFor(outcome, kill);
    expect(status.state).toBe(state);
    expect(status.reason).toBe(reason);
    expect(status.message).toBe(message);
  });
});

describe('isAllowedTransition', () => {
  it.each([
    ['TASK_STAGING', 'TASK_STARTING', true],
    ['TASK_STARTING', 'TASK_RUNNING', true],
    ['TASK_RUNNING', 'TASK_KILLING', true],
    ['TASK_KILLING', 'TASK_KILLED', true],
    ['TASK_STAGING', 'TASK_FAILED', true],
    ['TASK_RUNNING', 'TASK_STARTING', false],
    ['TASK_KILLING', 'TASK_RUNNING', false],
    ['TASK_FINISHED', 'TASK_RUNNING', false],
    ['TASK_FINISHED', 'TASK_FAILED', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(isAllowedTransition(from, to)).toBe(allowed);
  });
});

describe('TaskTracker health and fetch outcomes', () => {
  function running(t: TaskTracker, taskId: string): string {
    const { runId } = launchOf(t.runTask(task(taskId), plain, 1_000));
    t.launched(taskId, runId, 42, 1_001);
    return runId;
  }

  it('queues TASK_RUNNING with healthy on health changes and carries healthy on later updates', () => {
    const t = tracker();
    const runId = running(t, 't1');
    const update = t.healthChanged('t1', runId, true, 'HTTP 200', 2_000).decision;
    expect(update).toMatchObject({
      state: 'TASK_RUNNING',
      healthy: true,
      reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
      message: 'Health check passed',
    });
    expect(t.healthChanged('t1', 'other-run', false, 'HTTP 500', 2_100).decision).toBeUndefined();
    t.exited('t1', runId, { exitCode: 0, killed: false, message: '' }, 3_000);
    expect(t.find('t1')?.latestStatus).toMatchObject({ state: 'TASK_FINISHED', healthy: true });
  });

  it('ends a task killed for its health TASK_KILLED with the health reason, healthy false and the kill message', () => {
    const t = tracker();
    const runId = running(t, 't1');
    t.healthChanged('t1', runId, false, 'HTTP 404', 2_000);
    const step = t.killTask('f1', 't1', undefined, 'health-check', 2_100, 'Health check failed 3 consecutive times');
    expect({ ...step.decision, effects: step.effects }).toEqual({
      kind: 'killing',
      effects: [{ kind: 'kill', taskId: 't1', runId, gracePeriodMs: 3_000 }],
    });
    // No health update while the task is being killed.
    expect(t.healthChanged('t1', runId, true, 'HTTP 200', 2_200).decision).toBeUndefined();
    t.exited('t1', runId, { signal: 'SIGTERM', killed: true, message: '' }, 2_300);
    expect(t.find('t1')?.latestStatus).toMatchObject({
      state: 'TASK_KILLED',
      reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
      healthy: false,
      message: 'Health check failed 3 consecutive times',
    });
  });

  it('fails a run whose fetch failed with REASON_FETCHER_FAILED', () => {
    const t = tracker();
    const { runId } = launchOf(t.runTask(task('t1'), plain, 1_000));
    t.launchFailed('t1', runId, 'http://x/a: HTTP 404 Not Found', 1_001, 'fetch');
    expect(states(t, 't1')).toEqual(['TASK_STARTING', 'TASK_FAILED']);
    expect(t.find('t1')?.latestStatus).toMatchObject({
      reason: 'REASON_FETCHER_FAILED',
      message: 'Failed to fetch: http://x/a: HTTP 404 Not Found',
    });
  });
});
