/**
 * The ledger across leader changes: a simulated store that holds only what was
 * persisted, leaders that crash (sometimes before their last step was
 * written), a cluster that runs what was launched, and a clock that jumps.
 * Whatever happens, every scheduled time of every job from its first cursor
 * on is recorded exactly once — run, or counted in a Skipped record — and no
 * run ever has two tasks that ran.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RunLedger,
  TERMINAL_RUN_STATES,
  firstOccurrenceAtOrAfter,
  occurrenceAfter,
  runKey,
  type JobState,
  type LedgerEffect,
  type Run,
} from '../src/core/index.js';
import { at, iso, job } from './ledger-fixtures.js';

/** What a fenced Redis holds: only persisted effects. */
class Store {
  readonly jobs = new Map<string, JobState>();
  readonly runs = new Map<string, Run>();
  apply(effects: readonly LedgerEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'persistJob') this.jobs.set(effect.state.job.name, effect.state);
      else if (effect.type === 'deleteJob') this.jobs.delete(effect.name);
      else if (effect.type === 'persistRun') {
        // A run is recorded once: later writes of it keep its record and extend its attempts.
        const before = this.runs.get(runKey(effect.run.id));
        if (before !== undefined) {
          expect(effect.run.recordedAtMs, `${runKey(effect.run.id)} recorded twice`).toBe(before.recordedAtMs);
          expect(effect.run.attempts.slice(0, before.attempts.length).map((a) => a.taskId)).toEqual(
            before.attempts.map((a) => a.taskId),
          );
        }
        this.runs.set(runKey(effect.run.id), effect.run);
      } else if (effect.type === 'dropRun') this.runs.delete(runKey(effect.id));
    }
  }
}

type Command =
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'tick'; readonly lost: boolean }
  | { readonly kind: 'crash' }
  | { readonly kind: 'launch'; readonly lost: boolean }
  | { readonly kind: 'task'; readonly pick: number; readonly outcome: 'run' | 'finish' | 'fail' | 'vanish' };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 20_000 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 600_000 }) }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tick' as const), lost: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('launch' as const), lost: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('task' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('run' as const, 'finish' as const, 'fail' as const, 'vanish' as const),
    }),
  },
);

const jobSpec = fc.record({
  periodSeconds: fc.integer({ min: 1, max: 30 }),
  offsetSeconds: fc.integer({ min: -120, max: 120 }),
  epsilonSeconds: fc.integer({ min: 0, max: 90 }),
  policy: fc.constantFrom('ALLOW' as const, 'FORBID' as const, 'REPLACE' as const),
  retries: fc.integer({ min: 0, max: 2 }),
});

describe('run ledger (property)', () => {
  it('every scheduled time is recorded exactly once across leader changes; no run runs twice', () => {
    fc.assert(
      fc.property(
        fc.array(jobSpec, { minLength: 1, maxLength: 3 }),
        fc.array(command, { maxLength: 80 }),
        (specs, commands) => {
          const t0 = at('2026-06-01T00:00:00Z');
          let now = t0;
          const store = new Store();
          let leader = new RunLedger({ historyPerJob: 100_000 });
          const firstCursor = new Map<string, number>();
          specs.forEach((spec, index) => {
            const start = new Date(t0 + spec.offsetSeconds * 1000).toISOString();
            const definition = job(`job-${index}`, iso(`R/${start}/PT${spec.periodSeconds}S`), {
              epsilonMs: spec.epsilonSeconds * 1000,
              concurrencyPolicy: spec.policy,
              retries: spec.retries,
            });
            const put = leader.putJob(definition, now);
            store.apply(put.effects);
            firstCursor.set(definition.name, put.result.next?.atMs ?? Number.POSITIVE_INFINITY);
          });
          /** The cluster: tasks that were sent (their launch persisted), and which of them ever ran. */
          const sent = new Map<string, { running: boolean; ended: boolean }>();
          const ranByRun = new Map<string, Set<string>>();

          const newLeader = (): void => {
            leader = new RunLedger({ historyPerJob: 100_000 });
            leader.load([...store.jobs.values()], [...store.runs.values()]);
            // Reconciliation: the master answers for every active run's current task.
            for (const run of leader.allActiveRuns()) {
              const attempt = run.attempts.at(-1);
              if (attempt === undefined || attempt.endedAtMs !== undefined) continue;
              const task = sent.get(attempt.taskId);
              const state =
                task === undefined || task.ended ? 'TASK_UNKNOWN' : task.running ? 'TASK_RUNNING' : 'TASK_STAGING';
              store.apply(leader.taskStatus({ taskId: attempt.taskId, state }, now).effects);
            }
          };

          for (const next of commands) {
            switch (next.kind) {
              case 'advance':
                now += next.ms;
                break;
              case 'tick': {
                const step = leader.tick(now);
                if (next.lost)
                  newLeader(); // crashed before the write: the step never happened
                else store.apply(step.effects);
                break;
              }
              case 'crash':
                newLeader();
                break;
              case 'launch': {
                const run = leader.waitingRuns()[0];
                if (run === undefined) break;
                const step = leader.launching(run.id, { agentId: 'a', hostname: 'h' }, now);
                if (next.lost) {
                  newLeader(); // crashed before the write: no Accept was sent
                  break;
                }
                store.apply(step.effects);
                sent.set(step.result.taskId, { running: false, ended: false });
                break;
              }
              case 'task': {
                const live = [...sent].filter(([, task]) => !task.ended);
                const picked = live[next.pick % Math.max(1, live.length)];
                if (picked === undefined) break;
                const [taskId, task] = picked;
                let state: 'TASK_RUNNING' | 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_DROPPED';
                if (next.outcome === 'run') {
                  if (task.running) break;
                  task.running = true;
                  state = 'TASK_RUNNING';
                  const run = leader.runOfTask(taskId);
                  if (run !== undefined) {
                    const key = runKey(run.id);
                    const ran = ranByRun.get(key) ?? new Set<string>();
                    ran.add(taskId);
                    ranByRun.set(key, ran);
                  }
                } else if (next.outcome === 'vanish') {
                  if (task.running) break;
                  task.ended = true;
                  state = 'TASK_DROPPED';
                } else {
                  task.ended = true;
                  state = next.outcome === 'finish' ? 'TASK_FINISHED' : 'TASK_FAILED';
                }
                store.apply(leader.taskStatus({ taskId, state }, now).effects);
                break;
              }
            }
          }
          store.apply(leader.tick(now).effects);

          // Every scheduled time from the first cursor to now: recorded exactly once.
          for (const [name, state] of store.jobs) {
            const schedule = state.job.schedule;
            if (schedule === undefined) continue;
            const runs = [...store.runs.values()].filter((run) => run.id.job === name);
            const covered = new Map<number, number>();
            for (const run of runs) {
              if (run.state === 'Skipped' && run.skippedCount > 1) {
                // Count the occurrences the record stands for.
                let count = 0;
                for (
                  let o = firstOccurrenceAtOrAfter(schedule, run.id.scheduledAtMs, state.anchorMs);
                  o !== undefined && o.atMs <= (run.lastSkippedAtMs as number);
                  o = occurrenceAfter(schedule, o, state.anchorMs)
                ) {
                  covered.set(o.atMs, (covered.get(o.atMs) ?? 0) + 1);
                  count++;
                }
                expect(count).toBe(run.skippedCount);
              } else covered.set(run.id.scheduledAtMs, (covered.get(run.id.scheduledAtMs) ?? 0) + 1);
            }
            for (
              let o = firstOccurrenceAtOrAfter(schedule, firstCursor.get(name) as number, state.anchorMs);
              o !== undefined && o.atMs <= now;
              o = occurrenceAfter(schedule, o, state.anchorMs)
            ) {
              expect(covered.get(o.atMs), `${name} at ${new Date(o.atMs).toISOString()}`).toBe(1);
              covered.delete(o.atMs);
            }
            // Nothing recorded that is not a scheduled time up to now.
            expect([...covered.keys()]).toEqual([]);
            // The cursor is past now.
            expect(state.next === undefined || state.next.atMs > now).toBe(true);
          }
          // No run had two tasks that ran … unless the first one failed and was retried.
          for (const [key, tasks] of ranByRun) {
            const run = store.runs.get(key);
            if (run === undefined) continue;
            const ran = run.attempts.filter((attempt) => tasks.has(attempt.taskId));
            const beforeLast = ran.slice(0, -1);
            for (const attempt of beforeLast) expect(attempt.taskState).toBe('TASK_FAILED');
            expect(run.attempts.filter((a) => a.taskState === 'TASK_FINISHED').length).toBeLessThanOrEqual(1);
            if (TERMINAL_RUN_STATES.has(run.state) && run.state === 'Succeeded')
              expect(run.attempts.at(-1)?.taskState).toBe('TASK_FINISHED');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
