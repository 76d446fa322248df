import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, StatusUpdateManager, type RetryPolicy } from '../src/core/status-updates.js';
import type { StatusDraft } from '../src/core/types.js';
import { sequentialIds } from './helpers.js';

const policy: RetryPolicy = { initialMs: 2_000, maxMs: 60_000 };

function draft(taskId: string, state: StatusDraft['state'], frameworkId = 'f1'): StatusDraft {
  return { frameworkId, taskId, state, message: '', source: 'executor', timestampMs: 0 };
}

describe('retryDelayMs', () => {
  it.each([
    // initialMs · 2^(attempt−1), capped at maxMs
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [5, 32_000],
    [6, 60_000], // 64 000 capped
    [100, 60_000],
  ])('after send %i → %i ms', (attempt, delay) => {
    expect(retryDelayMs(policy, attempt)).toBe(delay);
  });
});

describe('StatusUpdateManager', () => {
  it('stamps each update with a fresh uuid', () => {
    const manager = new StatusUpdateManager(sequentialIds(), policy);
    expect(manager.enqueue(draft('t1', 'TASK_STARTING')).uuid).toBe('u1');
    expect(manager.enqueue(draft('t1', 'TASK_RUNNING')).uuid).toBe('u2');
    expect(manager.pendingCount).toBe(2);
  });

  it('keeps one update per task in flight and sends the next only after the ack', () => {
    const manager = new StatusUpdateManager(sequentialIds(), policy);
    manager.enqueue(draft('t1', 'TASK_STARTING'));
    manager.enqueue(draft('t1', 'TASK_RUNNING'));
    manager.enqueue(draft('t2', 'TASK_STARTING'));
    expect(manager.takeDue(0).map((u) => [u.taskId, u.state])).toEqual([
      ['t1', 'TASK_STARTING'],
      ['t2', 'TASK_STARTING'],
    ]);
    expect(manager.takeDue(100)).toEqual([]);
    expect(manager.acknowledge('u1').kind).toBe('acknowledged');
    // the next update of t1 is due at once, t2's retry is not yet
    expect(manager.nextRetryAt()).toBe(0);
    expect(manager.takeDue(150).map((u) => u.state)).toEqual(['TASK_RUNNING']);
  });

  it('resends with exponential backoff on a fake clock and stops after the ack', () => {
    const manager = new StatusUpdateManager(sequentialIds(), policy);
    const update = manager.enqueue(draft('t1', 'TASK_RUNNING'));
    const sends: number[] = [];
    // Step the clock to each retry time, as the shell's timer does.
    let now = 0;
    for (let i = 0; i < 8; i++) {
      const due = manager.takeDue(now);
      if (due.length > 0) sends.push(now);
      now = manager.nextRetryAt() ?? Number.POSITIVE_INFINITY;
    }
    // 0, +2 s, +4 s, +8 s, +16 s, +32 s, +60 s (64 capped), +60 s
    expect(sends).toEqual([0, 2_000, 6_000, 14_000, 30_000, 62_000, 122_000, 182_000]);
    expect(manager.acknowledge(update.uuid).kind).toBe('acknowledged');
    expect(manager.nextRetryAt()).toBeUndefined();
    expect(manager.takeDue(1e12)).toEqual([]);
  });

  it('ignores acknowledgements of unknown uuids and of updates not yet in flight', () => {
    const manager = new StatusUpdateManager(sequentialIds(), policy);
    manager.enqueue(draft('t1', 'TASK_STARTING'));
    manager.enqueue(draft('t1', 'TASK_RUNNING'));
    expect(manager.acknowledge('nope')).toEqual({ kind: 'unknown' });
    expect(manager.acknowledge('u2')).toEqual({ kind: 'out-of-order', expectedUuid: 'u1' });
    expect(manager.pendingCount).toBe(2);
    expect(manager.acknowledge('u1').kind).toBe('acknowledged');
    expect(manager.acknowledge('u1')).toEqual({ kind: 'unknown' });
  });

  it('retryAllNow makes every in-flight update due and restarts its backoff', () => {
    const manager = new StatusUpdateManager(sequentialIds(), policy);
    manager.enqueue(draft('t1', 'TASK_RUNNING'));
    manager.takeDue(0);
    manager.takeDue(2_000);
    expect(manager.nextRetryAt()).toBe(6_000);
    manager.retryAllNow();
    expect(manager.takeDue(2_500)).toHaveLength(1);
    expect(manager.nextRetryAt()).toBe(4_500);
  });

  it('drops every update of a removed framework', () => {
    const manager = new StatusUpdateManager(sequentialIds(), policy);
    manager.enqueue(draft('t1', 'TASK_RUNNING', 'f1'));
    manager.enqueue(draft('t1', 'TASK_KILLED', 'f1'));
    manager.enqueue(draft('t2', 'TASK_RUNNING', 'f2'));
    expect(manager.dropFramework('f1')).toBe(2);
    expect(manager.pending().map((u) => u.frameworkId)).toEqual(['f2']);
    expect(manager.acknowledge('u1')).toEqual({ kind: 'unknown' });
  });

  it('restores checkpointed updates with their uuids, skipping ones already pending', () => {
    const manager = new StatusUpdateManager(sequentialIds('new'), policy);
    const restored = [
      { ...draft('t1', 'TASK_RUNNING'), uuid: 'a' },
      { ...draft('t1', 'TASK_FINISHED'), uuid: 'b' },
    ];
    manager.restore(restored);
    manager.restore(restored);
    expect(manager.pending().map((u) => u.uuid)).toEqual(['a', 'b']);
  });

  it('property: per task, updates go out in enqueue order, one at a time, and each until acknowledged', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('enqueue' as const), task: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 70_000 }) }),
      fc.record({ kind: fc.constant('ack' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const manager = new StatusUpdateManager(sequentialIds(), policy);
        let now = 0;
        const enqueued = new Map<string, string[]>();
        const inFlight = new Map<string, string>();
        const acked = new Map<string, string[]>();
        const sent: { uuid: string; taskId: string }[] = [];
        for (const o of ops) {
          if (o.kind === 'enqueue') {
            const u = manager.enqueue(draft(o.task, 'TASK_RUNNING'));
            enqueued.set(o.task, [...(enqueued.get(o.task) ?? []), u.uuid]);
          } else if (o.kind === 'tick') {
            now += o.ms;
            for (const u of manager.takeDue(now)) {
              const flying = inFlight.get(u.taskId);
              // never two different updates of one task in flight
              expect(flying === undefined || flying === u.uuid).toBe(true);
              inFlight.set(u.taskId, u.uuid);
              sent.push(u);
            }
          } else if (sent.length > 0) {
            const target = sent[o.pick % sent.length];
            if (target === undefined) continue;
            if (manager.acknowledge(target.uuid).kind === 'acknowledged') {
              inFlight.delete(target.taskId);
              acked.set(target.taskId, [...(acked.get(target.taskId) ?? []), target.uuid]);
            }
          }
        }
        for (const [task, uuids] of acked) {
          // acknowledged updates are a prefix of the enqueue order
          expect(uuids).toEqual((enqueued.get(task) ?? []).slice(0, uuids.length));
          // and exactly the rest is still pending
          expect(manager.pendingFor('f1', task).map((u) => u.uuid)).toEqual(
            (enqueued.get(task) ?? []).slice(uuids.length),
          );
        }
      }),
    );
  });
});
