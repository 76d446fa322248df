/**
 * The TaskTracker's one result per command (`TrackerStep`): for each command,
 * what it journals, what it sends, what the executor is to do, whether a drain
 * completed, and when the retry timer is to fire. One row per command; each
 * row prepares the tracker and returns the step under test.
 */
import { describe, expect, it } from 'vitest';
import { TaskTracker, type LaunchEffect, type RunTaskDecision, type TrackerStep } from '../src/core/task-tracker.js';
import type { FrameworkCapabilities, TaskDescription } from '../src/core/types.js';
import { sequentialIds, taskDescription } from './helpers.js';

const plain: FrameworkCapabilities = { taskKillingState: false, partitionAware: false };
const killingState: FrameworkCapabilities = { taskKillingState: true, partitionAware: false };
/** Retries after 2 s, then 4 s, … (at most 60 s). */
const RETRY = { initialMs: 2_000, maxMs: 60_000 };
/** The time of every row's command (the fixture's updates went out at 0). */
const NOW = 10_000;

function task(taskId: string): TaskDescription {
  return taskDescription(taskId);
}

function launchOf(step: TrackerStep<RunTaskDecision>): LaunchEffect {
  const [effect] = step.effects;
  if (effect?.kind !== 'launch') throw new Error(`expected a launch, got ${step.decision.kind}`);
  return effect;
}

function ackAll(t: TaskTracker, nowMs = 0): TrackerStep<unknown>[] {
  const steps: TrackerStep<unknown>[] = [];
  for (;;) {
    const [update] = t.updates.pending();
    if (update === undefined) return steps;
    steps.push(t.acknowledge(update.uuid, nowMs));
  }
}

/** A connected tracker with task "r" of framework f1 TASK_RUNNING (pid 42, run ID "u1") and every update acknowledged. */
function withRunningTask(options: { journal?: boolean; capabilities?: FrameworkCapabilities } = {}): TaskTracker {
  const t = new TaskTracker({
    workDir: '/var/tessera',
    newUuid: sequentialIds(),
    statusUpdateRetry: RETRY,
    ...(options.journal === undefined ? {} : { journal: options.journal }),
  });
  t.registered(0);
  const { runId } = launchOf(t.runTask(task('r'), options.capabilities ?? plain, 0));
  t.launched('r', runId, 42, 0, '4242');
  ackAll(t);
  return t;
}

/** What a step says, in brief. */
function summary(step: TrackerStep<unknown>) {
  const decision = step.decision as { kind?: string; state?: string } | number | boolean | undefined;
  return {
    decision: typeof decision === 'object' && decision !== null ? (decision.kind ?? decision.state) : decision,
    journal: step.journal.map((record) => record.t),
    send: step.send.map((update) => `${update.taskId}:${update.state}`),
    drained: step.drained,
    effects: step.effects.map(
      (effect) => `${effect.kind}:${effect.kind === 'launch' ? effect.launch.taskId : effect.taskId}`,
    ),
    nextTickAtMs: step.nextTickAtMs,
  };
}

type Row = [
  name: string,
  command: (t: TaskTracker) => TrackerStep<unknown>,
  expected: ReturnType<typeof summary>,
  fixture?: { capabilities: FrameworkCapabilities },
];

// nextTickAtMs: an update sent at NOW = 10 000 is retried at 10 000 + 2 000 = 12 000; with nothing in flight, no timer.
const rows: Row[] = [
  [
    'runTask, new task: journals the run before its STARTING, sends STARTING, launches',
    (t) => t.runTask(task('n'), plain, NOW),
    {
      decision: 'launch',
      journal: ['run', 'update'],
      send: ['n:TASK_STARTING'],
      drained: false,
      effects: ['launch:n'],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'runTask, live task ID: nothing',
    (t) => t.runTask(task('r'), plain, NOW),
    { decision: 'duplicate', journal: [], send: [], drained: false, effects: [], nextTickAtMs: undefined },
  ],
  [
    'runTask, bad task ID: TASK_ERROR, nothing launched',
    (t) => t.runTask(task('a/b'), plain, NOW),
    {
      decision: 'rejected',
      journal: ['update'],
      send: ['a/b:TASK_ERROR'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'runTask, ended task ID: its terminal update again',
    (t) => {
      t.exited('r', 'u1', { exitCode: 0, killed: false, message: '' }, 1);
      ackAll(t);
      return t.runTask(task('r'), plain, NOW);
    },
    {
      decision: 'terminal-again',
      journal: ['update'],
      send: ['r:TASK_FINISHED'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'invalidTask: TASK_ERROR',
    (t) => t.invalidTask('f1', 'x', 'no command', NOW),
    {
      decision: 'TASK_ERROR',
      journal: ['update'],
      send: ['x:TASK_ERROR'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'killTask, running task: journals the kill, kills',
    (t) => t.killTask('f1', 'r', undefined, 'request', NOW),
    { decision: 'killing', journal: ['kill'], send: [], drained: false, effects: ['kill:r'], nextTickAtMs: undefined },
  ],
  [
    'killTask, framework with TASK_KILLING: sends TASK_KILLING too',
    (t) => t.killTask('f1', 'r', undefined, 'request', NOW),
    {
      decision: 'killing',
      journal: ['kill', 'update'],
      send: ['r:TASK_KILLING'],
      drained: false,
      effects: ['kill:r'],
      nextTickAtMs: 12_000,
    },
    { capabilities: killingState },
  ],
  [
    'killTask, unknown task: TASK_LOST',
    (t) => t.killTask('f1', 'ghost', undefined, 'request', NOW),
    {
      decision: 'unknown',
      journal: ['update'],
      send: ['ghost:TASK_LOST'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'killListed (Reregistered.kill_task_ids): kills the known ones',
    (t) => t.killListed(['r', 'ghost'], NOW),
    { decision: 1, journal: ['kill'], send: [], drained: false, effects: ['kill:r'], nextTickAtMs: undefined },
  ],
  [
    'shutdownFramework: kills its tasks',
    (t) => t.shutdownFramework('f1', NOW),
    { decision: 1, journal: ['kill'], send: [], drained: false, effects: ['kill:r'], nextTickAtMs: undefined },
  ],
  [
    'exited after shutdownFramework: TASK_KILLED journaled, then dropped unsent',
    (t) => {
      t.shutdownFramework('f1', 1);
      return t.exited('r', 'u1', { signal: 'SIGTERM', killed: true, message: '' }, NOW);
    },
    // the TASK_KILLED update, the run's end, then the ack that drops the update
    {
      decision: 'TASK_KILLED',
      journal: ['update', 'end', 'ack'],
      send: [],
      drained: false,
      effects: [],
      nextTickAtMs: undefined,
    },
  ],
  [
    'drain: kills every task',
    (t) => t.drain(250, NOW),
    { decision: 1, journal: ['kill'], send: [], drained: false, effects: ['kill:r'], nextTickAtMs: undefined },
  ],
  [
    'acknowledge, the last update after a drain: Drained',
    (t) => {
      t.drain(250, 1);
      t.exited('r', 'u1', { signal: 'SIGTERM', killed: true, message: '' }, 2);
      const [killed] = t.updates.pending();
      return t.acknowledge(killed?.uuid ?? '', NOW);
    },
    { decision: 'acknowledged', journal: ['ack'], send: [], drained: true, effects: [], nextTickAtMs: undefined },
  ],
  [
    'killAll: kills every task',
    (t) => t.killAll('agent-shutdown', NOW),
    { decision: 1, journal: ['kill'], send: [], drained: false, effects: ['kill:r'], nextTickAtMs: undefined },
  ],
  [
    'acknowledge, the head of a task: sends the task’s next update',
    (t) => {
      t.healthChanged('r', 'u1', true, 'ok', 1);
      t.exited('r', 'u1', { exitCode: 0, killed: false, message: '' }, 2);
      const [head] = t.updates.pending();
      return t.acknowledge(head?.uuid ?? '', NOW);
    },
    {
      decision: 'acknowledged',
      journal: ['ack'],
      send: ['r:TASK_FINISHED'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'acknowledge, an unknown uuid: nothing',
    (t) => t.acknowledge('nope', NOW),
    { decision: 'unknown', journal: [], send: [], drained: false, effects: [], nextTickAtMs: undefined },
  ],
  [
    'launched: records the process, TASK_RUNNING',
    (t) => {
      const { runId } = launchOf(t.runTask(task('n'), plain, 1));
      ackAll(t);
      return t.launched('n', runId, 7, NOW, '777');
    },
    {
      decision: true,
      journal: ['started', 'update'],
      send: ['n:TASK_RUNNING'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'launched, killed while launching: kills instead of TASK_RUNNING',
    (t) => {
      const { runId } = launchOf(t.runTask(task('n'), plain, 1));
      ackAll(t);
      t.killTask('f1', 'n', 100, 'request', 2);
      return t.launched('n', runId, 7, NOW, '777');
    },
    { decision: false, journal: ['started'], send: [], drained: false, effects: ['kill:n'], nextTickAtMs: undefined },
  ],
  [
    'launchFailed: TASK_FAILED, the run ends',
    (t) => {
      const { runId } = launchOf(t.runTask(task('n'), plain, 1));
      ackAll(t);
      return t.launchFailed('n', runId, 'ENOENT', NOW);
    },
    {
      decision: 'TASK_FAILED',
      journal: ['update', 'end'],
      send: ['n:TASK_FAILED'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'launchFailed behind an unacknowledged STARTING: queued, not sent yet (one update per task in flight)',
    (t) => {
      const { runId } = launchOf(t.runTask(task('n'), plain, NOW));
      return t.launchFailed('n', runId, 'ENOENT', NOW);
    },
    // STARTING went out at NOW: its retry is due at 10 000 + 2 000 = 12 000
    {
      decision: 'TASK_FAILED',
      journal: ['update', 'end'],
      send: [],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'exited: the terminal update, the run ends',
    (t) => t.exited('r', 'u1', { exitCode: 0, killed: false, message: '' }, NOW),
    {
      decision: 'TASK_FINISHED',
      journal: ['update', 'end'],
      send: ['r:TASK_FINISHED'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'exited, not the current run: nothing',
    (t) => t.exited('r', 'other', { exitCode: 0, killed: false, message: '' }, NOW),
    { decision: undefined, journal: [], send: [], drained: false, effects: [], nextTickAtMs: undefined },
  ],
  [
    'healthChanged: TASK_RUNNING with healthy',
    (t) => t.healthChanged('r', 'u1', false, 'HTTP 500', NOW),
    {
      decision: 'TASK_RUNNING',
      journal: ['update'],
      send: ['r:TASK_RUNNING'],
      drained: false,
      effects: [],
      nextTickAtMs: 12_000,
    },
  ],
  [
    'tick, a retry due: sends it again',
    (t) => {
      t.exited('r', 'u1', { exitCode: 0, killed: false, message: '' }, 0);
      // sent at 0, due again at 0 + 2 000; resent at 2 000, next at 2 000 + 4 000 = 6 000
      return t.tick(2_000);
    },
    { decision: undefined, journal: [], send: ['r:TASK_FINISHED'], drained: false, effects: [], nextTickAtMs: 6_000 },
  ],
  [
    'tick, nothing due: nothing',
    (t) => t.tick(NOW),
    { decision: undefined, journal: [], send: [], drained: false, effects: [], nextTickAtMs: undefined },
  ],
  [
    'disconnected, then a change: journaled, not sent, no timer',
    (t) => {
      t.disconnected();
      return t.exited('r', 'u1', { exitCode: 0, killed: false, message: '' }, NOW);
    },
    {
      decision: 'TASK_FINISHED',
      journal: ['update', 'end'],
      send: [],
      drained: false,
      effects: [],
      nextTickAtMs: undefined,
    },
  ],
  [
    'registered: every pending update is sent again',
    (t) => {
      t.exited('r', 'u1', { exitCode: 0, killed: false, message: '' }, 0);
      t.disconnected();
      return t.registered(NOW);
    },
    { decision: undefined, journal: [], send: ['r:TASK_FINISHED'], drained: false, effects: [], nextTickAtMs: 12_000 },
  ],
];

describe('TrackerStep: one result per command', () => {
  it.each(rows)('%s', (_name, command, expected, fixture) => {
    const t = withRunningTask(fixture ?? {});
    const step = command(t);
    expect(summary(step)).toEqual(expected);
  });

  it('without checkpointing, steps carry no journal records', () => {
    const t = withRunningTask({ journal: false });
    const step = t.runTask(task('n'), plain, NOW);
    expect(summary(step)).toMatchObject({ journal: [], send: ['n:TASK_STARTING'], effects: ['launch:n'] });
  });

  it('recover: the runs to re-adopt; a run that never started ends TASK_FAILED, sent once connected', () => {
    // An earlier agent process accepted run "n" and died before its process started.
    const old = withRunningTask();
    expect(old.runTask(task('n'), plain, 1).journal.map((r) => r.t)).toEqual(['run', 'update']);
    const t = new TaskTracker({ workDir: '/var/tessera', newUuid: sequentialIds('v'), statusUpdateRetry: RETRY });
    const run = old.find('n');
    if (run === undefined) throw new Error('no run n');
    const step = t.recover(
      {
        liveRuns: [{ task: run.task, capabilities: plain, runId: run.runId, sandbox: run.sandbox, ended: false }],
        endedRuns: [],
        pendingUpdates: [],
      },
      NOW,
    );
    expect(summary(step)).toEqual({
      decision: undefined,
      journal: ['update', 'end'],
      send: [], // not connected yet
      drained: false,
      effects: [],
      nextTickAtMs: undefined,
    });
    expect(step.decision).toEqual([]);
    expect(summary(t.registered(NOW)).send).toEqual(['n:TASK_FAILED']);
  });

  it('adopted: a recovered run that was being killed is killed again', () => {
    const t = new TaskTracker({ workDir: '/var/tessera', newUuid: sequentialIds(), statusUpdateRetry: RETRY });
    const recovered = t.recover(
      {
        liveRuns: [
          {
            task: task('k'),
            capabilities: plain,
            runId: 'run-k',
            sandbox: '/var/tessera/sandboxes/f1/k/run-k',
            pid: 9,
            startTime: '99',
            kill: { cause: 'request', gracePeriodMs: 500 },
            ended: false,
          },
        ],
        endedRuns: [],
        pendingUpdates: [],
      },
      NOW,
    );
    expect(recovered.decision.map((r) => [r.launch.taskId, r.pid])).toEqual([['k', 9]]);
    const step = t.adopted('k', 'run-k', NOW);
    expect(step.decision).toBe(true);
    expect(step.effects).toEqual([{ kind: 'kill', taskId: 'k', runId: 'run-k', gracePeriodMs: 500 }]);
    expect(step.journal).toEqual([]);
  });
});
