import { describe as suite, expect, it } from 'vitest';
import {
  recurrencesLeft,
  RunLedger,
  RunNotWaitingError,
  taskIdFor,
  UnknownJobError,
  type JobState,
  type Run,
} from '../src/core/index.js';
import { at, cron, describe, iso, job } from './ledger-fixtures.js';

const PLACEMENT = { agentId: 'agent-1', hostname: 'host-1' };

/** Launches the run's waiting attempt and answers its task id. */
function launch(ledger: RunLedger, run: Run, nowMs: number): string {
  return ledger.launching(run.id, PLACEMENT, nowMs).result.taskId;
}

suite('a new job', () => {
  it('runs an occurrence within epsilon of now at once (late), then waits for the next', () => {
    const ledger = new RunLedger();
    const now = at('2026-01-01T00:00:05Z');
    const put = ledger.putJob(job('a', iso('R/2026-01-01T00:00:00Z/PT10S')), now);
    // first occurrence at or after now − 60 s = 00:00:00
    expect(put.result.next?.atMs).toBe(at('2026-01-01T00:00:00Z'));
    expect(describe(ledger.tick(now).effects)).toEqual([
      'run a@2026-01-01T00:00:00.000Z Due attempts=0',
      'event scheduled a@2026-01-01T00:00:00.000Z',
      'job a next=2026-01-01T00:00:10.000Z',
    ]);
    expect(ledger.nextWakeAtMs()).toBe(at('2026-01-01T00:00:10Z'));
    // Idempotent at the same instant.
    expect(ledger.tick(now).effects).toEqual([]);
  });

  it('with a start years ago: waits for the next occurrence on its grid, and replays nothing', () => {
    const ledger = new RunLedger();
    const now = at('2026-12-03T10:00:00Z');
    ledger.putJob(job('daily', iso('R/2012-10-01T05:52:00Z/P1D')), now);
    // 05:52 today is 4 h ago (beyond 60 s): the next is tomorrow 05:52.
    expect(ledger.nextWakeAtMs()).toBe(at('2026-12-04T05:52:00Z'));
    expect(ledger.tick(now).effects).toEqual([]);
    expect(ledger.runsOf('daily')).toEqual([]);
  });

  it("Chronos's own sample (R10 from 2012, PT2S) posted today: ten runs from the next point of its grid", () => {
    const ledger = new RunLedger();
    const now = at('2026-12-03T10:00:00.500Z');
    const put = ledger.putJob(
      job('SAMPLE_JOB1', iso('R10/2012-10-01T05:52:00Z/PT2S'), { epsilonMs: 0, concurrencyPolicy: 'ALLOW' }),
      now,
    );
    // The grid is 05:52:00 + 2 s·k: even seconds. Next at or after now: 10:00:02.
    expect(put.result.job.disabled).toBe(false);
    expect(put.result.next?.atMs).toBe(at('2026-12-03T10:00:02Z'));
    expect(recurrencesLeft(put.result)).toBe(10);
    const recorded: number[] = [];
    for (let t = at('2026-12-03T10:00:02Z'); t <= at('2026-12-03T10:00:30Z'); t += 2000)
      for (const effect of ledger.tick(t).effects)
        if (effect.type === 'persistRun') recorded.push(effect.run.id.scheduledAtMs);
    // 10:00:02, :04, … :20 — ten runs; then it is used up and disabled.
    expect(recorded).toEqual(Array.from({ length: 10 }, (_, k) => at('2026-12-03T10:00:02Z') + k * 2000));
    expect(ledger.job('SAMPLE_JOB1')?.job.disabled).toBe(true);
    expect(recurrencesLeft(ledger.job('SAMPLE_JOB1') as JobState)).toBe(0);
  });

  it('a long epsilon does not replay the past: only the latest occurrence within it runs at once', () => {
    const ledger = new RunLedger();
    const now = at('2026-12-03T10:00:01.000Z');
    // Every 2 s since 2012, epsilon 15 min: 450 occurrences lie within the epsilon; one (10:00:00) runs.
    ledger.putJob(job('sample', iso('R/2012-10-01T05:52:00Z/PT2S'), { epsilonMs: 900_000 }), now);
    const recorded = ledger.tick(now).effects.flatMap((e) => (e.type === 'persistRun' ? [e.run] : []));
    expect(recorded.map((run) => [new Date(run.id.scheduledAtMs).toISOString(), run.state])).toEqual([
      ['2026-12-03T10:00:00.000Z', 'Due'],
    ]);
    expect(ledger.nextWakeAtMs()).toBe(at('2026-12-03T10:00:02Z'));
  });

  it('R0 never runs: disabled at once', () => {
    const ledger = new RunLedger();
    const put = ledger.putJob(job('never', iso('R0/2026-01-01T00:00:00Z/PT1M')), at('2025-01-01T00:00:00Z'));
    expect(describe(put.effects)).toEqual(['job never next=- disabled']);
  });

  it('with an empty start begins when it is created', () => {
    const ledger = new RunLedger();
    const now = at('2026-05-05T12:00:00.250Z');
    ledger.putJob(job('now', iso('R3//PT1M')), now);
    expect(ledger.nextWakeAtMs()).toBe(now);
  });

  it('Rn counts down as runs are recorded; used up, the job is disabled', () => {
    const ledger = new RunLedger();
    const start = at('2026-01-01T00:00:00Z');
    ledger.putJob(job('thrice', iso('R3/2026-01-01T00:00:00Z/PT1M'), { concurrencyPolicy: 'ALLOW' }), start);
    ledger.tick(start);
    ledger.tick(start + 60_000);
    const last = ledger.tick(start + 120_000);
    expect(describe(last.effects)).toEqual([
      'run thrice@2026-01-01T00:02:00.000Z Due attempts=0',
      'event scheduled thrice@2026-01-01T00:02:00.000Z',
      'job thrice next=- disabled',
    ]);
    expect(ledger.nextWakeAtMs()).toBeUndefined();
  });

  it('a cron job in a zone: the first minute that matches', () => {
    const ledger = new RunLedger();
    // 02:30 in Berlin (UTC+1 in January) is 01:30 UTC.
    ledger.putJob(job('nightly', cron('30 2 * * *', 'Europe/Berlin')), at('2026-01-10T12:00:00Z'));
    expect(ledger.nextWakeAtMs()).toBe(at('2026-01-11T01:30:00Z'));
  });
});

suite('a leader away for a while', () => {
  it('records one Skipped record for what is beyond epsilon, then runs what is within it', () => {
    const ledger = new RunLedger();
    const start = at('2026-01-01T00:00:00Z');
    ledger.putJob(job('every10', iso('R/2026-01-01T00:00:00Z/PT10S'), { concurrencyPolicy: 'ALLOW' }), start);
    ledger.tick(start);
    // Back at 01:00:00: occurrences 00:00:10 … 00:58:50 are more than 60 s late
    // (353 of them: indexes 1 … 353, 00:58:50 = 3,530 s), 00:59:00 … 01:00:00 are within (7).
    const back = ledger.tick(at('2026-01-01T01:00:00Z'));
    const lines = describe(back.effects);
    expect(lines[0]).toBe('run every10@2026-01-01T00:00:10.000Z Skipped ×353 to 2026-01-01T00:58:50.000Z attempts=0');
    expect(lines.filter((line) => line.endsWith('Due attempts=0'))).toEqual([
      'run every10@2026-01-01T00:59:00.000Z Due attempts=0',
      'run every10@2026-01-01T00:59:10.000Z Due attempts=0',
      'run every10@2026-01-01T00:59:20.000Z Due attempts=0',
      'run every10@2026-01-01T00:59:30.000Z Due attempts=0',
      'run every10@2026-01-01T00:59:40.000Z Due attempts=0',
      'run every10@2026-01-01T00:59:50.000Z Due attempts=0',
      'run every10@2026-01-01T01:00:00.000Z Due attempts=0',
    ]);
    expect(lines.at(-1)).toBe('job every10 next=2026-01-01T01:00:10.000Z');
    const skipped = ledger.runsOf('every10').find((run) => run.state === 'Skipped');
    expect(skipped?.skipReason).toBe(
      // the first skipped, 00:00:10, is 59 min 50 s before 01:00:00
      'missed by 59.8 min, more than the epsilon of 60 s',
    );
  });

  it('a cron job: the skipped minutes are counted by walking', () => {
    const ledger = new RunLedger();
    const start = at('2026-01-01T00:00:00Z');
    ledger.putJob(job('minutely', cron('* * * * *'), { concurrencyPolicy: 'ALLOW' }), start);
    ledger.tick(start);
    // 00:01 … 00:58 beyond 60 s at 01:00:00 (58 minutes); 00:59 and 01:00 within.
    const lines = describe(ledger.tick(at('2026-01-01T01:00:00Z')).effects);
    expect(lines[0]).toBe('run minutely@2026-01-01T00:01:00.000Z Skipped ×58 to 2026-01-01T00:58:00.000Z attempts=0');
    expect(lines.filter((line) => line.includes(' Due '))).toHaveLength(2);
  });
});

suite('concurrency', () => {
  const start = at('2026-01-01T00:00:00Z');
  const everyMinute = iso('R/2026-01-01T00:00:00Z/PT1M');

  it('FORBID (Chronos: concurrent false): a run due while one is active is skipped', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('f', everyMinute), start);
    ledger.tick(start);
    const lines = describe(ledger.tick(start + 60_000).effects);
    expect(lines[0]).toBe('run f@2026-01-01T00:01:00.000Z Skipped ×1 to 2026-01-01T00:01:00.000Z attempts=0');
    expect(ledger.run({ job: 'f', scheduledAtMs: start + 60_000 })?.skipReason).toBe(
      'concurrencyPolicy FORBID: the run of 2026-01-01T00:00:00.000Z is still active',
    );
  });

  it('ALLOW: both run', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('a', everyMinute, { concurrencyPolicy: 'ALLOW' }), start);
    ledger.tick(start);
    ledger.tick(start + 60_000);
    expect(ledger.activeRuns('a')).toHaveLength(2);
  });

  it('REPLACE: the active run is killed (Killed when its task ends), the new one is due', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('r', everyMinute, { concurrencyPolicy: 'REPLACE' }), start);
    const [first] = ledger.tick(start).effects.flatMap((e) => (e.type === 'persistRun' ? [e.run] : []));
    const taskId = launch(ledger, first as Run, start + 10);
    ledger.taskStatus({ taskId, state: 'TASK_RUNNING' }, start + 20);
    expect(describe(ledger.tick(start + 60_000).effects)).toEqual([
      'run r@2026-01-01T00:00:00.000Z Running attempts=1',
      `kill ${taskId}`,
      'run r@2026-01-01T00:01:00.000Z Due attempts=0',
      'event scheduled r@2026-01-01T00:01:00.000Z',
      'job r next=2026-01-01T00:02:00.000Z',
    ]);
    const killed = ledger.taskStatus({ taskId, state: 'TASK_KILLED' }, start + 61_000);
    expect(killed.result?.state).toBe('Killed');
    // A kill is no failure: the counters do not move.
    expect(ledger.job('r')?.counters.errorCount).toBe(0);
  });
});

suite('attempts', () => {
  const start = at('2026-01-01T00:00:00Z');

  function dueRun(ledger: RunLedger, retries = 2): Run {
    ledger.putJob(job('j', iso('R/2026-01-01T00:00:00Z/PT1H'), { retries }), start);
    ledger.tick(start);
    return ledger.waitingRuns()[0] as Run;
  }

  it('launching records the attempt and its task id before the Accept; only a Due run can be launched', () => {
    const ledger = new RunLedger();
    const run = dueRun(ledger);
    const step = ledger.launching(run.id, PLACEMENT, start + 5);
    expect(step.result).toMatchObject({ attempt: 1, taskId: taskIdFor(run.id, 1), agentId: 'agent-1' });
    expect(step.result.taskId).toBe(`ct:${start}:1:j`);
    expect(describe(step.effects)).toEqual(['run j@2026-01-01T00:00:00.000Z Launched attempts=1']);
    expect(() => ledger.launching(run.id, PLACEMENT, start + 6)).toThrow(RunNotWaitingError);
  });

  it('success: counters, events, and the graph is told', () => {
    const ledger = new RunLedger();
    const run = dueRun(ledger);
    const taskId = launch(ledger, run, start + 5);
    expect(describe(ledger.taskStatus({ taskId, state: 'TASK_RUNNING' }, start + 50).effects)).toEqual([
      'run j@2026-01-01T00:00:00.000Z Running attempts=1',
      'event started j@2026-01-01T00:00:00.000Z',
    ]);
    expect(describe(ledger.taskStatus({ taskId, state: 'TASK_FINISHED', exitCode: 0 }, start + 2000).effects)).toEqual([
      'run j@2026-01-01T00:00:00.000Z Succeeded attempts=1',
      'job j next=2026-01-01T01:00:00.000Z',
      'event succeeded j@2026-01-01T00:00:00.000Z',
      'ended j@2026-01-01T00:00:00.000Z succeeded',
    ]);
    expect(ledger.job('j')?.counters).toEqual({
      successCount: 1,
      errorCount: 0,
      lastSuccessAtMs: start + 2000,
      lastErrorAtMs: undefined,
    });
    const attempt = ledger.runsOf('j')[0]?.attempts[0];
    expect(attempt).toMatchObject({ startedAtMs: start + 50, endedAtMs: start + 2000, exitCode: 0 });
  });

  it('retries 2: up to three attempts, then Failed; the next run gets no retries', () => {
    const ledger = new RunLedger();
    const run = dueRun(ledger, 2);
    for (const attempt of [1, 2, 3]) {
      const taskId = launch(ledger, ledger.run(run.id) as Run, start + attempt * 10);
      expect(taskId).toBe(taskIdFor(run.id, attempt));
      ledger.taskStatus({ taskId, state: 'TASK_RUNNING' }, start + attempt * 10 + 1);
      const failed = ledger.taskStatus({ taskId, state: 'TASK_FAILED', exitCode: 1 }, start + attempt * 10 + 2);
      expect(failed.result?.state).toBe(attempt < 3 ? 'Due' : 'Failed');
    }
    expect(ledger.run(run.id)?.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(ledger.job('j')?.counters.errorCount).toBe(1);
    expect(ledger.job('j')?.lastRunFailed).toBe(true);
    ledger.tick(start + 3_600_000);
    expect(ledger.waitingRuns()[0]?.retriesAllowed).toBe(0);
  });

  it('a launch lost before it ran (TASK_DROPPED, TASK_UNKNOWN) is launched again without using a retry', () => {
    const ledger = new RunLedger();
    const run = dueRun(ledger, 0);
    const first = launch(ledger, run, start + 5);
    expect(ledger.taskStatus({ taskId: first, state: 'TASK_UNKNOWN' }, start + 6).result?.state).toBe('Due');
    const second = ledger.launching(run.id, PLACEMENT, start + 7).result;
    expect(second).toMatchObject({ attempt: 1, taskId: taskIdFor(run.id, 2) });
    // An update of the first launch changes nothing now.
    expect(ledger.taskStatus({ taskId: first, state: 'TASK_RUNNING' }, start + 8).effects).toEqual([]);
    ledger.taskStatus({ taskId: second.taskId, state: 'TASK_RUNNING' }, start + 9);
    expect(ledger.taskStatus({ taskId: second.taskId, state: 'TASK_FAILED' }, start + 10).result?.state).toBe('Failed');
  });

  it('a task no run has is killed, unless it has ended', () => {
    const ledger = new RunLedger();
    expect(describe(ledger.taskStatus({ taskId: 'ct:1:1:gone', state: 'TASK_RUNNING' }, start).effects)).toEqual([
      'kill ct:1:1:gone',
    ]);
    expect(ledger.taskStatus({ taskId: 'ct:1:1:gone', state: 'TASK_FINISHED' }, start).effects).toEqual([]);
  });

  it('killRuns: launched tasks are killed, a run not launched ends Killed at once', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('k', iso('R/2026-01-01T00:00:00Z/PT1M'), { concurrencyPolicy: 'ALLOW' }), start);
    ledger.tick(start);
    ledger.tick(start + 60_000);
    const [older] = ledger.waitingRuns();
    const taskId = launch(ledger, older as Run, start + 60_001);
    const kill = ledger.killRuns('k', start + 60_002);
    expect(kill.result).toEqual([taskId]);
    expect(ledger.activeRuns('k').map((run) => run.state)).toEqual(['Launched']);
    expect(ledger.taskStatus({ taskId, state: 'TASK_KILLED' }, start + 60_003).result?.state).toBe('Killed');
    expect(() => ledger.killRuns('nope', start)).toThrow(UnknownJobError);
  });
});

suite('manual and dependent runs', () => {
  const now = at('2026-02-02T02:02:02.002Z');

  it('runNow: identity (job, now), moved on by a millisecond while taken', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('m', undefined, { parents: ['p'], concurrencyPolicy: 'ALLOW' }), now);
    const first = ledger.runNow('m', 'manual', ['-v'], now).result;
    const second = ledger.runNow('m', 'manual', [], now).result;
    expect([first.id.scheduledAtMs, second.id.scheduledAtMs]).toEqual([now, now + 1]);
    expect(first).toMatchObject({ cause: 'manual', state: 'Due', arguments: ['-v'] });
    expect(() => ledger.runNow('x', 'manual', [], now)).toThrow(UnknownJobError);
  });

  it('a dependent run of a disabled job is skipped; a manual one runs', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('d', undefined, { parents: ['p'], disabled: true }), now);
    expect(ledger.runNow('d', 'dependency', [], now).result.state).toBe('Skipped');
    expect(ledger.runNow('d', 'manual', [], now + 5).result.state).toBe('Due');
  });
});

suite('jobs', () => {
  const start = at('2026-01-01T00:00:00Z');

  it('replacing a job with the same schedule keeps its cursor and counters; a new schedule starts again from now', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('j', iso('R/2026-01-01T00:00:00Z/PT1H')), start);
    ledger.tick(start);
    const same = ledger.putJob(job('j', iso('R/2026-01-01T00:00:00Z/PT1H'), { command: 'echo new' }), start + 10);
    expect(same.result.next?.atMs).toBe(at('2026-01-01T01:00:00Z'));
    const moved = ledger.putJob(job('j', iso('R/2026-01-01T00:30:00Z/PT1H')), start + 20);
    expect(moved.result.next?.atMs).toBe(at('2026-01-01T00:30:00Z'));
  });

  it('disable, then enable: nothing recorded meanwhile, restarts from now', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('j', iso('R/2026-01-01T00:00:00Z/PT1M')), start);
    ledger.setDisabled('j', true, start + 1);
    expect(ledger.tick(start + 3_600_000).effects).toEqual([]);
    const enabled = ledger.setDisabled('j', false, at('2026-01-01T02:00:30Z'));
    // first at or after 02:00:30 − 60 s = 01:59:30 → 02:00:00
    expect(enabled.result.next?.atMs).toBe(at('2026-01-01T02:00:00Z'));
  });

  it('delete: active tasks killed, runs gone', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('j', iso('R/2026-01-01T00:00:00Z/PT1M')), start);
    ledger.tick(start);
    const taskId = launch(ledger, ledger.waitingRuns()[0] as Run, start + 1);
    expect(describe(ledger.deleteJob('j').effects)).toEqual([
      `kill ${taskId}`,
      'drop j@2026-01-01T00:00:00.000Z',
      'delete j',
    ]);
    expect(ledger.runsOf('j')).toEqual([]);
    expect(ledger.runOfTask(taskId)).toBeUndefined();
    expect(() => ledger.deleteJob('j')).toThrow(UnknownJobError);
  });

  it('history: ended runs beyond historyPerJob are dropped, oldest first', () => {
    const ledger = new RunLedger({ historyPerJob: 2 });
    ledger.putJob(job('h', undefined, { parents: ['p'], concurrencyPolicy: 'ALLOW' }), start);
    const drops: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = ledger.runNow('h', 'manual', [], start + i * 1000).result;
      const taskId = launch(ledger, run, start + i * 1000 + 1);
      const end = ledger.taskStatus({ taskId, state: 'TASK_FINISHED' }, start + i * 1000 + 2);
      drops.push(...describe(end.effects).filter((line) => line.startsWith('drop')));
    }
    expect(drops).toEqual(['drop h@2026-01-01T00:00:00.000Z']);
    expect(ledger.runsOf('h')).toHaveLength(2);
    expect(ledger.job('h')?.counters.successCount).toBe(3);
  });

  it('load: a new leader continues from what was persisted', () => {
    const ledger = new RunLedger();
    ledger.putJob(job('j', iso('R/2026-01-01T00:00:00Z/PT1M')), start);
    ledger.tick(start);
    const taskId = launch(ledger, ledger.waitingRuns()[0] as Run, start + 1);
    const next = new RunLedger();
    next.load([...ledger.allJobs()], ledger.runsOf('j'));
    expect(next.runOfTask(taskId)?.state).toBe('Launched');
    expect(next.allActiveRuns()).toHaveLength(1);
    expect(next.nextWakeAtMs()).toBe(start + 60_000);
  });
});
